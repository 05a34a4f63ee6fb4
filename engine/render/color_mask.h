// Colour glyphs (emoji): a premultiplied RGBA image as the text renderer
// produces it, and the same image converted once into the encoder's planes
// (premultiplied BT.709 Y'CbCr) so that blending it every frame is a few
// integer operations per pixel, in colour rather than as a single-tint mask.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/render/frame.h"

namespace beatframe {

// Premultiplied R'G'B'A, 8 bits each, row-major, 4 * width bytes per row.
struct RgbaImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgba;

  bool empty() const { return width == 0 || height == 0; }
  // Zero-filled (transparent) image.
  static RgbaImage Make(int width, int height);
};

// Composites premultiplied `src` over `dst` with src's top-left at (x, y).
void CompositeOver(const RgbaImage& src, int x, int y, RgbaImage& dst);

// The image in the encoder's planes, premultiplied: per luma pixel its alpha
// (0..255) and alpha * Y' / 255; per chroma pixel (2x2 block) the mean alpha
// and alpha * (C - 128) / 255 for Cb and Cr.
struct ColorMask {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> alpha;
  std::vector<uint8_t> luma;
  int half_width = 0;
  int half_height = 0;
  std::vector<uint8_t> half_alpha;
  std::vector<int16_t> half_u;
  std::vector<int16_t> half_v;

  bool empty() const { return width == 0 || height == 0; }
};

// Converts `image` with BT.709 limited range. Call at set-up time.
ColorMask MakeColorMask(const RgbaImage& image);

// Blends `mask` over `view` with its top-left at (x, y), rounded down to
// even so its chroma lines up; `alpha` (0..256) fades it. Clips to the
// frame; allocates nothing.
void DrawColorMask(const ColorMask& mask, int x, int y, int alpha, const FrameView& view);

}  // namespace beatframe
