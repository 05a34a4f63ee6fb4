#include "engine/render/particles_style.h"

#include <algorithm>
#include <cmath>

#include "engine/common/status_macros.h"
#include "engine/render/cover_art_layer.h"
#include "engine/render/background.h"
#include "engine/render/random.h"
#include "engine/render/style_kit.h"

namespace beatframe {
namespace {

// Every star in view costs bits in every frame (it moves): 420 at 1080p
// keep the field dense and cost ~6 Mbps at CRF 26 where 650 cost ~8.7.
constexpr float kStarsPer1080p = 420.0f;
// Stars this close to the vanishing point (fractions of the short side)
// fade in: hundreds of crowded specks there read as noise under the core's
// glow, and re-coding them every frame cost more bits than anything else.
constexpr float kCoreFadeStart = 0.04f;
constexpr float kCoreFadeEnd = 0.2f;
constexpr float kRollTurnS = 90.0f;  // one slow revolution of the whole field
// Cruise speed in depth units per second (a star takes 1 / speed seconds
// from the far plane to the viewer), raised by energy and surged by beats.
constexpr float kBaseSpeed = 0.09f;
constexpr float kEnergySpeed = 0.2f;
constexpr float kBeatSurge = 2.4f;  // speed multiplier added at a full hit
// How far back in time a streak's tail reaches: about a frame when
// cruising, stretched into warp lines right after a strong beat.
constexpr float kStreakS = 0.035f;
constexpr float kWarpStreakS = 0.24f;
// Streaks never grow longer than this fraction of the short side (they
// would cost more than they add).
constexpr float kMaxStreak = 0.3f;
// With cover art: the disc's radius as a fraction of the short side, and how
// much it swells on a full beat (a picture pumping harder looks cheap).
constexpr float kCoverRadius = 0.12f;
constexpr float kCoverBeatSwell = 0.06f;

}  // namespace

ParticlesLayout MakeParticlesLayout(int width, int height) {
  ParticlesLayout layout;
  const float w = static_cast<float>(width), h = static_cast<float>(height);
  const float ratio = w / h;
  layout.unit = std::min(w, h);
  layout.center_x = 0.5f * w;
  layout.center_y = (ratio < 0.8f ? 0.42f : 0.45f) * h;
  layout.reach = std::hypot(std::max(layout.center_x, w - layout.center_x),
                            std::max(layout.center_y, h - layout.center_y));
  const TitleBand band = TitleBandFor(width, height);
  layout.title_top = band.top;
  layout.title_bottom = band.bottom;
  return layout;
}

absl::StatusOr<std::unique_ptr<ParticlesStyle>> ParticlesStyle::Create(const RenderPlan& plan) {
  BF_RETURN_IF_ERROR(CheckPlan(plan));
  BF_ASSIGN_OR_RETURN(Palette palette, PlanPalette(plan));
  auto style = std::unique_ptr<ParticlesStyle>(new ParticlesStyle(plan, palette));
  BF_ASSIGN_OR_RETURN(style->title_,
                      MakeTitle(plan, palette, {style->layout_.title_top, style->layout_.title_bottom}));
  return style;
}

ParticlesStyle::ParticlesStyle(const RenderPlan& plan, const Palette& palette)
    : plan_(plan),
      palette_(palette),
      layout_(MakeParticlesLayout(plan.width, plan.height)),
      background_(plan.width, plan.height) {
  BakeBackground(palette_, layout_.center_x, layout_.center_y, plan.seed, background_);
  // A faint nebula around the vanishing point, baked once: a glow this wide
  // would cost a millisecond a frame.
  core_lut_.Build(0.0f, 1.0f, [](float d) { return std::exp(-4.5f * d * d) * (1.0f - d * d); });
  YuvCanvas(background_.view())
      .DrawRadial(core_lut_, layout_.center_x, layout_.center_y, 0.0f, 0.6f * layout_.unit,
                  ToPlanes(palette_.accents[2]), 40, BlendMode::kAdd);

  if (const Picture* cover = PlanCover(plan)) {
    cover_radius_ = kCoverRadius * layout_.unit;
    cover_ = CoverSprite::Disc(*cover, layout_.center_x, layout_.center_y, cover_radius_, kCoverBeatSwell);
  }
  focal_ = 0.5f * layout_.unit;
  SplitMix64 rng(0x57A12F1Eull ^ plan.seed);
  const int count = std::max(
      64, static_cast<int>(std::lround(kStarsPer1080p * plan.width * plan.height / (1920.0f * 1080.0f))));
  stars_.reserve(count);
  for (int i = 0; i < count; ++i) {
    Star star;
    star.angle = rng.Uniform(0.0f, kTwoPi);
    // More stars close to the axis: they make the dense core of the tunnel.
    const float u = rng.Uniform();
    star.radius = 0.02f + 0.6f * u * u;
    // Each star leaves the frame just before it starts over far away, so
    // none pops out of view.
    star.near = std::min(0.9f, focal_ * star.radius / (1.05f * layout_.reach));
    star.offset = rng.Uniform();
    star.rate = rng.Uniform(0.75f, 1.3f);
    star.size = layout_.unit * rng.Uniform(0.0007f, 0.0016f);
    star.twinkle = rng.Uniform(0.0f, kTwoPi);
    const float pick = rng.Uniform();
    star.tint = pick < 0.6f ? 0 : (pick < 0.82f ? 1 : 2);
    stars_.push_back(star);
  }
}

void ParticlesStyle::Advance(const FrameContext& context, float hit) {
  speed_ = (kBaseSpeed + kEnergySpeed * Clamp01(context.energy)) * (1.0f + kBeatSurge * hit);
  if (context.frame_index != last_frame_index_ + 1) {
    // A jump in time: as far as a steady mid-energy flight would have got.
    travel_ = (kBaseSpeed + 0.5f * kEnergySpeed) * (1.0f + 0.4f * kBeatSurge) * context.time_s;
  } else {
    travel_ += speed_ * FrameSeconds(plan_);
  }
  last_frame_index_ = context.frame_index;
}

void ParticlesStyle::Render(const FrameContext& context, FrameView& out) {
  CopyFrame(background_, out);
  YuvCanvas canvas(out);
  const float hit = BeatHit(context);
  Advance(context, hit);
  const Accents accents = AccentsAt(palette_, context);
  const Yuv8 colors[3] = {ToPlanes(Mix(accents.a, kWhite, 0.82f)), ToPlanes(Mix(accents.a, kWhite, 0.25f)),
                          ToPlanes(Mix(accents.b, kWhite, 0.25f))};
  // Warp lines after strong beats only; ordinary beats just surge.
  const float warp = context.strong_beat ? context.beat_pulse : 0.15f * context.beat_pulse;
  DrawStars(context, hit, warp, colors, canvas);

  // The vanishing point: a small hot core that flares on the beat.
  const float energy = Clamp01(context.energy);
  // With cover art the core grows into a halo around the disc.
  const float core_size = cover_ ? 1.4f * cover_radius_ : 0.11f * layout_.unit;
  const float core = core_size * (0.85f + 0.2f * energy + 0.35f * hit);
  canvas.DrawRadial(core_lut_, layout_.center_x, layout_.center_y, 0.0f, core,
                    ToPlanes(Mix(accents.a, kWhite, 0.3f)), Alpha(0.3f + 0.25f * energy + 0.45f * hit),
                    BlendMode::kAdd);
  if (cover_) cover_->Draw(1.0f + kCoverBeatSwell * hit, out);
  title_->Draw(context.time_s, canvas);
  ApplyFades(plan_, context, canvas);
}

void ParticlesStyle::DrawStars(const FrameContext& context, float hit, float warp, const Yuv8 (&colors)[3],
                               YuvCanvas& canvas) const {
  const float t = static_cast<float>(context.time_s);
  const float roll = kTwoPi * t / kRollTurnS;
  const float streak_s = kStreakS + kWarpStreakS * warp;
  const float glow = 0.45f + 0.35f * Clamp01(context.energy) + 0.5f * hit;
  const float travel = static_cast<float>(std::fmod(travel_, 4096.0));
  const float w = static_cast<float>(plan_.width), h = static_cast<float>(plan_.height);
  // While the title shows, stars behind it dim so the text stays readable.
  const float title_dim = 0.7f * title_->Visibility(context.time_s);
  const float margin = 0.04f * layout_.unit;
  for (const Star& star : stars_) {
    const float span = 1.0f - star.near;
    const float progress = std::fmod(star.offset + travel * star.rate / span, 1.0f);
    const float depth = 1.0f - progress * span;
    const float tail_depth = std::min(1.0f, depth + speed_ * star.rate * streak_s);
    const float angle = star.angle + roll;
    const float ux = std::cos(angle), uy = std::sin(angle);
    const float r = focal_ * star.radius / depth;
    const float r_tail = std::max(focal_ * star.radius / tail_depth, r - kMaxStreak * layout_.unit);
    const float x = layout_.center_x + ux * r, y = layout_.center_y + uy * r;
    const float tx = layout_.center_x + ux * r_tail, ty = layout_.center_y + uy * r_tail;
    if ((x < -8.0f || x > w + 8.0f || y < -8.0f || y > h + 8.0f) &&
        (tx < -8.0f || tx > w + 8.0f || ty < -8.0f || ty > h + 8.0f)) {
      continue;
    }
    // Bass lights the stars below the vanishing point, highs those above.
    const float band = BandAt(context, 0.5f - 0.5f * uy);
    const float fade_in = SmoothStep(0.0f, 0.12f, progress) *
                          SmoothStep(kCoreFadeStart * layout_.unit, kCoreFadeEnd * layout_.unit, r);
    const float nearness = 1.0f - depth;
    const float twinkle = 0.8f + 0.2f * std::sin(star.twinkle + 3.0f * t);
    const bool behind_title = y > layout_.title_top - margin && y < layout_.title_bottom + margin;
    const float brightness = fade_in * (0.25f + 0.75f * nearness) * glow * (0.6f + 0.6f * band) * twinkle *
                             (behind_title ? 1.0f - title_dim : 1.0f);
    const float size = star.size * (1.0f + 1.8f * nearness * nearness) * (1.0f + 0.3f * hit);
    const int alpha = Alpha(brightness);
    if (alpha < 4) continue;  // too faint to see: not worth its pixels
    const Yuv8 color = colors[star.tint];
    if (r - r_tail < 0.75f) {  // barely moving: a dot
      canvas.DrawRadial(core_lut_, x, y, 0.0f, 2.2f * size, color, alpha, BlendMode::kAdd);
    } else {
      canvas.DrawCapsule(tx, ty, x, y, size, color, 0, alpha, BlendMode::kAdd);
    }
  }
}

}  // namespace beatframe
