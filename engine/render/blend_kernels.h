// Per-pixel blend kernels shared by the canvas primitives and the line
// drawing: "over" (alpha blend) and "add" (light, clamped to legal range)
// into yuv420p, with alpha in 0..256. Internal to bf_render.
#pragma once

#include <algorithm>
#include <cstdint>

#include "engine/render/yuv_canvas.h"

namespace beatframe::render_internal {

inline constexpr int kLumaMax = 235;
inline constexpr int kChromaMin = 16;
inline constexpr int kChromaMax = 240;

// For kAdd the colour arrives as an offset from black (y - 16, u - 128,
// v - 128), precomputed once per call by KernelColor.
template <BlendMode kMode>
inline void BlendLuma(uint8_t* p, int c, int a) {
  if constexpr (kMode == BlendMode::kOver) {
    *p = static_cast<uint8_t>(*p + (((c - *p) * a + 128) >> 8));
  } else {
    *p = static_cast<uint8_t>(std::min(kLumaMax, *p + ((c * a) >> 8)));
  }
}

template <BlendMode kMode>
inline void BlendChroma(uint8_t* pu, uint8_t* pv, int cu, int cv, int a) {
  if constexpr (kMode == BlendMode::kOver) {
    *pu = static_cast<uint8_t>(*pu + (((cu - *pu) * a + 128) >> 8));
    *pv = static_cast<uint8_t>(*pv + (((cv - *pv) * a + 128) >> 8));
  } else {
    *pu = static_cast<uint8_t>(std::clamp(*pu + ((cu * a) >> 8), kChromaMin, kChromaMax));
    *pv = static_cast<uint8_t>(std::clamp(*pv + ((cv * a) >> 8), kChromaMin, kChromaMax));
  }
}

// The colour in the form the kernels of `mode` expect: additive light
// arrives as an offset from black.
inline Yuv8 KernelColor(Yuv8 color, BlendMode mode) {
  if (mode == BlendMode::kOver) return color;
  return {std::max(color.y - 16, 0), color.u - 128, color.v - 128};
}

}  // namespace beatframe::render_internal
