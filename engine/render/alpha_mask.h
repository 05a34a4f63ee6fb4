// An 8-bit coverage image (glyphs, shadows) with a half-resolution copy for
// the chroma planes. Built once when a style is created, blended every frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace beatframe {

struct AlphaMask {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> alpha;  // width * height, row-major
  int half_width = 0;
  int half_height = 0;
  std::vector<uint8_t> half_alpha;  // 2x2 box-filtered copy, for chroma

  bool empty() const { return width == 0 || height == 0; }
  uint8_t at(int x, int y) const { return alpha[static_cast<size_t>(y) * width + x]; }
  // Recomputes half_alpha from alpha. Call after changing alpha.
  void BuildHalf();
};

AlphaMask MakeMask(int width, int height);
// A copy of `mask` with `pad` empty pixels on every side (room for a blur).
AlphaMask PadMask(const AlphaMask& mask, int pad);
// Approximately Gaussian blur (three box passes each way) of the given radius.
void BlurMask(AlphaMask& mask, int radius);
// Pastes `src` into `dst` at (x, y), keeping the larger coverage per pixel.
void StampMax(const AlphaMask& src, int x, int y, AlphaMask& dst);

}  // namespace beatframe
