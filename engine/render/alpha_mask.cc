#include "engine/render/alpha_mask.h"

#include <algorithm>

namespace beatframe {
namespace {

// One box pass of width 2 * radius + 1 over `count` samples spaced `step`
// apart, with zero outside; `scratch` holds the unfiltered copy.
void BoxPass(uint8_t* data, int count, int step, int radius, std::vector<int>& scratch) {
  scratch.assign(count, 0);
  for (int i = 0; i < count; ++i) scratch[i] = data[static_cast<size_t>(i) * step];
  const int window = 2 * radius + 1;
  int sum = 0;
  for (int i = 0; i <= std::min(radius, count - 1); ++i) sum += scratch[i];
  for (int i = 0; i < count; ++i) {
    data[static_cast<size_t>(i) * step] = static_cast<uint8_t>((sum + window / 2) / window);
    const int add = i + radius + 1;
    const int drop = i - radius;
    if (add < count) sum += scratch[add];
    if (drop >= 0) sum -= scratch[drop];
  }
}

}  // namespace

void AlphaMask::BuildHalf() {
  half_width = (width + 1) / 2;
  half_height = (height + 1) / 2;
  half_alpha.assign(static_cast<size_t>(half_width) * half_height, 0);
  for (int y = 0; y < half_height; ++y) {
    for (int x = 0; x < half_width; ++x) {
      int sum = 0;
      for (int dy = 0; dy < 2; ++dy) {
        for (int dx = 0; dx < 2; ++dx) {
          const int sx = 2 * x + dx;
          const int sy = 2 * y + dy;
          if (sx < width && sy < height) sum += at(sx, sy);
        }
      }
      half_alpha[static_cast<size_t>(y) * half_width + x] = static_cast<uint8_t>((sum + 2) / 4);
    }
  }
}

AlphaMask MakeMask(int width, int height) {
  AlphaMask mask;
  mask.width = std::max(width, 0);
  mask.height = std::max(height, 0);
  mask.alpha.assign(static_cast<size_t>(mask.width) * mask.height, 0);
  return mask;
}

AlphaMask PadMask(const AlphaMask& mask, int pad) {
  AlphaMask out = MakeMask(mask.width + 2 * pad, mask.height + 2 * pad);
  StampMax(mask, pad, pad, out);
  return out;
}

void BlurMask(AlphaMask& mask, int radius) {
  if (radius <= 0 || mask.empty()) return;
  std::vector<int> scratch;
  for (int pass = 0; pass < 3; ++pass) {
    for (int y = 0; y < mask.height; ++y) {
      BoxPass(mask.alpha.data() + static_cast<size_t>(y) * mask.width, mask.width, 1, radius, scratch);
    }
    for (int x = 0; x < mask.width; ++x) {
      BoxPass(mask.alpha.data() + x, mask.height, mask.width, radius, scratch);
    }
  }
}

void StampMax(const AlphaMask& src, int x, int y, AlphaMask& dst) {
  for (int sy = 0; sy < src.height; ++sy) {
    const int dy = y + sy;
    if (dy < 0 || dy >= dst.height) continue;
    for (int sx = 0; sx < src.width; ++sx) {
      const int dx = x + sx;
      if (dx < 0 || dx >= dst.width) continue;
      uint8_t& out = dst.alpha[static_cast<size_t>(dy) * dst.width + dx];
      out = std::max(out, src.at(sx, sy));
    }
  }
}

}  // namespace beatframe
