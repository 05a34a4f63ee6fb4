// Drawing primitives that write straight into yuv420p planes: anti-aliased
// radial shapes (discs, rings, glows, dots) through a coverage table, capsules
// (rounded bars) and alpha masks (text). Each visits only the spans its shape
// covers, in luma and (at half resolution) chroma, and nothing allocates, so a
// frame costs what it draws. Blending in Y'CbCr is an affine map of R'G'B'
// blending, so "over" and "add" mean the same as they would in R'G'B'.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "engine/render/alpha_mask.h"
#include "engine/render/frame.h"
#include "engine/render/palette.h"

namespace beatframe {

enum class BlendMode {
  kOver,  // alpha blend towards the colour
  kAdd,   // add the colour's light (glows); clamps to the legal range
};

// A colour as written to the planes (BT.709 limited range).
struct Yuv8 {
  int y = 16;
  int u = 128;
  int v = 128;
};
Yuv8 ToYuv8(const YuvColor& color);

// Coverage (0..1, stored as 0..256) of a radial shape as a function of radius,
// tabulated over the squared radius so drawing needs no per-pixel sqrt. The
// table is normalised: entry i is the coverage at squared radius
// inner^2 + (i + 0.5) / kSize * (outer^2 - inner^2) for whatever inner/outer
// the shape is drawn with, so one table serves a shape at any size.
class RadialLut {
 public:
  static constexpr int kSize = 4096;
  // `coverage(d)` for d in [inner, outer] (any units; drawn radii scale it).
  template <typename Fn>
  void Build(float inner, float outer, Fn coverage) {
    const float inner2 = inner * inner;
    const float span2 = outer * outer - inner2;
    for (int i = 0; i < kSize; ++i) {
      const float d = std::sqrt(inner2 + (i + 0.5f) * span2 / kSize);
      float c = coverage(d);
      c = c < 0.0f ? 0.0f : (c > 1.0f ? 1.0f : c);
      values_[i] = static_cast<uint16_t>(c * 256.0f + 0.5f);
    }
  }
  const uint16_t* data() const { return values_.data(); }

 private:
  std::array<uint16_t, kSize> values_{};
};

// A radial paint: per radius, how much of what lies underneath to keep and
// what light to put on top (premultiplied). One paint can hold a disc's body,
// its highlights and the glow around it, drawn in a single pass; inside an
// opaque body the result no longer depends on the pixels underneath.
// Tabulated over the squared radius like RadialLut.
class RadialPaint {
 public:
  static constexpr int kSize = 4096;
  // What to do at one radius: out = under * keep + light. Luma light is
  // absolute (black = 16 * alpha for an opaque black); chroma light is an
  // offset from 128. Helpers below compose these.
  struct Sample {
    float keep = 1.0f;
    float y = 0.0f;
    float u = 0.0f;
    float v = 0.0f;
  };
  // `sample(d)` for radii d in [inner, outer], in the units the paint is drawn with.
  template <typename Fn>
  void Build(float inner, float outer, Fn sample) {
    const float inner2 = inner * inner;
    const float span2 = outer * outer - inner2;
    for (int i = 0; i < kSize; ++i) {
      const Sample s = sample(std::sqrt(inner2 + (i + 0.5f) * span2 / kSize));
      keep_[i] = static_cast<uint16_t>(std::lround(256.0f * (s.keep < 0 ? 0 : (s.keep > 1 ? 1 : s.keep))));
      y_[i] = Fixed(s.y);
      u_[i] = Fixed(s.u);
      v_[i] = Fixed(s.v);
    }
  }
  // Blends `color` over with `alpha` (0..1), then adds `light` scaled by `amount`.
  static Sample Over(const YuvColor& color, float alpha);
  static Sample Add(Sample under, const YuvColor& light, float amount);

  const uint16_t* keep() const { return keep_.data(); }
  const int16_t* y() const { return y_.data(); }
  const int16_t* u() const { return u_.data(); }
  const int16_t* v() const { return v_.data(); }

 private:
  // 1/64 units: luma up to 235 * 64 and chroma offsets up to +-112 * 64 fit.
  static int16_t Fixed(float value) {
    const float scaled = value * 64.0f;
    return static_cast<int16_t>(
        std::lround(scaled < -32000.f ? -32000.f : (scaled > 32000.f ? 32000.f : scaled)));
  }
  std::array<uint16_t, kSize> keep_{};
  std::array<int16_t, kSize> y_{}, u_{}, v_{};
};

// Draws into a frame it does not own. Coordinates are luma pixels with pixel
// (x, y) covering [x, x+1) x [y, y+1); positions and sizes are sub-pixel.
// Alphas are 0..256. Not thread-safe per frame.
class YuvCanvas {
 public:
  explicit YuvCanvas(const FrameView& view) : view_(view) {}
  // The frame drawn into, for primitives kept beside their data (colour glyphs, panels).
  const FrameView& view() const { return view_; }

  // Shape of radii [inner, outer] centred at (cx, cy), coverage from `lut`.
  void DrawRadial(const RadialLut& lut, float cx, float cy, float inner, float outer, Yuv8 color, int alpha,
                  BlendMode mode);
  // `paint` over radii [inner, outer] centred at (cx, cy).
  void DrawRadialPaint(const RadialPaint& paint, float cx, float cy, float inner, float outer);
  // Segment a-b with round caps of `radius` (anti-aliased); the alpha ramps
  // linearly from alpha_a at a to alpha_b at b.
  void DrawCapsule(float ax, float ay, float bx, float by, float radius, Yuv8 color, int alpha_a, int alpha_b,
                   BlendMode mode);
  // `mask` with its top-left corner at (x, y); x and y are rounded down to
  // even so the half-resolution mask lines up with the chroma planes.
  void DrawMask(const AlphaMask& mask, int x, int y, Yuv8 color, int alpha, BlendMode mode);
  // Scales the picture towards black: 0 is black, 256 leaves it unchanged.
  void FadeToBlack(int level);

 private:
  FrameView view_;
};

}  // namespace beatframe
