#include "engine/render/tunnel_style.h"

#include <algorithm>
#include <cmath>

#include "engine/common/status_macros.h"
#include "engine/render/cover_art_layer.h"
#include "engine/render/background.h"
#include "engine/render/style_kit.h"

namespace beatframe {
namespace {

// Flight speed: how fast the natural log of a ring's radius grows, per
// second. Rings zoom out exponentially, so consecutive beats' rings stay
// evenly spread across the frame (an endless zoom) instead of crowding the
// centre. Raised by energy, surged by beats.
constexpr float kBaseSpeed = 0.3f;
constexpr float kEnergySpeed = 0.35f;
constexpr float kBeatSurge = 1.5f;
// Spin in radians per second: a slow turn when quiet, brisk when loud.
constexpr float kBaseSpin = 0.1f;
constexpr float kEnergySpin = 0.55f;
// Rings leave once they are this many times the distance to the farthest
// corner (they have faded out by then).
constexpr float kExitReach = 1.2f;

// With cover art: the disc's radius as a fraction of the short side (rings
// are born smaller and come out from behind it), and its swell on a full beat.
constexpr float kCoverRadius = 0.12f;
constexpr float kCoverBeatSwell = 0.06f;

float NominalSpeed() { return (kBaseSpeed + 0.5f * kEnergySpeed) * (1.0f + 0.3f * kBeatSurge); }

}  // namespace

TunnelLayout MakeTunnelLayout(int width, int height) {
  TunnelLayout layout;
  const float w = static_cast<float>(width), h = static_cast<float>(height);
  layout.unit = std::min(w, h);
  layout.center_x = 0.5f * w;
  layout.center_y = (w / h < 0.8f ? 0.42f : 0.45f) * h;
  layout.reach = std::hypot(std::max(layout.center_x, w - layout.center_x),
                            std::max(layout.center_y, h - layout.center_y));
  layout.birth_radius = 0.05f * layout.unit;
  const TitleBand band = TitleBandFor(width, height);
  layout.title_top = band.top;
  layout.title_bottom = band.bottom;
  return layout;
}

absl::StatusOr<std::unique_ptr<TunnelStyle>> TunnelStyle::Create(const RenderPlan& plan) {
  BF_RETURN_IF_ERROR(CheckPlan(plan));
  BF_ASSIGN_OR_RETURN(Palette palette, PlanPalette(plan));
  auto style = std::unique_ptr<TunnelStyle>(new TunnelStyle(plan, palette));
  BF_ASSIGN_OR_RETURN(style->title_,
                      MakeTitle(plan, palette, {style->layout_.title_top, style->layout_.title_bottom}));
  return style;
}

TunnelStyle::TunnelStyle(const RenderPlan& plan, const Palette& palette)
    : plan_(plan),
      palette_(palette),
      layout_(MakeTunnelLayout(plan.width, plan.height)),
      background_(plan.width, plan.height) {
  BakeBackground(palette_, layout_.center_x, layout_.center_y, plan.seed, background_);
  core_lut_.Build(0.0f, 1.0f, [](float d) { return std::exp(-4.5f * d * d) * (1.0f - d * d); });
  // The far end of the tunnel glows faintly; baked, because a glow this
  // wide would cost a millisecond a frame.
  YuvCanvas(background_.view())
      .DrawRadial(core_lut_, layout_.center_x, layout_.center_y, 0.0f, 0.5f * layout_.unit,
                  ToPlanes(palette_.accents[0]), 36, BlendMode::kAdd);
  if (const Picture* cover = PlanCover(plan)) {
    cover_radius_ = kCoverRadius * layout_.unit;
    cover_ = CoverSprite::Disc(*cover, layout_.center_x, layout_.center_y, cover_radius_, kCoverBeatSwell);
  }
}

void TunnelStyle::Spawn(double birth_travel, int beat, bool strong) {
  if (ring_count_ == kMaxRings) {
    std::move(rings_.begin() + 1, rings_.end(), rings_.begin());
    --ring_count_;
  }
  Ring& ring = rings_[ring_count_++];
  ring.birth_travel = birth_travel;
  ring.beat = beat;
  ring.strong = strong;
  // Each ring sits a little turned against the last: a spiral, not a stack.
  ring.twist = 0.21f * static_cast<float>(beat);
}

void TunnelStyle::Advance(const FrameContext& context, float hit) {
  const float energy = Clamp01(context.energy);
  const double dt = FrameSeconds(plan_);
  const double exit_zoom = std::log(kExitReach * layout_.reach / layout_.birth_radius);
  if (context.frame_index != last_frame_index_ + 1) {
    // A jump in time: the flight so far at a steady pace, and the rings a
    // steady beat (period estimated from the phase) would have left.
    const double nominal = NominalSpeed();
    travel_ = nominal * context.time_s;
    spin_ = (kBaseSpin + 0.5f * kEnergySpin) * context.time_s;
    double period = 0.5;
    if (context.beat_index >= 0 && context.beat_phase > 0.05) period = context.since_beat_s / context.beat_phase;
    period = std::clamp(period, 0.25, 1.5);
    const double since =
        context.beat_index >= 0 ? context.since_beat_s : context.beat_phase * period;
    ring_count_ = 0;
    for (int k = kMaxRings - 1; k >= 0; --k) {
      const double age = since + k * period;
      if (nominal * age >= exit_zoom) continue;
      Spawn(travel_ - nominal * age, context.beat_index - k, k == 0 && context.strong_beat);
    }
  } else {
    travel_ += (kBaseSpeed + kEnergySpeed * energy) * (1.0f + kBeatSurge * hit) * dt;
    spin_ += (kBaseSpin + kEnergySpin * energy) * dt;
    if (context.beat_index >= 0 && context.beat_index != last_beat_) {
      Spawn(travel_, context.beat_index, context.strong_beat);
    }
  }
  // Drop the rings that have flown past the viewer (the oldest come first).
  int gone = 0;
  while (gone < ring_count_ && travel_ - rings_[gone].birth_travel >= exit_zoom) ++gone;
  if (gone > 0) {
    std::move(rings_.begin() + gone, rings_.begin() + ring_count_, rings_.begin());
    ring_count_ -= gone;
  }
  last_beat_ = context.beat_index;
  last_frame_index_ = context.frame_index;
}

void TunnelStyle::Render(const FrameContext& context, FrameView& out) {
  CopyFrame(background_, out);
  YuvCanvas canvas(out);
  const float hit = BeatHit(context);
  Advance(context, hit);
  const Accents accents = AccentsAt(palette_, context);
  const Rgb colors[3] = {accents.a, accents.b, accents.c};
  for (int i = ring_count_ - 1; i >= 0; --i) DrawRing(rings_[i], context, hit, colors, out);

  // The vanishing point: a soft core that flares on the beat.
  const float energy = Clamp01(context.energy);
  // With cover art the core grows into a halo around the disc.
  const float core_size = cover_ ? 1.4f * cover_radius_ : 0.1f * layout_.unit;
  const float core = core_size * (0.85f + 0.2f * energy + 0.4f * hit);
  canvas.DrawRadial(core_lut_, layout_.center_x, layout_.center_y, 0.0f, core,
                    ToPlanes(Mix(accents.a, kWhite, 0.4f)), Alpha(0.3f + 0.25f * energy + 0.45f * hit),
                    BlendMode::kAdd);
  if (cover_) cover_->Draw(1.0f + kCoverBeatSwell * hit, out);
  title_->Draw(context.time_s, canvas);
  ApplyFades(plan_, context, canvas);
}

void TunnelStyle::DrawRing(const Ring& ring, const FrameContext& context, float hit, const Rgb (&colors)[3],
                           FrameView& out) {
  const float zoom = static_cast<float>(travel_ - ring.birth_travel);
  // 0 at birth, 1 as it leaves the frame.
  const float exit_zoom = std::log(kExitReach * layout_.reach / layout_.birth_radius);
  const float nearness = Clamp01(zoom / exit_zoom);
  // Every ring jumps a little closer on the beat (a zoom kick).
  const float radius = layout_.birth_radius * std::exp(zoom) * (1.0f + 0.05f * hit);
  const float apothem = radius * std::cos(kTwoPi / (2 * kSides));
  // Born at once with a flash, brighter as it nears, gone past the frame.
  const float fade_in = 0.45f + 0.55f * SmoothStep(0.0f, 0.15f, nearness);
  const float fade_out = 1.0f - SmoothStep(0.8f * layout_.reach, kExitReach * layout_.reach, apothem);
  const float energy = Clamp01(context.energy);
  const float alpha = fade_in * fade_out * (0.45f + 0.3f * energy + 0.35f * hit);
  if (alpha <= 0.004f) return;

  // Neighbouring rings turn opposite ways; deeper rings lag (a helix).
  const float direction = (ring.beat & 1) != 0 ? 1.0f : -1.0f;
  const float angle0 = ring.twist + direction * static_cast<float>(spin_) - 0.6f * nearness;
  std::array<Point2, kSides> corners;
  for (int i = 0; i < kSides; ++i) {
    const float angle = angle0 + kTwoPi * i / kSides;
    const float ux = std::cos(angle), uy = std::sin(angle);
    // Bass pushes out the corners below the centre, highs those above.
    const float band = BandAt(context, 0.5f - 0.5f * uy);
    const float r = radius * (1.0f + 0.18f * band * (0.4f + 0.6f * nearness));
    corners[i] = {layout_.center_x + ux * r, layout_.center_y + uy * r};
  }
  const float unit = layout_.unit;
  const float strong = ring.strong ? 1.5f : 1.0f;
  // Thicker as it nears (perspective), but not in proportion: near rings
  // would turn into slabs.
  const float growth = std::sqrt(radius / layout_.birth_radius);
  const float core = std::min(0.0009f * unit * growth, 0.004f * unit) * strong * (1.0f + 0.4f * hit);
  profile_.Build(core, 0.3f + 0.35f * hit, std::min(2.0f * core, 0.005f * unit));
  const int beat_color = ((ring.beat % 3) + 3) % 3;
  const Rgb color = ring.strong ? Mix(colors[beat_color], kWhite, 0.45f) : colors[beat_color];
  DrawPolyline(out, corners.data(), kSides, true, profile_, ToPlanes(color), Alpha(alpha), BlendMode::kAdd);
  if (ring.strong) {
    // Strong beats leave a doubled ring: a thin echo just inside.
    for (Point2& p : corners) {
      p = {layout_.center_x + 0.9f * (p.x - layout_.center_x), layout_.center_y + 0.9f * (p.y - layout_.center_y)};
    }
    profile_.Build(0.5f * core, 0.25f, 1.5f * core);
    DrawPolyline(out, corners.data(), kSides, true, profile_, ToPlanes(colors[(beat_color + 1) % 3]),
                 Alpha(0.7f * alpha), BlendMode::kAdd);
  }
}

}  // namespace beatframe
