#include "engine/media/picture.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace beatframe {
namespace {

// One output sample's taps along an axis: source index range and weights.
struct Taps {
  int first = 0;
  std::vector<float> weights;
};

// Tent filter taps for resampling `in` samples to `out`; the filter widens
// with the downscale factor so every source sample contributes.
std::vector<Taps> MakeTaps(int in, int out) {
  const float step = static_cast<float>(in) / out;
  const float support = std::max(1.0f, step);
  std::vector<Taps> taps(out);
  for (int i = 0; i < out; ++i) {
    const float centre = (i + 0.5f) * step - 0.5f;
    const int first = std::max(0, static_cast<int>(std::floor(centre - support)));
    const int last = std::min(in - 1, static_cast<int>(std::ceil(centre + support)));
    taps[i].first = first;
    float sum = 0.0f;
    for (int j = first; j <= last; ++j) {
      const float w = std::max(0.0f, 1.0f - std::abs(j - centre) / support);
      taps[i].weights.push_back(w);
      sum += w;
    }
    if (sum <= 0.0f) {  // centre beyond the edge: take the nearest sample
      taps[i].first = std::clamp(static_cast<int>(std::lround(centre)), 0, in - 1);
      taps[i].weights.assign(1, 1.0f);
      continue;
    }
    for (float& w : taps[i].weights) w /= sum;
  }
  return taps;
}

uint8_t ToByte(float v) { return static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L)); }

// One box pass along rows (step 4 bytes) or columns, with a running sum.
void BoxPass(Picture& image, int radius, bool rows) {
  const int lines = rows ? image.height : image.width;
  const int length = rows ? image.width : image.height;
  std::vector<std::array<int, 4>> line(length);
  const int window = 2 * radius + 1;
  for (int l = 0; l < lines; ++l) {
    auto pixel = [&](int i) { return rows ? image.at(i, l) : image.at(l, i); };
    for (int i = 0; i < length; ++i) {
      const uint8_t* p = pixel(i);
      line[i] = {p[0], p[1], p[2], p[3]};
    }
    std::array<int, 4> sum{};
    for (int k = -radius; k <= radius; ++k) {
      const auto& s = line[std::clamp(k, 0, length - 1)];
      for (int c = 0; c < 4; ++c) sum[c] += s[c];
    }
    for (int i = 0; i < length; ++i) {
      uint8_t* p = pixel(i);
      for (int c = 0; c < 4; ++c) p[c] = static_cast<uint8_t>((sum[c] + window / 2) / window);
      const auto& out = line[std::clamp(i - radius, 0, length - 1)];
      const auto& in = line[std::clamp(i + radius + 1, 0, length - 1)];
      for (int c = 0; c < 4; ++c) sum[c] += in[c] - out[c];
    }
  }
}

float Saturation(float r, float g, float b) {
  const float hi = std::max({r, g, b}), lo = std::min({r, g, b});
  return hi <= 0.0f ? 0.0f : (hi - lo) / hi;
}

}  // namespace

Picture ScaleImage(const Picture& image, int width, int height) {
  if (image.empty() || width <= 0 || height <= 0) return {};
  const std::vector<Taps> xs = MakeTaps(image.width, width);
  const std::vector<Taps> ys = MakeTaps(image.height, height);
  // Rows first into a float buffer, then columns.
  std::vector<float> horizontal(static_cast<size_t>(width) * image.height * 4);
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < width; ++x) {
      float acc[4] = {0, 0, 0, 0};
      const Taps& t = xs[x];
      for (size_t k = 0; k < t.weights.size(); ++k) {
        const uint8_t* p = image.at(t.first + static_cast<int>(k), y);
        for (int c = 0; c < 4; ++c) acc[c] += t.weights[k] * p[c];
      }
      float* out = &horizontal[(static_cast<size_t>(y) * width + x) * 4];
      for (int c = 0; c < 4; ++c) out[c] = acc[c];
    }
  }
  Picture result(width, height);
  for (int y = 0; y < height; ++y) {
    const Taps& t = ys[y];
    for (int x = 0; x < width; ++x) {
      float acc[4] = {0, 0, 0, 0};
      for (size_t k = 0; k < t.weights.size(); ++k) {
        const float* p = &horizontal[(static_cast<size_t>(t.first + k) * width + x) * 4];
        for (int c = 0; c < 4; ++c) acc[c] += t.weights[k] * p[c];
      }
      uint8_t* out = result.at(x, y);
      for (int c = 0; c < 4; ++c) out[c] = ToByte(acc[c]);
    }
  }
  return result;
}

