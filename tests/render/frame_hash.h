// FNV-1a hash of a frame's visible pixels (padding excluded), for pinning
// rendered frames FATE-style.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/render/frame.h"

namespace beatframe::testing {

inline uint64_t HashFrame(const FrameView& view) {
  uint64_t hash = 1469598103934665603ull;  // FNV-1a 64
  const int widths[3] = {view.width, (view.width + 1) / 2, (view.width + 1) / 2};
  const int heights[3] = {view.height, (view.height + 1) / 2, (view.height + 1) / 2};
  for (int p = 0; p < 3; ++p) {
    for (int y = 0; y < heights[p]; ++y) {
      const uint8_t* row = view.planes[p] + static_cast<size_t>(y) * view.strides[p];
      for (int x = 0; x < widths[p]; ++x) hash = (hash ^ row[x]) * 1099511628211ull;
    }
  }
  return hash;
}

}  // namespace beatframe::testing
