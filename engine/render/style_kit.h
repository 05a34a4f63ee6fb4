// What every style shares, so each style file holds only its own picture:
// checking the plan, where the title card goes per aspect, the card itself,
// the fades from and to black, how hard the current beat lands, the palette
// step on strong beats and band lookups.
#pragma once

#include <algorithm>
#include <cmath>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/render/palette.h"
#include "engine/render/title_overlay.h"
#include "engine/render/yuv_canvas.h"
#include "engine/timeline/frame_context.h"
#include "engine/timeline/render_plan.h"

namespace beatframe {

inline constexpr float kTwoPi = 6.28318530718f;
inline constexpr Rgb kWhite = {255.0f, 255.0f, 255.0f};

inline float Clamp01(float v) { return std::clamp(v, 0.0f, 1.0f); }
inline float SmoothStep(float edge0, float edge1, float x) {
  const float t = Clamp01((x - edge0) / (edge1 - edge0));
  return t * t * (3.0f - 2.0f * t);
}
// A 0..1 fraction as a canvas alpha (0..256).
inline int Alpha(float fraction) { return static_cast<int>(std::lround(256.0f * Clamp01(fraction))); }
inline Yuv8 ToPlanes(const Rgb& rgb) { return ToYuv8(RgbToYuv709(rgb)); }

// INVALID_ARGUMENT for a frame size outside 16..8192 or a non-positive frame rate.
absl::Status CheckPlan(const RenderPlan& plan);

// Luma rows the title block stays within: under the visual on 16:9 and 1:1;
// on 9:16 inside 66%..79% of the height, clear of the bottom 20% that app
// controls cover.
struct TitleBand {
  float top = 0.0f;
  float bottom = 0.0f;
};
TitleBand TitleBandFor(int width, int height);

// The plan's title card (an overlay that draws nothing when there is no
// title) with the plan's captions on top. NOT_FOUND when the plan has text
// and no font loads, or the text needs a font that is not installed.
absl::StatusOr<std::unique_ptr<TitleOverlay>> MakeTitle(const RenderPlan& plan, const Palette& palette,
                                                       TitleBand band);

// Fades the frame from black over the first 0.5 s and to black over the last
// 0.5 s of the plan's duration (the context's when the plan has none).
void ApplyFades(const RenderPlan& plan, const FrameContext& context, YuvCanvas& canvas);

// How hard the current beat lands, 0..1: the beat pulse (attack on the beat
// frame, exponential decay) scaled so that every beat moves things and
// strong beats and downbeats move them more. Times context.beat_gain, so a
// calmer render's hits are smaller and a more energetic one's reach 1.6.
float BeatHit(const FrameContext& context);

// The frame's accents: on each strong beat the palette steps by one, and
// for 0.45 s after it the colours slide from the old step to the new one.
// `a` is the lead colour, `b` the next, `c` the one after.
struct Accents {
  Rgb a;
  Rgb b;
  Rgb c;
};
Accents AccentsAt(const Palette& palette, const FrameContext& context);

// Mix(a, b, t) that keeps its colourfulness: a straight R'G'B' mix of two
// distant hues (pink and green) passes through grey; this one turns the hue
// the shorter way round and blends saturation and value.
Rgb MixVivid(const Rgb& a, const Rgb& b, float t);

// Band level at `position` (0 = lowest band, 1 = highest), linearly
// interpolated between bands so neighbours stay smooth. Without bands it
// follows loudness and the beat.
float BandAt(const FrameContext& context, float position);

// Seconds per frame of the plan.
inline double FrameSeconds(const RenderPlan& plan) {
  return static_cast<double>(plan.fps_den) / static_cast<double>(plan.fps_num);
}

}  // namespace beatframe
