#include "engine/render/panel.h"

#include <algorithm>
#include <cmath>

namespace beatframe {
namespace {

// One plane's pass: the rect in that plane's pixels, its corner table of
// `r` x `r` entries, and the blend applied per pixel.
template <typename BlendFn>
void FillPlane(int left, int top, int right, int bottom, int plane_width, int plane_height, int r,
               const uint8_t* corner, BlendFn&& blend) {
  for (int y = std::max(top, 0); y < std::min(bottom, plane_height); ++y) {
    // Row of the corner table this row uses, or -1 between the corners.
    const int from_top = y - top, from_bottom = bottom - 1 - y;
    const int corner_row = from_top < r ? from_top : (from_bottom < r ? from_bottom : -1);
    for (int x = std::max(left, 0); x < std::min(right, plane_width); ++x) {
      int coverage = 255;
      if (corner_row >= 0) {
        const int from_left = x - left, from_right = right - 1 - x;
        if (from_left < r) coverage = corner[corner_row * r + from_left];
        if (from_right < r) coverage = corner[corner_row * r + from_right];
      }
      if (coverage > 0) blend(y, x, coverage);
    }
  }
}

}  // namespace

RoundedPanel::RoundedPanel(int radius) : radius_(std::max(2, (radius + 1) & ~1)) {
  const int r = radius_;
  // Coverage of each corner pixel by a disc of radius r centred at (r, r),
  // 4x4 supersampled: plenty for a soft edge that does not shimmer.
  corner_.resize(static_cast<size_t>(r) * r);
  for (int y = 0; y < r; ++y) {
    for (int x = 0; x < r; ++x) {
      int inside = 0;
      for (int sy = 0; sy < 4; ++sy) {
        for (int sx = 0; sx < 4; ++sx) {
          const float dx = r - (x + (sx + 0.5f) / 4.0f), dy = r - (y + (sy + 0.5f) / 4.0f);
          inside += dx * dx + dy * dy <= static_cast<float>(r * r);
        }
      }
      corner_[static_cast<size_t>(y) * r + x] = static_cast<uint8_t>((inside * 255 + 8) / 16);
    }
  }
  const int h = r / 2;
  half_corner_.resize(static_cast<size_t>(h) * h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < h; ++x) {
      const int sum = corner_[(2 * y) * r + 2 * x] + corner_[(2 * y) * r + 2 * x + 1] +
                      corner_[(2 * y + 1) * r + 2 * x] + corner_[(2 * y + 1) * r + 2 * x + 1];
      half_corner_[static_cast<size_t>(y) * h + x] = static_cast<uint8_t>((sum + 2) / 4);
    }
  }
}

void RoundedPanel::Draw(const FrameView& view, int left, int top, int right, int bottom, Yuv8 color,
                        int alpha) const {
  left &= ~1;
  top &= ~1;
  right &= ~1;
  bottom &= ~1;
  if (alpha <= 0 || right - left < 2 * radius_ || bottom - top < 2 * radius_) return;
  alpha = std::min(alpha, 256);
  FillPlane(left, top, right, bottom, view.width, view.height, radius_, corner_.data(),
            [&](int y, int x, int coverage) {
              uint8_t* p = view.planes[0] + static_cast<size_t>(y) * view.strides[0] + x;
              const int a = (coverage * alpha + 128) >> 8;
              *p = static_cast<uint8_t>(*p + (((color.y - *p) * a + 128) >> 8));
            });
  const int chroma_width = (view.width + 1) / 2, chroma_height = (view.height + 1) / 2;
  FillPlane(left / 2, top / 2, right / 2, bottom / 2, chroma_width, chroma_height, radius_ / 2,
            half_corner_.data(), [&](int y, int x, int coverage) {
              uint8_t* u = view.planes[1] + static_cast<size_t>(y) * view.strides[1] + x;
              uint8_t* v = view.planes[2] + static_cast<size_t>(y) * view.strides[2] + x;
              const int a = (coverage * alpha + 128) >> 8;
              *u = static_cast<uint8_t>(*u + (((color.u - *u) * a + 128) >> 8));
              *v = static_cast<uint8_t>(*v + (((color.v - *v) * a + 128) >> 8));
            });
}

}  // namespace beatframe
