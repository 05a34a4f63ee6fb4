#include "engine/media/picture_orientation.h"

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace beatframe {
namespace {

// Where displayed pixel (x, y) comes from in the stored picture, in bytes:
// base + x * step_x + y * step_y.
struct SourceWalk {
  ptrdiff_t base = 0;
  ptrdiff_t step_x = 0;
  ptrdiff_t step_y = 0;
};

SourceWalk WalkFor(Orientation orientation, int width, int height, ptrdiff_t stride, ptrdiff_t pixel) {
  const ptrdiff_t last_column = (width - 1) * pixel;
  const ptrdiff_t last_row = (height - 1) * stride;
  switch (orientation) {
    case Orientation::kNormal: break;
    case Orientation::kMirrorHorizontal: return {last_column, -pixel, stride};
    case Orientation::kRotate180: return {last_row + last_column, -pixel, -stride};
    case Orientation::kMirrorVertical: return {last_row, pixel, -stride};
    case Orientation::kTranspose: return {0, stride, pixel};
    case Orientation::kRotate90: return {last_row, -stride, pixel};
    case Orientation::kTransverse: return {last_row + last_column, -stride, -pixel};
    case Orientation::kRotate270: return {last_column, stride, -pixel};
  }
  return {0, pixel, stride};
}

// Copies in square tiles so that the quarter turns, which read the source
// down its columns, stay within the cache.
template <int kPixelBytes>
void CopyOriented(const uint8_t* src, ptrdiff_t src_stride, int width, int height, Orientation orientation,
                  uint8_t* dst, ptrdiff_t dst_stride) {
  if (width <= 0 || height <= 0) return;
  int out_width = 0, out_height = 0;
  DisplayedSize(orientation, width, height, &out_width, &out_height);
  const SourceWalk walk = WalkFor(orientation, width, height, src_stride, kPixelBytes);
  if (walk.step_x == kPixelBytes || walk.step_x == -kPixelBytes) {
    // Rows stay rows (as stored, or mirrored and/or upside down): whole-row
    // loops with a constant step, which the compiler vectorises.
    for (int y = 0; y < out_height; ++y) {
      const uint8_t* from = src + (walk.base + y * walk.step_y);
      uint8_t* to = dst + y * dst_stride;
      if (walk.step_x > 0) {
        std::memcpy(to, from, static_cast<size_t>(out_width) * kPixelBytes);
      } else {
        for (int x = 0; x < out_width; ++x) std::memcpy(to + x * kPixelBytes, from - x * kPixelBytes, kPixelBytes);
      }
    }
    return;
  }
  constexpr int kTile = 32;
  for (int tile_y = 0; tile_y < out_height; tile_y += kTile) {
    const int y_end = std::min(out_height, tile_y + kTile);
    for (int tile_x = 0; tile_x < out_width; tile_x += kTile) {
      const int x_end = std::min(out_width, tile_x + kTile);
      for (int y = tile_y; y < y_end; ++y) {
        const uint8_t* from = src + (walk.base + y * walk.step_y + tile_x * walk.step_x);
        uint8_t* to = dst + y * dst_stride + tile_x * kPixelBytes;
        for (int x = tile_x; x < x_end; ++x, from += walk.step_x, to += kPixelBytes) {
          std::memcpy(to, from, kPixelBytes);
        }
      }
    }
  }
}

}  // namespace

Orientation OrientationFromExif(int value) {
  return value >= 1 && value <= 8 ? static_cast<Orientation>(value) : Orientation::kNormal;
}

Orientation OrientationFromDisplayMatrix(const int32_t* matrix) {
  if (matrix == nullptr) return Orientation::kNormal;
  // A point (p, q) of the stored picture shows at (a*p + c*q, b*p + d*q) plus
  // a translation. Right-angle turns and mirrors have either b = c = 0 or
  // a = d = 0; whichever pair dominates decides, so odd angles snap.
  const int64_t a = matrix[0], b = matrix[1], c = matrix[3], d = matrix[4];
  const int64_t straight = std::llabs(a) + std::llabs(d);
  const int64_t turned = std::llabs(b) + std::llabs(c);
  if (straight == 0 && turned == 0) return Orientation::kNormal;
  if (straight >= turned) {
    if (a >= 0) return d >= 0 ? Orientation::kNormal : Orientation::kMirrorVertical;
    return d >= 0 ? Orientation::kMirrorHorizontal : Orientation::kRotate180;
  }
  if (b >= 0) return c >= 0 ? Orientation::kTranspose : Orientation::kRotate90;
  return c >= 0 ? Orientation::kRotate270 : Orientation::kTransverse;
}

bool SwapsWidthAndHeight(Orientation orientation) {
  return orientation == Orientation::kTranspose || orientation == Orientation::kRotate90 ||
         orientation == Orientation::kTransverse || orientation == Orientation::kRotate270;
}

void DisplayedSize(Orientation orientation, int width, int height, int* displayed_width, int* displayed_height) {
  if (SwapsWidthAndHeight(orientation)) std::swap(width, height);
  *displayed_width = width;
  *displayed_height = height;
}

void OrientPlane(const uint8_t* src, int src_stride, int width, int height, Orientation orientation, uint8_t* dst,
                 int dst_stride) {
  CopyOriented<1>(src, src_stride, width, height, orientation, dst, dst_stride);
}

Picture OrientPicture(Picture picture, Orientation orientation) {
  if (orientation == Orientation::kNormal || picture.empty()) return picture;
  int width = 0, height = 0;
  DisplayedSize(orientation, picture.width, picture.height, &width, &height);
  Picture upright(width, height);
  CopyOriented<4>(picture.pixels.data(), static_cast<ptrdiff_t>(picture.width) * 4, picture.width, picture.height,
                  orientation, upright.pixels.data(), static_cast<ptrdiff_t>(width) * 4);
  return upright;
}

}  // namespace beatframe
