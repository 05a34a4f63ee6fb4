#include "engine/render/background.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "engine/render/random.h"

namespace beatframe {
namespace {

constexpr int kClouds = 3;

// 8x8 Bayer matrix: thresholds spread evenly over each 8x8 tile.
constexpr std::array<uint8_t, 64> kBayer8 = {0,  32, 8,  40, 2,  34, 10, 42, 48, 16, 56, 24, 50, 18, 58, 26,
                                             12, 44, 4,  36, 14, 46, 6,  38, 60, 28, 52, 20, 62, 30, 54, 22,
                                             3,  35, 11, 43, 1,  33, 9,  41, 51, 19, 59, 27, 49, 17, 57, 25,
                                             15, 47, 7,  39, 13, 45, 5,  37, 63, 31, 55, 23, 61, 29, 53, 21};

struct Cloud {
  float x, y, radius, strength;
  Rgb color;
};

// Dither offset in [-0.5, 0.5) plus a little hash noise: the ordered part
// breaks 8-bit steps into a fine pattern, the noise hides that pattern.
float Dither(int x, int y, uint32_t salt) {
  uint32_t h = static_cast<uint32_t>(x) * 0x8DA6B343u ^ static_cast<uint32_t>(y) * 0xD8163841u ^ salt;
  h ^= h >> 15;
  h *= 0x2C1B3C6Du;
  h ^= h >> 12;
  const float noise = static_cast<float>(h & 0xFFFF) / 65536.0f - 0.5f;
  return (kBayer8[(y & 7) * 8 + (x & 7)] + 0.5f) / 64.0f - 0.5f + 0.35f * noise;
}

Rgb BackgroundAt(const Palette& palette, const std::array<Cloud, kClouds>& clouds, float x, float y,
                 float center_x, float center_y, float reach) {
  const float dx = (x - center_x) / reach, dy = (y - center_y) / reach;
  const float t = std::min(std::sqrt(dx * dx + dy * dy), 1.0f);
  const float eased = t * t * (3.0f - 2.0f * t);
  Rgb color = Mix(palette.background_inner, palette.background_outer, eased);
  for (const Cloud& cloud : clouds) {
    const float cx = (x - cloud.x) / cloud.radius, cy = (y - cloud.y) / cloud.radius;
    const float weight = cloud.strength * std::exp(-(cx * cx + cy * cy));
    color = {color.r + cloud.color.r * weight, color.g + cloud.color.g * weight,
             color.b + cloud.color.b * weight};
  }
  return Scale(color, 1.0f - 0.22f * t * t);
}

uint8_t Quantise(float value, float dither, float low, float high) {
  return static_cast<uint8_t>(std::clamp(std::floor(value + dither + 0.5f), low, high));
}

}  // namespace

void BakeBackground(const Palette& palette, float center_x, float center_y, uint32_t seed, YuvFrame& out) {
  const int width = out.width(), height = out.height();
  FrameView view = out.view();
  // Distance from the centre to the farthest corner: the gradient's 1.0.
  const float reach =
      std::max(1.0f, std::hypot(std::max(center_x, width - center_x), std::max(center_y, height - center_y)));
  SplitMix64 rng(0xB4C6F00Dull ^ seed);
  std::array<Cloud, kClouds> clouds;
  for (int i = 0; i < kClouds; ++i) {
    const float angle = rng.Uniform(0.0f, 6.2831853f);
    const float distance = rng.Uniform(0.25f, 0.6f) * reach;
    clouds[i] = {center_x + distance * std::cos(angle), center_y + distance * std::sin(angle),
                 rng.Uniform(0.35f, 0.55f) * reach, rng.Uniform(0.07f, 0.12f),
                 palette.accents[i % palette.accents.size()]};
  }
  const uint32_t salt = seed * 0x9E3779B9u;
  for (int y = 0; y < height; ++y) {
    uint8_t* row = view.planes[0] + static_cast<size_t>(y) * view.strides[0];
    for (int x = 0; x < width; ++x) {
      const YuvColor c =
          RgbToYuv709(BackgroundAt(palette, clouds, x + 0.5f, y + 0.5f, center_x, center_y, reach));
      row[x] = Quantise(c.y, Dither(x, y, salt), 16.0f, 235.0f);
    }
  }
  const int chroma_width = (width + 1) / 2, chroma_height = (height + 1) / 2;
  for (int y = 0; y < chroma_height; ++y) {
    uint8_t* u_row = view.planes[1] + static_cast<size_t>(y) * view.strides[1];
    uint8_t* v_row = view.planes[2] + static_cast<size_t>(y) * view.strides[2];
    for (int x = 0; x < chroma_width; ++x) {
      const YuvColor c = RgbToYuv709(
          BackgroundAt(palette, clouds, 2.0f * x + 1.0f, 2.0f * y + 1.0f, center_x, center_y, reach));
      // Different salts per plane so the Cb and Cr patterns do not line up.
      u_row[x] = Quantise(c.u, Dither(x, y, salt ^ 0x55u), 16.0f, 240.0f);
      v_row[x] = Quantise(c.v, Dither(x + 3, y + 5, salt ^ 0xAAu), 16.0f, 240.0f);
    }
  }
}

void CopyFrame(YuvFrame& background, FrameView& out) {
  FrameView src = background.view();
  // Only the overlap: a view of the wrong size must not be written past.
  const int width = std::min(src.width, out.width), height = std::min(src.height, out.height);
  const int rows[3] = {height, (height + 1) / 2, (height + 1) / 2};
  const int bytes[3] = {width, (width + 1) / 2, (width + 1) / 2};
  for (int plane = 0; plane < 3; ++plane) {
    if (src.strides[plane] == out.strides[plane] && src.strides[plane] == bytes[plane]) {
      std::memcpy(out.planes[plane], src.planes[plane], static_cast<size_t>(bytes[plane]) * rows[plane]);
      continue;
    }
    for (int y = 0; y < rows[plane]; ++y) {
      std::memcpy(out.planes[plane] + static_cast<size_t>(y) * out.strides[plane],
                  src.planes[plane] + static_cast<size_t>(y) * src.strides[plane], bytes[plane]);
    }
  }
}

}  // namespace beatframe
