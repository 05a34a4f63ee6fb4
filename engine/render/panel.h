// A rounded rectangle filled with a translucent colour: the backing panel
// that keeps captions readable over any picture. The corner's coverage is
// tabulated once; drawing visits only the panel's pixels and allocates
// nothing, so a panel per caption costs no memory.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/render/frame.h"
#include "engine/render/yuv_canvas.h"

namespace beatframe {

class RoundedPanel {
 public:
  // Corners of `radius` luma pixels (rounded up to even, at least 2).
  explicit RoundedPanel(int radius);
  int radius() const { return radius_; }

  // Fills [left, right) x [top, bottom), corners rounded and anti-aliased,
  // with `color` at `alpha` (0..256). Edges are rounded down to even so the
  // chroma planes cover exactly the same area; a panel smaller than two
  // radii each way is not drawn.
  void Draw(const FrameView& view, int left, int top, int right, int bottom, Yuv8 color, int alpha) const;

 private:
  int radius_;
  std::vector<uint8_t> corner_;       // radius_^2 coverages of the top-left corner
  std::vector<uint8_t> half_corner_;  // the same at chroma resolution
};

}  // namespace beatframe
