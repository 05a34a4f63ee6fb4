// Helpers shared by the render tests: a frame hash for pinning rendered
// frames FATE-style, and style creation that reports a failure to gtest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "engine/audio/analysis.h"
#include "engine/render/frame.h"
#include "engine/render/style.h"

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

// The plan's style, or null (with a test failure) when it cannot be made.
inline std::unique_ptr<Style> MakeStyle(const RenderPlan& plan) {
  absl::StatusOr<std::unique_ptr<Style>> style = CreateStyle(plan);
  EXPECT_TRUE(style.ok()) << style.status();
  return style.ok() ? std::move(*style) : nullptr;
}

// The small fixed plan the style tests render: 192x108, neon, seed 7,
// `analysis`'s length.
inline RenderPlan SmallTestPlan(const std::string& style, const Analysis& analysis) {
  RenderPlan plan;
  plan.width = 192;
  plan.height = 108;
  plan.style = style;
  plan.palette = "neon";
  plan.duration_s = analysis.duration_s;
  plan.seed = 7;
  return plan;
}

}  // namespace beatframe::testing
