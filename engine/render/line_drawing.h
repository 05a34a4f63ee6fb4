// Anti-aliased lines straight into yuv420p: glowing polylines (open or
// closed) drawn through a cross-section profile (a solid core plus a soft
// glow), and upright capsules (spectrum bars) on a fast path. Polyline
// joints are mitred and every pixel belongs to exactly one segment, so
// translucent and additive lines show no bright dots where segments meet.
// Nothing allocates; a line costs its length times its width.
#pragma once

#include <array>
#include <cstdint>

#include "engine/render/frame.h"
#include "engine/render/yuv_canvas.h"

namespace beatframe {

struct Point2 {
  float x = 0.0f;
  float y = 0.0f;
};

// Coverage (0..256) across a line as a function of the distance from its
// centre line, tabulated twice: box-filtered over one luma pixel and over
// one chroma pixel (two luma pixels), so edges are anti-aliased in both
// planes. Rebuilding costs ~10 us: fine once per frame per look.
class LineProfile {
 public:
  static constexpr int kSize = 512;
  // A solid core `core_half_width` luma pixels either side of the centre
  // (thinner than a pixel reads as fainter), and around it a glow starting
  // at `glow` (0..1) that falls off exponentially over `glow_width` pixels.
  void Build(float core_half_width, float glow, float glow_width);
  // Distance from the centre line beyond which nothing is drawn.
  float reach() const { return reach_; }
  const uint16_t* luma() const { return luma_.data(); }
  const uint16_t* chroma() const { return chroma_.data(); }

 private:
  float reach_ = 1.0f;
  std::array<uint16_t, kSize> luma_{};
  std::array<uint16_t, kSize> chroma_{};
};

// Draws the polyline through `points[0..count)` with `profile`, in `color`
// at `alpha` (0..256). Closed polylines join the last point to the first;
// open ones end flat at their end points (run them past the frame edge to
// hide that). Consecutive points must differ; a turn sharper than ~150
// degrees clips its mitre. Where the curve bends tighter than the profile's
// reach, the inside of the bend can be drawn twice.
void DrawPolyline(const FrameView& view, const Point2* points, int count, bool closed,
                  const LineProfile& profile, Yuv8 color, int alpha, BlendMode mode);

// An upright capsule: the segment (x, y_top)-(x, y_bottom) with round caps
// of `radius`, alpha ramping linearly from alpha_top to alpha_bottom (0..256)
// like YuvCanvas::DrawCapsule, which it matches to within rounding. The
// straight part reuses one column profile per plane, so it costs a third of
// the general capsule; caps wider than 120 luma pixels use the general one.
void DrawVerticalCapsule(const FrameView& view, float x, float y_top, float y_bottom, float radius, Yuv8 color,
                         int alpha_top, int alpha_bottom, BlendMode mode);

}  // namespace beatframe
