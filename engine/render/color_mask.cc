#include "engine/render/color_mask.h"

#include <algorithm>
#include <cmath>

#include "engine/render/palette.h"

namespace beatframe {
namespace {

constexpr int kLumaMax = 235;
constexpr int kChromaMin = 16;
constexpr int kChromaMax = 240;

// Rounded x / 255 for x >= 0 and x < 0.
inline int Div255(int x) { return x >= 0 ? (x + 127) / 255 : -((-x + 127) / 255); }

}  // namespace

RgbaImage RgbaImage::Make(int width, int height) {
  RgbaImage image;
  image.width = std::max(width, 0);
  image.height = std::max(height, 0);
  image.rgba.assign(static_cast<size_t>(image.width) * image.height * 4, 0);
  return image;
}

void CompositeOver(const RgbaImage& src, int x, int y, RgbaImage& dst) {
  for (int sy = 0; sy < src.height; ++sy) {
    const int dy = y + sy;
    if (dy < 0 || dy >= dst.height) continue;
    for (int sx = 0; sx < src.width; ++sx) {
      const int dx = x + sx;
      if (dx < 0 || dx >= dst.width) continue;
      const uint8_t* s = &src.rgba[(static_cast<size_t>(sy) * src.width + sx) * 4];
      uint8_t* d = &dst.rgba[(static_cast<size_t>(dy) * dst.width + dx) * 4];
      const int keep = 255 - s[3];
      for (int c = 0; c < 4; ++c) d[c] = static_cast<uint8_t>(std::min(255, s[c] + Div255(d[c] * keep)));
    }
  }
}

ColorMask MakeColorMask(const RgbaImage& image) {
  ColorMask mask;
  if (image.empty()) return mask;
  const int w = image.width, h = image.height;
  mask.width = w;
  mask.height = h;
  mask.alpha.resize(static_cast<size_t>(w) * h);
  mask.luma.resize(mask.alpha.size());
  // Premultiplied offsets from black per pixel, kept in float for the 2x2 means.
  std::vector<float> u_offset(mask.alpha.size()), v_offset(mask.alpha.size());
  for (size_t i = 0; i < mask.alpha.size(); ++i) {
    const uint8_t* p = &image.rgba[i * 4];
    const float a = p[3] / 255.0f;
    // Y'CbCr is affine in R'G'B', so converting premultiplied values gives
    // premultiplied ones once the offsets are scaled by alpha.
    const YuvColor c = RgbToYuv709({static_cast<float>(p[0]), static_cast<float>(p[1]), static_cast<float>(p[2])});
    mask.alpha[i] = p[3];
    mask.luma[i] = static_cast<uint8_t>(std::clamp(std::lround(c.y - 16.0f + 16.0f * a), 0L, 255L));
    u_offset[i] = c.u - 128.0f;
    v_offset[i] = c.v - 128.0f;
  }
  mask.half_width = (w + 1) / 2;
  mask.half_height = (h + 1) / 2;
  const size_t half_size = static_cast<size_t>(mask.half_width) * mask.half_height;
  mask.half_alpha.resize(half_size);
  mask.half_u.resize(half_size);
  mask.half_v.resize(half_size);
  for (int y = 0; y < mask.half_height; ++y) {
    for (int x = 0; x < mask.half_width; ++x) {
      float a = 0.0f, u = 0.0f, v = 0.0f;
      for (int dy = 0; dy < 2; ++dy) {
        for (int dx = 0; dx < 2; ++dx) {
          const int sx = 2 * x + dx, sy = 2 * y + dy;
          if (sx >= w || sy >= h) continue;
          const size_t i = static_cast<size_t>(sy) * w + sx;
          a += mask.alpha[i];
          u += u_offset[i];
          v += v_offset[i];
        }
      }
      const size_t o = static_cast<size_t>(y) * mask.half_width + x;
      mask.half_alpha[o] = static_cast<uint8_t>(std::lround(a / 4.0f));
      mask.half_u[o] = static_cast<int16_t>(std::lround(u / 4.0f));
      mask.half_v[o] = static_cast<int16_t>(std::lround(v / 4.0f));
    }
  }
  return mask;
}

void DrawColorMask(const ColorMask& mask, int x, int y, int alpha, const FrameView& view) {
  if (alpha <= 0 || mask.empty()) return;
  alpha = std::min(alpha, 256);
  x = x >= 0 ? x & ~1 : -((-x + 1) & ~1);
  y = y >= 0 ? y & ~1 : -((-y + 1) & ~1);
  for (int my = 0; my < mask.height; ++my) {
    const int fy = y + my;
    if (fy < 0 || fy >= view.height) continue;
    const uint8_t* a_row = mask.alpha.data() + static_cast<size_t>(my) * mask.width;
    const uint8_t* l_row = mask.luma.data() + static_cast<size_t>(my) * mask.width;
    uint8_t* dst = view.planes[0] + static_cast<size_t>(fy) * view.strides[0] + x;
    const int first = std::max(0, -x), last = std::min(mask.width, view.width - x);
    for (int mx = first; mx < last; ++mx) {
      if (a_row[mx] == 0) continue;
      const int a = (a_row[mx] * alpha + 128) >> 8;
      const int light = (l_row[mx] * alpha + 128) >> 8;
      dst[mx] = static_cast<uint8_t>(std::clamp(dst[mx] - Div255(dst[mx] * a) + light, 0, kLumaMax));
    }
  }
  const int cx = x / 2, cy = y / 2;
  const int chroma_width = (view.width + 1) / 2, chroma_height = (view.height + 1) / 2;
  for (int my = 0; my < mask.half_height; ++my) {
    const int fy = cy + my;
    if (fy < 0 || fy >= chroma_height) continue;
    const size_t row = static_cast<size_t>(my) * mask.half_width;
    uint8_t* u = view.planes[1] + static_cast<size_t>(fy) * view.strides[1] + cx;
    uint8_t* v = view.planes[2] + static_cast<size_t>(fy) * view.strides[2] + cx;
    const int first = std::max(0, -cx), last = std::min(mask.half_width, chroma_width - cx);
    for (int mx = first; mx < last; ++mx) {
      if (mask.half_alpha[row + mx] == 0) continue;
      const int a = (mask.half_alpha[row + mx] * alpha + 128) >> 8;
      const int lu = (mask.half_u[row + mx] * alpha) / 256;
      const int lv = (mask.half_v[row + mx] * alpha) / 256;
      u[mx] = static_cast<uint8_t>(std::clamp(u[mx] - Div255((u[mx] - 128) * a) + lu, kChromaMin, kChromaMax));
      v[mx] = static_cast<uint8_t>(std::clamp(v[mx] - Div255((v[mx] - 128) * a) + lv, kChromaMin, kChromaMax));
    }
  }
}

}  // namespace beatframe
