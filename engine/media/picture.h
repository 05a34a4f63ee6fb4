// An 8-bit RGBA still image (cover art, photos) and the few operations the
// renderers need on it before converting to YUV: resampling, blur, darkening
// and colour statistics. Plain CPU code with no FFmpeg, run once per render,
// never per frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace beatframe {

// Pixels are R, G, B, A bytes (sRGB, straight alpha), rows packed (stride =
// 4 * width).
struct Picture {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;

  Picture() = default;
  Picture(int w, int h) : width(w), height(h), pixels(static_cast<size_t>(w) * h * 4, 255) {}
  bool empty() const { return width <= 0 || height <= 0; }
  uint8_t* at(int x, int y) { return &pixels[(static_cast<size_t>(y) * width + x) * 4]; }
  const uint8_t* at(int x, int y) const { return &pixels[(static_cast<size_t>(y) * width + x) * 4]; }
};

struct Rgb8 {
  uint8_t r = 0;
  uint8_t g = 0;
  uint8_t b = 0;
};

// Resamples to width x height with a tent filter as wide as the scale step,
// so downscaling averages (no aliasing) and upscaling interpolates. An empty
// image or a non-positive size gives an empty image.
Picture ScaleImage(const Picture& image, int width, int height);

// Scales to cover width x height keeping the aspect ratio, then crops the
// centre (CSS "object-fit: cover").
Picture ScaleToCover(const Picture& image, int width, int height);

// Box blur of the given radius (pixels) along rows then columns, edges clamped.
void BoxBlur(Picture& image, int radius);
// Three box passes, which approximate a gaussian of standard deviation `sigma`.
void GaussianBlur(Picture& image, float sigma);

// Multiplies R, G and B by `factor` (0..1), leaving alpha.
void Darken(Picture& image, float factor);

// The mean colour of the opaque pixels (black for an empty image).
Rgb8 AverageColor(const Picture& image);

// Up to `count` colours that cover much of the image, most prominent first,
// favouring saturated ones and skipping near-duplicates of colours already
// chosen. Fewer when the image has fewer distinct colours.
std::vector<Rgb8> DominantColors(const Picture& image, int count);

}  // namespace beatframe
