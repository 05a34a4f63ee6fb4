#include "engine/render/pulse_style.h"

#include <algorithm>
#include <cmath>

#include "engine/common/status_macros.h"
#include "engine/render/background.h"
#include "engine/render/random.h"
#include "engine/render/style_kit.h"

namespace beatframe {
namespace {

constexpr double kShockwaveS = 0.8;
constexpr float kBarsTurnS = 48.0f;     // one slow revolution of the bar ring
constexpr float kStarsTurnS = -150.0f;  // the star field swirls the other way
constexpr float kParticlesPer1080p = 170.0f;
constexpr float kOrbReach = 1.9f;  // the glow ends this many disc radii out
// With cover art: the disc grows so the picture reads, and swells only a
// few percent on the beat (a picture pumping harder looks cheap).
constexpr float kCoverDiscGrow = 1.3f;
constexpr float kCoverBeatSwell = 0.05f;
constexpr float kCoverEnergySwell = 0.02f;
constexpr float kCoverInset = 0.93f;  // of the disc radius: the orb's rim shows around it

}  // namespace

PulseLayout MakePulseLayout(int width, int height) {
  PulseLayout layout;
  const float w = static_cast<float>(width), h = static_cast<float>(height);
  layout.unit = std::min(w, h);
  layout.center_x = 0.5f * w;
  const float ratio = w / h;
  if (ratio > 1.2f) {  // landscape: visual in the upper 3/4, title under it
    layout.center_y = 0.45f * h;
    layout.disc_radius = 0.12f * layout.unit;
    layout.bar_max = 0.15f * layout.unit;
    layout.title_top = 0.77f * h;
    layout.title_bottom = 0.93f * h;
  } else if (ratio < 0.8f) {  // portrait: all inside 10%..80% of the height
    layout.center_y = 0.42f * h;
    layout.disc_radius = 0.155f * layout.unit;
    layout.bar_max = 0.19f * layout.unit;
    layout.title_top = 0.66f * h;
    layout.title_bottom = 0.79f * h;
  } else {
    layout.center_y = 0.43f * h;
    layout.disc_radius = 0.12f * layout.unit;
    layout.bar_max = 0.15f * layout.unit;
    layout.title_top = 0.76f * h;
    layout.title_bottom = 0.93f * h;
  }
  return layout;
}

absl::StatusOr<std::unique_ptr<PulseStyle>> PulseStyle::Create(const RenderPlan& plan) {
  BF_RETURN_IF_ERROR(CheckPlan(plan));
  BF_ASSIGN_OR_RETURN(Palette palette, PlanPalette(plan));
  auto style = std::unique_ptr<PulseStyle>(new PulseStyle(plan, palette));
  BF_ASSIGN_OR_RETURN(style->title_,
                      MakeTitle(plan, palette, {style->layout_.title_top, style->layout_.title_bottom}));
  return style;
}

PulseStyle::PulseStyle(const RenderPlan& plan, const Palette& palette)
    : plan_(plan),
      palette_(palette),
      layout_(MakePulseLayout(plan.width, plan.height)),
      background_(plan.width, plan.height) {
  if (plan.cover_art != nullptr && !plan.cover_art->empty()) {
    layout_.disc_radius *= kCoverDiscGrow;
    BakeCoverBackground(*plan.cover_art, background_);
    CoverLayout cover;
    cover.center_x = layout_.center_x;
    cover.center_y = layout_.center_y;
    cover.size = 2.0f * kCoverInset * layout_.disc_radius;
    cover.corner = 0.5f;
    cover.max_scale = (1.0f + kCoverEnergySwell) * (1.0f + kCoverBeatSwell);
    cover_ = CoverSprite::Create(*plan.cover_art, cover);
  } else {
    BakeBackground(palette_, layout_.center_x, layout_.center_y, plan.seed, background_);
  }

  // In units of the dot radius: a solid core with a soft halo.
  star_lut_.Build(0.0f, 1.0f, [](float d) {
    const float halo = 1.0f - SmoothStep(0.0f, 1.0f, d);
    return d < 0.28f ? 1.0f : 0.12f + 0.88f * halo * halo * halo;
  });

  SplitMix64 rng(0x5EED5EEDull ^ plan.seed);
  const int count = std::max(
      24, static_cast<int>(std::lround(kParticlesPer1080p * plan.width * plan.height / (1920.0f * 1080.0f))));
  particles_.reserve(count);
  for (int i = 0; i < count; ++i) {
    Particle p;
    p.angle = rng.Uniform(0.0f, kTwoPi);
    p.start = rng.Uniform();
    p.speed = rng.Uniform(0.025f, 0.07f);
    p.size = layout_.unit * rng.Uniform(0.0011f, 0.0032f);
    p.twinkle_hz = rng.Uniform(0.15f, 0.6f);
    p.twinkle_phase = rng.Uniform(0.0f, kTwoPi);
    p.accent = rng.Uniform() < 0.35f;
    particles_.push_back(p);
  }
  particle_min_radius_ = 0.8f * layout_.disc_radius;
  particle_max_radius_ = 1.05f * std::hypot(std::max(layout_.center_x, plan.width - layout_.center_x),
                                            std::max(layout_.center_y, plan.height - layout_.center_y));
  for (int i = 0; i < kHalfBars; ++i) bar_ripple_phase_[i] = rng.Uniform(0.0f, kTwoPi);
}

PulseStyle::FrameColors PulseStyle::ColorsAt(const FrameContext& context) const {
  const Accents accents = AccentsAt(palette_, context);
  FrameColors colors;
  colors.accent_a = accents.a;
  colors.accent_b = accents.b;
  colors.ring = ToPlanes(Mix(colors.accent_b, kWhite, 0.35f));
  colors.star = ToPlanes(Mix(colors.accent_a, kWhite, 0.75f));
  colors.star_accent = ToPlanes(colors.accent_b);
  for (int i = 0; i < kHalfBars; ++i) {
    colors.bars[i] = ToPlanes(Mix(colors.accent_a, colors.accent_b, static_cast<float>(i) / (kHalfBars - 1)));
  }
  return colors;
}

void PulseStyle::Render(const FrameContext& context, FrameView& out) {
  CopyFrame(background_, out);
  YuvCanvas canvas(out);
  const float energy = Clamp01(context.energy);
  // How hard this beat lands: every beat moves things, strong ones more.
  const float hit = BeatHit(context);
  const FrameColors colors = ColorsAt(context);
  UpdateBars(context);

  const float radius = cover_ ? layout_.disc_radius * (1.0f + kCoverEnergySwell * energy) * (1.0f + kCoverBeatSwell * hit)
                              : layout_.disc_radius * (0.95f + 0.08f * energy) * (1.0f + 0.13f * hit);
  DrawParticles(context, hit, colors, canvas);
  DrawShockwave(context, colors, canvas);
  DrawOrb(radius, hit, energy, colors, canvas);
  if (cover_) cover_->Draw(radius / layout_.disc_radius, out);
  DrawBars(context, radius, hit, colors, canvas);
  title_->Draw(context.time_s, canvas);
  ApplyFades(plan_, context, canvas);
  last_frame_index_ = context.frame_index;
}

void PulseStyle::UpdateBars(const FrameContext& context) {
  // Targets: the bands spread over one side of the ring (low at the top,
  // high at the bottom), linearly interpolated so neighbours stay smooth.
  std::array<float, kHalfBars> target;
  for (int i = 0; i < kHalfBars; ++i) {
    float level;
    if (context.band_count > 0 && context.bands != nullptr) {
      const float pos = static_cast<float>(i) / (kHalfBars - 1) * (context.band_count - 1);
      const int low = std::min(static_cast<int>(pos), context.band_count - 1);
      const int high = std::min(low + 1, context.band_count - 1);
      level = context.bands[low] + (context.bands[high] - context.bands[low]) * (pos - low);
    } else {
      level = 0.6f * context.energy + 0.4f * context.beat_pulse;  // no bands: follow loudness
    }
    // A slow travelling ripple keeps neighbouring bars from moving in lockstep.
    const float wave = bar_ripple_phase_[i] + 2.1f * static_cast<float>(context.time_s);
    const float ripple = 0.82f + 0.18f * std::sin(wave);
    target[i] = Clamp01(level) * ripple;
  }
  // Fast attack, slower release (per frame at ~30 fps); a jump in time
  // (not the next frame) starts from the targets so any frame renders alike.
  const bool continuous = context.frame_index == last_frame_index_ + 1;
  for (int i = 0; i < kHalfBars; ++i) {
    const float previous = continuous ? bar_levels_[i] : target[i];
    const float rate = target[i] > previous ? 0.6f : 0.22f;
    bar_levels_[i] = previous + (target[i] - previous) * rate;
  }
}

void PulseStyle::DrawParticles(const FrameContext& context, float hit, const FrameColors& colors,
                               YuvCanvas& canvas) {
  const float t = static_cast<float>(context.time_s);
  // Beats push the field outwards: the integral of the pulse since the start
  // is about (beats so far) - (pulse now) in units of its decay time.
  const float surge = context.beat_index >= 0 ? (context.beat_index + 1) - context.beat_pulse : 0.0f;
  const float travel_time = t + 0.45f * surge;
  const float span = particle_max_radius_ - particle_min_radius_;
  const float swirl = kTwoPi * t / kStarsTurnS;
  const float brightness = 0.35f + 0.35f * Clamp01(context.energy) + 0.5f * hit;
  for (const Particle& p : particles_) {
    const float track = std::fmod(p.start + p.speed * travel_time, 1.0f);
    const float r = particle_min_radius_ + track * span;
    const float angle = p.angle + swirl;
    const float x = layout_.center_x + r * std::cos(angle);
    const float y = layout_.center_y + r * std::sin(angle);
    // Born faint near the disc, grow as they fly out (a hint of depth).
    const float fade_in = SmoothStep(0.0f, 0.12f, track);
    const float twinkle = 0.6f + 0.4f * std::sin(p.twinkle_phase + kTwoPi * p.twinkle_hz * t);
    const float size = p.size * (0.6f + 0.9f * track) * (1.0f + 0.35f * hit);
    canvas.DrawRadial(star_lut_, x, y, 0.0f, 2.6f * size, p.accent ? colors.star_accent : colors.star,
                      Alpha(fade_in * twinkle * brightness), BlendMode::kAdd);
  }
}

void PulseStyle::DrawShockwave(const FrameContext& context, const FrameColors& colors, YuvCanvas& canvas) {
  if (!context.strong_beat || context.beat_index < 0 || context.since_beat_s >= kShockwaveS) return;
  const float progress = static_cast<float>(context.since_beat_s / kShockwaveS);
  const float eased = 1.0f - (1.0f - progress) * (1.0f - progress) * (1.0f - progress);
  // Starts just outside the bars' reach and runs out to the frame's short edge.
  const float start = layout_.disc_radius * 1.1f + 0.45f * layout_.bar_max;
  const float radius = start + (0.62f * layout_.unit - start) * eased;
  const float width = layout_.unit * (0.0025f + 0.004f * (1.0f - progress));
  ring_lut_.Build(radius - 3.0f * width, radius + 3.0f * width, [&](float d) {
    const float x = (d - radius) / width;
    return std::exp(-x * x);
  });
  const float fade = (1.0f - progress) * std::sqrt(1.0f - progress);
  canvas.DrawRadial(ring_lut_, layout_.center_x, layout_.center_y, std::max(0.0f, radius - 3.0f * width),
                    radius + 3.0f * width, colors.ring, Alpha(0.85f * fade), BlendMode::kAdd);
}

void PulseStyle::DrawBars(const FrameContext& context, float radius, float hit, const FrameColors& colors,
                          YuvCanvas& canvas) {
  const float base = radius + 0.018f * layout_.unit;
  const float spacing = kTwoPi * base / (2 * kHalfBars);
  const float thickness = std::max(0.8f, 0.24f * spacing);  // capsule radius
  const float rotation = kTwoPi * static_cast<float>(context.time_s) / kBarsTurnS;
  const float gain = 0.55f + 0.45f * Clamp01(context.energy);
  for (int side = 0; side < 2; ++side) {
    for (int i = 0; i < kHalfBars; ++i) {
      // Bar i sits (i + 0.5) steps from the top on each side, mirrored.
      const float offset = (i + 0.5f) * kTwoPi / (2 * kHalfBars);
      const float angle = rotation + (side == 0 ? offset : -offset);
      const float level = std::pow(bar_levels_[i], 1.3f) * gain + 0.06f * hit;
      const float length = layout_.bar_max * std::min(level, 1.0f) + 0.006f * layout_.unit;
      const float ux = std::sin(angle), uy = -std::cos(angle);
      canvas.DrawCapsule(layout_.center_x + ux * base, layout_.center_y + uy * base,
                         layout_.center_x + ux * (base + length), layout_.center_y + uy * (base + length),
                         thickness, colors.bars[i], Alpha(0.55f + 0.2f * hit), Alpha(1.0f), BlendMode::kOver);
    }
  }
}

void PulseStyle::DrawOrb(float radius, float hit, float energy, const FrameColors& colors,
                         YuvCanvas& canvas) {
  const YuvColor deep = RgbToYuv709(Mix(palette_.background_outer, colors.accent_a, 0.45f));
  const YuvColor core = RgbToYuv709(Mix(colors.accent_a, kWhite, 0.5f));
  const YuvColor rim = RgbToYuv709(Mix(colors.accent_a, kWhite, 0.3f));
  const YuvColor glow = RgbToYuv709(colors.accent_a);
  const float core_strength = 0.45f + 0.2f * energy + 0.35f * hit;
  const float glow_strength = 0.22f + 0.22f * energy + 0.35f * hit;
  const float outer = kOrbReach * radius;
  // The body's edge is anti-aliased over one pixel, so the table depends on
  // the radius in pixels and is rebuilt each frame (4096 entries, tens of us).
  orb_paint_.Build(0.0f, outer, [&](float d) {
    const float u = d / radius;
    const float body_alpha = Clamp01(radius + 0.5f - d);
    const float centre = core_strength * (1.0f - SmoothStep(0.0f, 1.0f, u));
    const YuvColor body = {deep.y + (core.y - deep.y) * centre, deep.u + (core.u - deep.u) * centre,
                           deep.v + (core.v - deep.v) * centre};
    RadialPaint::Sample s = RadialPaint::Over(body, body_alpha);
    // A bright rim and a faint inner ring (reads as a lens; free in the table).
    const float rim_x = (u - 0.965f) / 0.03f;
    const float inner_x = (u - 0.78f) / 0.012f;
    const float rings = 0.85f * std::exp(-rim_x * rim_x) + 0.22f * std::exp(-inner_x * inner_x);
    s = RadialPaint::Add(s, rim, body_alpha * rings);
    // Light falling off outside the edge; faded out before the table ends.
    const float falloff =
        std::exp(-std::max(u - 1.0f, 0.0f) / 0.28f) * (1.0f - SmoothStep(0.75f * kOrbReach, kOrbReach, u));
    return RadialPaint::Add(s, glow, glow_strength * (1.0f - body_alpha) * falloff);
  });
  canvas.DrawRadialPaint(orb_paint_, layout_.center_x, layout_.center_y, 0.0f, outer);
}

}  // namespace beatframe
