#include "engine/render/bitmap_scale.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace beatframe {
namespace {

// Source pixels and weights that make up each output pixel along one axis.
struct Taps {
  std::vector<int> begin;  // out_len + 1 offsets into `source` and `weight`
  std::vector<int> source;
  std::vector<float> weight;
};

Taps AxisTaps(int in_len, int out_len, float scale, float offset) {
  Taps taps;
  taps.begin.reserve(out_len + 1);
  for (int i = 0; i < out_len; ++i) {
    taps.begin.push_back(static_cast<int>(taps.source.size()));
    const auto add = [&](int j, float w) {
      if (j >= 0 && j < in_len && w > 0.0f) {
        taps.source.push_back(j);
        taps.weight.push_back(w);
      }
    };
    if (scale < 1.0f) {
      // Area average: the source span this output pixel covers.
      const float lo = (i - offset) / scale, hi = (i + 1 - offset) / scale;
      for (int j = static_cast<int>(std::floor(lo)); j < static_cast<int>(std::ceil(hi)); ++j) {
        add(j, (std::min(hi, j + 1.0f) - std::max(lo, static_cast<float>(j))) * scale);
      }
    } else {
      const float c = (i + 0.5f - offset) / scale - 0.5f;
      const int j = static_cast<int>(std::floor(c));
      const float t = c - j;
      add(j, 1.0f - t);
      add(j + 1, t);
    }
  }
  taps.begin.push_back(static_cast<int>(taps.source.size()));
  return taps;
}

}  // namespace

RgbaImage ScaleBgra(const uint8_t* pixels, int width, int height, int pitch, float scale, float offset_x,
                    float offset_y) {
  if (pixels == nullptr || width <= 0 || height <= 0 || !(scale > 0.0f)) return {};
  const int out_w = static_cast<int>(std::ceil(offset_x + width * scale));
  const int out_h = static_cast<int>(std::ceil(offset_y + height * scale));
  const Taps across = AxisTaps(width, out_w, scale, offset_x);
  const Taps down = AxisTaps(height, out_h, scale, offset_y);
  // Horizontal pass into floats (RGBA order), then vertical into bytes.
  std::vector<float> rows(static_cast<size_t>(out_w) * height * 4, 0.0f);
  for (int y = 0; y < height; ++y) {
    const uint8_t* src = pixels + static_cast<ptrdiff_t>(y) * pitch;
    float* dst = &rows[static_cast<size_t>(y) * out_w * 4];
    for (int x = 0; x < out_w; ++x) {
      for (int t = across.begin[x]; t < across.begin[x + 1]; ++t) {
        const uint8_t* p = src + across.source[t] * 4;
        const float w = across.weight[t];
        dst[x * 4 + 0] += w * p[2];
        dst[x * 4 + 1] += w * p[1];
        dst[x * 4 + 2] += w * p[0];
        dst[x * 4 + 3] += w * p[3];
      }
    }
  }
  RgbaImage out = RgbaImage::Make(out_w, out_h);
  for (int y = 0; y < out_h; ++y) {
    for (int x = 0; x < out_w; ++x) {
      float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
      for (int t = down.begin[y]; t < down.begin[y + 1]; ++t) {
        const float* p = &rows[(static_cast<size_t>(down.source[t]) * out_w + x) * 4];
        for (int c = 0; c < 4; ++c) acc[c] += down.weight[t] * p[c];
      }
      uint8_t* o = &out.rgba[(static_cast<size_t>(y) * out_w + x) * 4];
      const float alpha = std::clamp(acc[3], 0.0f, 255.0f);
      o[3] = static_cast<uint8_t>(std::lround(alpha));
      // Premultiplied: a colour can never exceed its alpha.
      for (int c = 0; c < 3; ++c) o[c] = static_cast<uint8_t>(std::lround(std::clamp(acc[c], 0.0f, alpha)));
    }
  }
  return out;
}

}  // namespace beatframe
