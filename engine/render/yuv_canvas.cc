#include "engine/render/yuv_canvas.h"

#include "engine/render/blend_kernels.h"

#include <algorithm>
#include <cmath>

namespace beatframe {
namespace {

using render_internal::BlendChroma;
using render_internal::kChromaMax;
using render_internal::kChromaMin;
using render_internal::kLumaMax;
using render_internal::BlendLuma;
using render_internal::KernelColor;

// Geometry of one plane in luma coordinates: pixel x of the plane has its
// centre at scale * x + scale / 2.
struct PlaneGeometry {
  int width;
  int height;
  float scale;
};

PlaneGeometry Plane(const FrameView& view, bool chroma) {
  if (!chroma) return {view.width, view.height, 1.0f};
  return {(view.width + 1) / 2, (view.height + 1) / 2, 2.0f};
}

// First and last index along one axis of `plane` (`limit` pixels long) of the
// pixels whose centres lie in [low, high] (luma coordinates); empty if last < first.
inline void ClipRange(const PlaneGeometry& plane, float low, float high, int limit, int* first, int* last) {
  const float half = plane.scale * 0.5f;
  *first = std::max(0, static_cast<int>(std::ceil((low - half) / plane.scale)));
  *last = std::min(limit - 1, static_cast<int>(std::floor((high - half) / plane.scale)));
}

// Visits the pixels of one plane whose centres lie in the annulus
// [inner, outer] around (cx, cy): pixel(y_row, u_row, v_row, x, index), where
// index (0..table_size-1) is the position of the squared radius in a table
// spanning [inner^2, outer^2). The ring's hole is skipped span-wise.
template <bool kChroma, typename PixelFn>
void ForEachRadialPixel(const FrameView& view, float cx, float cy, float inner, float outer, int table_size,
                        PixelFn&& pixel) {
  const PlaneGeometry plane = Plane(view, kChroma);
  const float inner2 = inner * inner;
  const float outer2 = outer * outer;
  const float to_index = table_size / (outer2 - inner2);
  const float limit = static_cast<float>(table_size);
  const float half = plane.scale * 0.5f;
  int row_first, row_last;
  ClipRange(plane, cy - outer, cy + outer, plane.height, &row_first, &row_last);
  for (int row = row_first; row <= row_last; ++row) {
    const float dy = plane.scale * row + half - cy;
    const float dy2 = dy * dy;
    if (dy2 >= outer2) continue;
    const float half_outer = std::sqrt(outer2 - dy2);
    int spans[2][2];
    int span_count = 1;
    ClipRange(plane, cx - half_outer, cx + half_outer, plane.width, &spans[0][0], &spans[0][1]);
    if (dy2 < inner2) {
      int hole_first, hole_last;
      const float half_inner = std::sqrt(inner2 - dy2);
      ClipRange(plane, cx - half_inner, cx + half_inner, plane.width, &hole_first, &hole_last);
      // Shrink the hole by a pixel: rounding must never skip a visible pixel.
      if (hole_last - hole_first >= 2) {
        spans[1][0] = hole_last;
        spans[1][1] = spans[0][1];
        spans[0][1] = std::min(spans[0][1], hole_first);
        span_count = 2;
      }
    }
    uint8_t* y_row = view.planes[0] + static_cast<size_t>(row) * view.strides[0];
    uint8_t* u_row = view.planes[1] + static_cast<size_t>(row) * view.strides[1];
    uint8_t* v_row = view.planes[2] + static_cast<size_t>(row) * view.strides[2];
    const float base = dy2 - inner2;
    for (int span = 0; span < span_count; ++span) {
      for (int x = std::max(spans[span][0], 0); x <= spans[span][1]; ++x) {
        const float dx = plane.scale * x + half - cx;
        const float t = (dx * dx + base) * to_index;
        if (!(t >= 0.0f && t < limit)) continue;
        pixel(y_row, u_row, v_row, x, static_cast<int>(t));
      }
    }
  }
}

template <BlendMode kMode, bool kChroma>
void RadialPlane(const FrameView& view, const uint16_t* lut, float cx, float cy, float inner, float outer,
                 Yuv8 c, int alpha) {
  ForEachRadialPixel<kChroma>(view, cx, cy, inner, outer, RadialLut::kSize,
                              [&](uint8_t* y_row, uint8_t* u_row, uint8_t* v_row, int x, int index) {
                                const int a = (lut[index] * alpha + 128) >> 8;
                                if (a == 0) return;
                                if constexpr (kChroma) {
                                  BlendChroma<kMode>(u_row + x, v_row + x, c.u, c.v, a);
                                } else {
                                  BlendLuma<kMode>(y_row + x, c.y, a);
                                }
                              });
}

void PaintPlanes(const FrameView& view, const RadialPaint& paint, float cx, float cy, float inner,
                 float outer) {
  const uint16_t* keep = paint.keep();
  const int16_t* light_y = paint.y();
  const int16_t* light_u = paint.u();
  const int16_t* light_v = paint.v();
  // Light is stored in 1/64 units; * 4 brings it to the 1/256 of the keep factor.
  ForEachRadialPixel<false>(view, cx, cy, inner, outer, RadialPaint::kSize,
                            [&](uint8_t* y_row, uint8_t*, uint8_t*, int x, int i) {
                              const int value = (y_row[x] * keep[i] + light_y[i] * 4 + 128) >> 8;
                              y_row[x] = static_cast<uint8_t>(std::clamp(value, 0, kLumaMax));
                            });
  ForEachRadialPixel<true>(view, cx, cy, inner, outer, RadialPaint::kSize,
                           [&](uint8_t*, uint8_t* u_row, uint8_t* v_row, int x, int i) {
                             const int u = 128 + (((u_row[x] - 128) * keep[i] + light_u[i] * 4 + 128) >> 8);
                             const int v = 128 + (((v_row[x] - 128) * keep[i] + light_v[i] * 4 + 128) >> 8);
                             u_row[x] = static_cast<uint8_t>(std::clamp(u, kChromaMin, kChromaMax));
                             v_row[x] = static_cast<uint8_t>(std::clamp(v, kChromaMin, kChromaMax));
                           });
}

// Narrows [*low, *high] to the x where lo <= k * x + m <= hi (k's reciprocal
// given, 0 when k is ~0). Returns false when nothing is left.
inline bool ClipLinear(float k, float inv_k, float m, float lo, float hi, float* low, float* high) {
  if (inv_k == 0.0f) return m >= lo && m <= hi;
  float a = (lo - m) * inv_k;
  float b = (hi - m) * inv_k;
  if (a > b) std::swap(a, b);
  *low = std::max(*low, a);
  *high = std::min(*high, b);
  return *low <= *high;
}

template <BlendMode kMode, bool kChroma>
void CapsulePlane(const FrameView& view, float ax, float ay, float ux, float uy, float length, float radius,
                  Yuv8 c, int alpha_a, int alpha_b) {
  const PlaneGeometry plane = Plane(view, kChroma);
  const float half = plane.scale * 0.5f;
  const float inv_scale = 1.0f / plane.scale;
  // Coverage falls from 1 to 0 over one pixel of this plane around the edge:
  // coverage = (radius - distance) / scale + 0.5.
  const float edge = radius * inv_scale + 0.5f;
  const float reach = radius + half + 0.5f;
  const float alpha_slope = length > 0.0f ? (alpha_b - alpha_a) / length : 0.0f;
  const float inv_ux = std::abs(ux) < 1e-6f ? 0.0f : 1.0f / ux;
  const float inv_uy = std::abs(uy) < 1e-6f ? 0.0f : 1.0f / uy;
  // Moving one pixel right changes along by scale * ux and perp by scale * uy.
  const float step_along = plane.scale * ux, step_perp = plane.scale * uy;
  int row_first, row_last;
  ClipRange(plane, std::min(ay, ay + uy * length) - reach, std::max(ay, ay + uy * length) + reach,
            plane.height, &row_first, &row_last);
  for (int row = row_first; row <= row_last; ++row) {
    const float ry = plane.scale * row + half - ay;
    // along(x) = (x - ax) * ux + ry * uy, perp(x) = (x - ax) * uy - ry * ux.
    float low = -1e30f, high = 1e30f;
    if (!ClipLinear(ux, inv_ux, ry * uy, -reach, length + reach, &low, &high)) continue;
    if (!ClipLinear(uy, inv_uy, -ry * ux, -reach, reach, &low, &high)) continue;
    int x_first, x_last;
    ClipRange(plane, ax + low, ax + high, plane.width, &x_first, &x_last);
    if (x_first > x_last) continue;
    uint8_t* y_row = view.planes[0] + static_cast<size_t>(row) * view.strides[0];
    uint8_t* u_row = view.planes[1] + static_cast<size_t>(row) * view.strides[1];
    uint8_t* v_row = view.planes[2] + static_cast<size_t>(row) * view.strides[2];
    const float rx = plane.scale * x_first + half - ax;
    float along = rx * ux + ry * uy;
    float perp = rx * uy - ry * ux;
    for (int x = x_first; x <= x_last; ++x, along += step_along, perp += step_perp) {
      const float beyond = along < 0.0f ? -along : (along > length ? along - length : 0.0f);
      // The square root is only needed in the round caps.
      const float distance = beyond > 0.0f ? std::sqrt(beyond * beyond + perp * perp) : std::abs(perp);
      const float coverage = edge - distance * inv_scale;
      if (coverage <= 0.0f) continue;
      const float ramp = alpha_a + alpha_slope * std::clamp(along, 0.0f, length);
      const int a = static_cast<int>((coverage < 1.0f ? coverage : 1.0f) * ramp + 0.5f);
      if constexpr (kChroma) {
        BlendChroma<kMode>(u_row + x, v_row + x, c.u, c.v, a);
      } else {
        BlendLuma<kMode>(y_row + x, c.y, a);
      }
    }
  }
}

template <BlendMode kMode>
void MaskPlanes(const FrameView& view, const AlphaMask& mask, int x0, int y0, Yuv8 c, int alpha) {
  for (int my = 0; my < mask.height; ++my) {
    const int y = y0 + my;
    if (y < 0 || y >= view.height) continue;
    const uint8_t* src = mask.alpha.data() + static_cast<size_t>(my) * mask.width;
    uint8_t* dst = view.planes[0] + static_cast<size_t>(y) * view.strides[0];
    const int first = std::max(0, -x0), last = std::min(mask.width, view.width - x0);
    for (int mx = first; mx < last; ++mx) {
      if (src[mx] == 0) continue;
      BlendLuma<kMode>(dst + x0 + mx, c.y, (src[mx] * alpha + 128) >> 8);
    }
  }
  const int cx0 = x0 / 2, cy0 = y0 / 2;
  const int chroma_width = (view.width + 1) / 2, chroma_height = (view.height + 1) / 2;
  for (int my = 0; my < mask.half_height; ++my) {
    const int y = cy0 + my;
    if (y < 0 || y >= chroma_height) continue;
    const uint8_t* src = mask.half_alpha.data() + static_cast<size_t>(my) * mask.half_width;
    uint8_t* u = view.planes[1] + static_cast<size_t>(y) * view.strides[1] + cx0;
    uint8_t* v = view.planes[2] + static_cast<size_t>(y) * view.strides[2] + cx0;
    const int first = std::max(0, -cx0), last = std::min(mask.half_width, chroma_width - cx0);
    for (int mx = first; mx < last; ++mx) {
      if (src[mx] == 0) continue;
      BlendChroma<kMode>(u + mx, v + mx, c.u, c.v, (src[mx] * alpha + 128) >> 8);
    }
  }
}

}  // namespace

Yuv8 ToYuv8(const YuvColor& color) {
  return {std::clamp(static_cast<int>(std::lround(color.y)), 16, kLumaMax),
          std::clamp(static_cast<int>(std::lround(color.u)), kChromaMin, kChromaMax),
          std::clamp(static_cast<int>(std::lround(color.v)), kChromaMin, kChromaMax)};
}

void YuvCanvas::DrawRadial(const RadialLut& lut, float cx, float cy, float inner, float outer, Yuv8 color,
                           int alpha, BlendMode mode) {
  if (alpha <= 0 || !(outer > inner) || outer <= 0.0f) return;
  inner = std::max(inner, 0.0f);
  const Yuv8 c = KernelColor(color, mode);
  if (mode == BlendMode::kOver) {
    RadialPlane<BlendMode::kOver, false>(view_, lut.data(), cx, cy, inner, outer, c, alpha);
    RadialPlane<BlendMode::kOver, true>(view_, lut.data(), cx, cy, inner, outer, c, alpha);
  } else {
    RadialPlane<BlendMode::kAdd, false>(view_, lut.data(), cx, cy, inner, outer, c, alpha);
    RadialPlane<BlendMode::kAdd, true>(view_, lut.data(), cx, cy, inner, outer, c, alpha);
  }
}

void YuvCanvas::DrawRadialPaint(const RadialPaint& paint, float cx, float cy, float inner, float outer) {
  if (!(outer > inner) || outer <= 0.0f) return;
  PaintPlanes(view_, paint, cx, cy, std::max(inner, 0.0f), outer);
}

RadialPaint::Sample RadialPaint::Over(const YuvColor& color, float alpha) {
  alpha = std::clamp(alpha, 0.0f, 1.0f);
  return {1.0f - alpha, alpha * color.y, alpha * (color.u - 128.0f), alpha * (color.v - 128.0f)};
}

RadialPaint::Sample RadialPaint::Add(Sample under, const YuvColor& light, float amount) {
  under.y += amount * (light.y - 16.0f);
  under.u += amount * (light.u - 128.0f);
  under.v += amount * (light.v - 128.0f);
  return under;
}

void YuvCanvas::DrawCapsule(float ax, float ay, float bx, float by, float radius, Yuv8 color, int alpha_a,
                            int alpha_b, BlendMode mode) {
  if ((alpha_a <= 0 && alpha_b <= 0) || radius <= 0.0f) return;
  float length = std::hypot(bx - ax, by - ay);
  float ux = 1.0f, uy = 0.0f;
  if (length > 1e-4f) {
    ux = (bx - ax) / length;
    uy = (by - ay) / length;
  } else {
    length = 0.0f;
  }
  const Yuv8 c = KernelColor(color, mode);
  if (mode == BlendMode::kOver) {
    CapsulePlane<BlendMode::kOver, false>(view_, ax, ay, ux, uy, length, radius, c, alpha_a, alpha_b);
    CapsulePlane<BlendMode::kOver, true>(view_, ax, ay, ux, uy, length, radius, c, alpha_a, alpha_b);
  } else {
    CapsulePlane<BlendMode::kAdd, false>(view_, ax, ay, ux, uy, length, radius, c, alpha_a, alpha_b);
    CapsulePlane<BlendMode::kAdd, true>(view_, ax, ay, ux, uy, length, radius, c, alpha_a, alpha_b);
  }
}

void YuvCanvas::DrawMask(const AlphaMask& mask, int x, int y, Yuv8 color, int alpha, BlendMode mode) {
  if (alpha <= 0 || mask.empty()) return;
  // Round towards negative infinity so chroma sits at exactly half the luma offset.
  x = x >= 0 ? x & ~1 : -((-x + 1) & ~1);
  y = y >= 0 ? y & ~1 : -((-y + 1) & ~1);
  const Yuv8 c = KernelColor(color, mode);
  if (mode == BlendMode::kOver) {
    MaskPlanes<BlendMode::kOver>(view_, mask, x, y, c, alpha);
  } else {
    MaskPlanes<BlendMode::kAdd>(view_, mask, x, y, c, alpha);
  }
}

void YuvCanvas::FadeToBlack(int level) {
  if (level >= 256) return;
  level = std::max(level, 0);
  const int chroma_width = (view_.width + 1) / 2, chroma_height = (view_.height + 1) / 2;
  for (int y = 0; y < view_.height; ++y) {
    uint8_t* row = view_.planes[0] + static_cast<size_t>(y) * view_.strides[0];
    for (int x = 0; x < view_.width; ++x) row[x] = static_cast<uint8_t>(16 + (((row[x] - 16) * level) >> 8));
  }
  for (int plane = 1; plane < 3; ++plane) {
    for (int y = 0; y < chroma_height; ++y) {
      uint8_t* row = view_.planes[plane] + static_cast<size_t>(y) * view_.strides[plane];
      for (int x = 0; x < chroma_width; ++x) {
        row[x] = static_cast<uint8_t>(128 + (((row[x] - 128) * level) >> 8));
      }
    }
  }
}

}  // namespace beatframe