Picture ScaleToCover(const Picture& image, int width, int height) {
  if (image.empty() || width <= 0 || height <= 0) return {};
  const double scale = std::max(static_cast<double>(width) / image.width, static_cast<double>(height) / image.height);
  const int scaled_w = std::max(width, static_cast<int>(std::lround(image.width * scale)));
  const int scaled_h = std::max(height, static_cast<int>(std::lround(image.height * scale)));
  // A still decoded at its cover size needs only the crop (the tent filter
  // at scale 1 is the identity, so skipping it changes no pixel).
  const bool same_size = scaled_w == image.width && scaled_h == image.height;
  const Picture resampled = same_size ? Picture() : ScaleImage(image, scaled_w, scaled_h);
  const Picture& scaled = same_size ? image : resampled;
  Picture result(width, height);
  const int x0 = (scaled_w - width) / 2, y0 = (scaled_h - height) / 2;
  for (int y = 0; y < height; ++y) {
    std::copy_n(scaled.at(x0, y0 + y), static_cast<size_t>(width) * 4, result.at(0, y));
  }
  return result;
}

void BoxBlur(Picture& image, int radius) {
  if (image.empty() || radius <= 0) return;
  BoxPass(image, radius, true);
  BoxPass(image, radius, false);
}

void GaussianBlur(Picture& image, float sigma) {
  // Three boxes of width w have variance 3 * (w^2 - 1) / 12 = sigma^2.
  const int radius = std::max(1, static_cast<int>(std::lround((std::sqrt(4.0f * sigma * sigma + 1.0f) - 1.0f) / 2.0f)));
  for (int pass = 0; pass < 3; ++pass) BoxBlur(image, radius);
}

void Darken(Picture& image, float factor) {
  const float f = std::clamp(factor, 0.0f, 1.0f);
  for (size_t i = 0; i < image.pixels.size(); i += 4) {
    for (int c = 0; c < 3; ++c) image.pixels[i + c] = ToByte(image.pixels[i + c] * f);
  }
}

Rgb8 AverageColor(const Picture& image) {
  double sum[3] = {0, 0, 0}, weight = 0;
  for (size_t i = 0; i < image.pixels.size(); i += 4) {
    const double a = image.pixels[i + 3] / 255.0;
    for (int c = 0; c < 3; ++c) sum[c] += a * image.pixels[i + c];
    weight += a;
  }
  if (weight <= 0) return {};
  return {ToByte(static_cast<float>(sum[0] / weight)), ToByte(static_cast<float>(sum[1] / weight)),
          ToByte(static_cast<float>(sum[2] / weight))};
}

std::vector<Rgb8> DominantColors(const Picture& image, int count) {
  // A 4-bit-per-channel histogram holding each bucket's mean colour; a
  // bucket scores its pixel count, boosted for saturated, not-too-dark colours.
  constexpr int kBuckets = 16 * 16 * 16;
  struct Bucket {
    double n = 0, r = 0, g = 0, b = 0;
  };
  std::vector<Bucket> buckets(kBuckets);
  // Sampling a grid of at most ~40k pixels is plenty for the statistics.
  const int step = std::max(1, static_cast<int>(std::sqrt(static_cast<double>(image.width) * image.height / 40000.0)));
  for (int y = 0; y < image.height; y += step) {
    for (int x = 0; x < image.width; x += step) {
      const uint8_t* p = image.at(x, y);
      if (p[3] < 128) continue;
      Bucket& b = buckets[(p[0] >> 4) << 8 | (p[1] >> 4) << 4 | (p[2] >> 4)];
      b.n += 1;
      b.r += p[0];
      b.g += p[1];
      b.b += p[2];
    }
  }
  struct Candidate {
    double score;
    Rgb8 color;
  };
  std::vector<Candidate> candidates;
  for (const Bucket& b : buckets) {
    if (b.n <= 0) continue;
    const float r = static_cast<float>(b.r / b.n), g = static_cast<float>(b.g / b.n), bl = static_cast<float>(b.b / b.n);
    const float value = std::max({r, g, bl}) / 255.0f;
    const double score = b.n * (0.25 + Saturation(r, g, bl)) * (0.2 + value);
    candidates.push_back({score, {ToByte(r), ToByte(g), ToByte(bl)}});
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  std::vector<Rgb8> chosen;
  for (const Candidate& c : candidates) {
    if (static_cast<int>(chosen.size()) >= count) break;
    bool distinct = true;
    for (const Rgb8& other : chosen) {
      const int dr = c.color.r - other.r, dg = c.color.g - other.g, db = c.color.b - other.b;
      if (dr * dr + dg * dg + db * db < 48 * 48) distinct = false;
    }
    if (distinct) chosen.push_back(c.color);
  }
  return chosen;
}

}  // namespace beatframe
