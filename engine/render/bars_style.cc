#include "engine/render/bars_style.h"

#include <algorithm>
#include <cmath>

#include "engine/common/status_macros.h"
#include "engine/render/cover_art_layer.h"
#include "engine/render/background.h"
#include "engine/render/random.h"
#include "engine/render/style_kit.h"

namespace beatframe {
namespace {

constexpr float kPeakHoldS = 0.25f;  // a cap rests on its high point this long
constexpr float kPeakGravity = 2.2f; // then falls, in bar heights per s^2
constexpr float kAttack = 0.6f;      // per-frame smoothing towards a higher level
constexpr float kRelease = 0.2f;     // and towards a lower one

}  // namespace

BarsLayout MakeBarsLayout(int width, int height) {
  BarsLayout layout;
  const float w = static_cast<float>(width), h = static_cast<float>(height);
  const float ratio = w / h;
  layout.center_x = 0.5f * w;
  const TitleBand band = TitleBandFor(width, height);
  layout.title_top = band.top;
  layout.title_bottom = band.bottom;
  if (ratio > 1.2f) {  // landscape: a wide row of bars, the title under the reflection
    layout.half_bars = 32;
    layout.half_span = 0.42f * w;
    layout.baseline = 0.60f * h;
    layout.max_height = 0.40f * h;
    layout.reflection = 0.35f;
  } else if (ratio < 0.8f) {  // portrait: tall bars in the middle of the safe zone
    layout.half_bars = 24;
    layout.half_span = 0.44f * w;
    layout.baseline = 0.52f * h;
    layout.max_height = 0.31f * h;
    layout.reflection = 0.35f;
  } else {
    layout.half_bars = 24;
    layout.half_span = 0.43f * w;
    layout.baseline = 0.58f * h;
    layout.max_height = 0.36f * h;
    layout.reflection = 0.35f;
  }
  layout.pitch = layout.half_span / layout.half_bars;
  layout.bar_radius = 0.31f * layout.pitch;
  return layout;
}

absl::StatusOr<std::unique_ptr<BarsStyle>> BarsStyle::Create(const RenderPlan& plan) {
  BF_RETURN_IF_ERROR(CheckPlan(plan));
  BF_ASSIGN_OR_RETURN(Palette palette, PlanPalette(plan));
  auto style = std::unique_ptr<BarsStyle>(new BarsStyle(plan, palette));
  BF_ASSIGN_OR_RETURN(style->title_,
                      MakeTitle(plan, palette, {style->layout_.title_top, style->layout_.title_bottom}));
  return style;
}

BarsStyle::BarsStyle(const RenderPlan& plan, const Palette& palette)
    : plan_(plan),
      palette_(palette),
      layout_(MakeBarsLayout(plan.width, plan.height)),
      background_(plan.width, plan.height) {
  // With cover art the bars stand over the blurred, darkened cover (the
  // row of bars leaves no room for a sharp copy of it).
  if (const Picture* cover = PlanCover(plan)) {
    BakeCoverBackground(*cover, background_);
  } else {
    BakeBackground(palette_, layout_.center_x, layout_.baseline, plan.seed, background_);
  }
  mote_lut_.Build(0.0f, 1.0f, [](float d) {
    const float fall = 1.0f - SmoothStep(0.0f, 1.0f, d);
    return fall * fall;
  });
  const float unit = static_cast<float>(std::min(plan.width, plan.height));
  SplitMix64 rng(0xBA125EEDull ^ plan.seed);
  for (Mote& mote : motes_) {
    mote.x = rng.Uniform();
    mote.y = rng.Uniform();
    mote.rise = rng.Uniform(0.012f, 0.035f);
    mote.sway_hz = rng.Uniform(0.05f, 0.2f);
    mote.sway_phase = rng.Uniform(0.0f, kTwoPi);
    mote.size = unit * rng.Uniform(0.002f, 0.006f);
  }
  for (float& phase : ripple_phase_) phase = rng.Uniform(0.0f, kTwoPi);
}

void BarsStyle::Render(const FrameContext& context, FrameView& out) {
  CopyFrame(background_, out);
  YuvCanvas canvas(out);
  const float hit = BeatHit(context);
  const Accents accents = AccentsAt(palette_, context);
  UpdateLevels(context, hit);
  DrawMotes(context, hit, accents.b, canvas);

  // The floor: a thin line whose glow flares on the beat.
  const float unit = static_cast<float>(std::min(plan_.width, plan_.height));
  floor_profile_.Build(0.0011f * unit, 0.35f + 0.45f * hit, 0.006f * unit * (1.0f + hit));
  // Edge to edge (and past them) so its flat ends never show.
  const Point2 floor[2] = {{-floor_profile_.reach(), layout_.baseline},
                           {plan_.width + floor_profile_.reach(), layout_.baseline}};
  DrawPolyline(out, floor, 2, false, floor_profile_, ToPlanes(Mix(accents.a, kWhite, 0.4f)),
               Alpha(0.5f + 0.2f * Clamp01(context.energy) + 0.3f * hit), BlendMode::kAdd);

  DrawBars(hit, accents.a, accents.b, out);
  title_->Draw(context.time_s, canvas);
  ApplyFades(plan_, context, canvas);
  last_frame_index_ = context.frame_index;
}

void BarsStyle::UpdateLevels(const FrameContext& context, float hit) {
  const int n = layout_.half_bars;
  const float t = static_cast<float>(context.time_s);
  const float gain = 0.6f + 0.5f * Clamp01(context.energy);
  // Targets from the bands (low in the middle), smoothed across neighbours
  // with a 1-2-1 kernel so the outline reads as one shape, with a slow
  // ripple travelling outwards so neighbours never move in lockstep.
  std::array<float, kMaxHalfBars> raw{}, target{};
  for (int i = 0; i < n; ++i) {
    const float position = static_cast<float>(i) / (n - 1);
    const float ripple = 0.8f + 0.2f * std::sin(ripple_phase_[i] + 2.4f * t - 0.35f * i);
    raw[i] = std::pow(BandAt(context, position), 1.15f) * ripple * gain;
  }
  for (int i = 0; i < n; ++i) {
    const float left = raw[std::max(i - 1, 0)], right = raw[std::min(i + 1, n - 1)];
    target[i] = std::min(1.0f, 0.25f * left + 0.5f * raw[i] + 0.25f * right);
  }
  // A jump in time (not the next frame) starts from the targets, so any
  // frame renders alike however it is reached.
  const bool continuous = context.frame_index == last_frame_index_ + 1;
  const float dt = static_cast<float>(FrameSeconds(plan_));
  for (int i = 0; i < n; ++i) {
    const float previous = continuous ? levels_[i] : target[i];
    levels_[i] = previous + (target[i] - previous) * (target[i] > previous ? kAttack : kRelease);
    // The beat bounce rides on top of the smoothing so it lands on the beat
    // frame itself; the bass (middle) bars jump most.
    const float position = static_cast<float>(i) / (n - 1);
    const float shown = std::min(1.0f, levels_[i] + hit * (0.32f - 0.2f * position));
    shown_[i] = shown;
    if (!continuous || shown >= peaks_[i]) {
      peaks_[i] = shown;
      peak_hold_s_[i] = kPeakHoldS;
      peak_speed_[i] = 0.0f;
    } else if (peak_hold_s_[i] > 0.0f) {
      peak_hold_s_[i] -= dt;
    } else {
      peak_speed_[i] += kPeakGravity * dt;
      peaks_[i] = std::max(shown, peaks_[i] - peak_speed_[i] * dt);
    }
  }
}

void BarsStyle::DrawMotes(const FrameContext& context, float hit, const Rgb& tint, YuvCanvas& canvas) {
  const float t = static_cast<float>(context.time_s);
  const float w = static_cast<float>(plan_.width), h = static_cast<float>(plan_.height);
  const Yuv8 color = ToPlanes(Mix(tint, kWhite, 0.5f));
  const float brightness = 0.2f + 0.25f * Clamp01(context.energy) + 0.35f * hit;
  for (const Mote& mote : motes_) {
    const float y = 1.0f - std::fmod(1.0f - mote.y + mote.rise * t, 1.0f);
    const float x = mote.x + 0.015f * std::sin(mote.sway_phase + kTwoPi * mote.sway_hz * t);
    // Fade in from the bottom and out towards the top, so none pops.
    const float fade = SmoothStep(0.0f, 0.15f, y) * SmoothStep(1.0f, 0.8f, y);
    const float radius = mote.size * (1.0f + 0.4f * hit);
    canvas.DrawRadial(mote_lut_, x * w, y * h, 0.0f, radius, color, Alpha(fade * brightness), BlendMode::kAdd);
  }
}

void BarsStyle::DrawBars(float hit, const Rgb& inner, const Rgb& outer, FrameView& out) {
  YuvCanvas canvas(out);
  const int n = layout_.half_bars;
  const float r = layout_.bar_radius;
  const float gap = 0.35f * r;  // between the floor line and the bar's rounded end
  const Yuv8 cap_color = ToPlanes(Mix(inner, kWhite, 0.7f));
  for (int i = 0; i < n; ++i) {
    const float position = static_cast<float>(i) / (n - 1);
    const Rgb body = MixVivid(inner, outer, position);
    const Yuv8 color = ToPlanes(body);
    const Yuv8 reflection = ToPlanes(Scale(body, 0.8f));
    const Yuv8 tip = ToPlanes(Mix(body, kWhite, 0.35f));
    const float length = layout_.max_height * shown_[i];
    const float peak_y = layout_.baseline - gap - 2.0f * r - layout_.max_height * peaks_[i] - 0.6f * r;
    for (int side = -1; side <= 1; side += 2) {
      const float x = layout_.center_x + side * (i + 0.5f) * layout_.pitch;
      const float bottom = layout_.baseline - gap - r;
      // Brighter towards the top: the ramp runs from the floor to the tip.
      DrawVerticalCapsule(out, x, bottom - length, bottom, r, color, Alpha(1.0f), Alpha(0.7f + 0.15f * hit),
                          BlendMode::kOver);
      // A hot tip that flares with the beat.
      canvas.DrawRadial(mote_lut_, x, bottom - length, 0.0f, 2.6f * r, tip, Alpha(0.3f + 0.5f * hit),
                        BlendMode::kAdd);
      const float top = layout_.baseline + gap + r;
      DrawVerticalCapsule(out, x, top, top + layout_.reflection * length, r, reflection, Alpha(0.32f), 0,
                          BlendMode::kOver);
      canvas.DrawCapsule(x - 0.65f * r, peak_y, x + 0.65f * r, peak_y, 0.35f * r, cap_color, Alpha(0.95f),
                         Alpha(0.95f), BlendMode::kOver);
    }
  }
}

}  // namespace beatframe
