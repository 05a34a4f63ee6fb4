#include "engine/render/cover_art_layer.h"

#include <algorithm>
#include <cmath>

namespace beatframe {
namespace {

constexpr float kBackgroundDarken = 0.42f;
// The background is blurred at 1/8 of the frame size (cheap, and the
// upscale adds more smoothing); this sigma is in those small pixels.
constexpr int kBlurDownscale = 8;
constexpr float kBlurSigma = 8.0f;

Rgb PixelRgb(const uint8_t* p) { return {static_cast<float>(p[0]), static_cast<float>(p[1]), static_cast<float>(p[2])}; }

uint8_t ToPlane(float v, float lo, float hi) {
  return static_cast<uint8_t>(std::lround(std::clamp(v, lo, hi)));
}

struct Hsv {
  float h = 0, s = 0, v = 0;  // degrees, 0..1, 0..1
};
Hsv ToHsv(const Rgb8& c) {
  const float r = c.r / 255.0f, g = c.g / 255.0f, b = c.b / 255.0f;
  const float hi = std::max({r, g, b}), lo = std::min({r, g, b}), d = hi - lo;
  Hsv out{0.0f, hi > 0 ? d / hi : 0.0f, hi};
  if (d > 0) {
    if (hi == r) out.h = 60.0f * std::fmod((g - b) / d + 6.0f, 6.0f);
    else if (hi == g) out.h = 60.0f * ((b - r) / d + 2.0f);
    else out.h = 60.0f * ((r - g) / d + 4.0f);
  }
  return out;
}
Rgb FromHsv(Hsv c) {
  const float h = std::fmod(c.h + 360.0f, 360.0f) / 60.0f;
  const float x = c.v * c.s * (1.0f - std::abs(std::fmod(h, 2.0f) - 1.0f));
  const float m = c.v - c.v * c.s, k = c.v * c.s;
  float r = 0, g = 0, b = 0;
  switch (static_cast<int>(h)) {
    case 0: r = k; g = x; break;
    case 1: r = x; g = k; break;
    case 2: g = k; b = x; break;
    case 3: g = x; b = k; break;
    case 4: r = x; b = k; break;
    default: r = k; b = x; break;
  }
  return {255.0f * (r + m), 255.0f * (g + m), 255.0f * (b + m)};
}

// Signed distance (pixels, negative inside) from (px, py) to a rounded
// square centred at the origin with half-side `half` and corner radius `r`.
float RoundedSquareDistance(float px, float py, float half, float r) {
  const float qx = std::abs(px) - (half - r), qy = std::abs(py) - (half - r);
  const float outside = std::hypot(std::max(qx, 0.0f), std::max(qy, 0.0f));
  return outside + std::min(std::max(qx, qy), 0.0f) - r;
}

uint16_t Fixed256(float v) { return static_cast<uint16_t>(std::lround(std::clamp(v, 0.0f, 255.0f) * 256.0f)); }

}  // namespace

void BakeCoverBackground(const Picture& cover, YuvFrame& out) {
  const int w = out.width(), h = out.height();
  Picture small = ScaleToCover(cover, std::max(2, w / kBlurDownscale), std::max(2, h / kBlurDownscale));
  GaussianBlur(small, kBlurSigma);
  Darken(small, kBackgroundDarken);
  const Picture full = ScaleImage(small, w, h);
  FrameView view = out.view();
  static constexpr float kBayer[4][4] = {{0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}};
  const float cx = 0.5f * w, cy = 0.5f * h, reach = std::hypot(cx, cy);
  auto vignette = [&](int x, int y) {
    const float d = std::hypot(x + 0.5f - cx, y + 0.5f - cy) / reach;
    return 1.0f - 0.45f * d * d;
  };
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const YuvColor c = RgbToYuv709(Scale(PixelRgb(full.at(x, y)), vignette(x, y)));
      const float dither = (kBayer[y & 3][x & 3] + 0.5f) / 16.0f - 0.5f;
      view.planes[0][y * view.strides[0] + x] = ToPlane(c.y + dither, 16.0f, 235.0f);
    }
  }
  for (int y = 0; y < (h + 1) / 2; ++y) {
    for (int x = 0; x < (w + 1) / 2; ++x) {
      const int sx = std::min(2 * x, w - 1), sy = std::min(2 * y, h - 1);
      const YuvColor c = RgbToYuv709(Scale(PixelRgb(full.at(sx, sy)), vignette(sx, sy)));
      const float dither = (kBayer[y & 3][(x + 2) & 3] + 0.5f) / 16.0f - 0.5f;
      view.planes[1][y * view.strides[1] + x] = ToPlane(c.u + dither, 16.0f, 240.0f);
      view.planes[2][y * view.strides[2] + x] = ToPlane(c.v - dither, 16.0f, 240.0f);
    }
  }
}

Palette CoverPalette(const Picture& cover) {
  Palette palette;
  palette.name = "cover";
  std::vector<Rgb8> colors = DominantColors(cover, 4);
  if (colors.empty()) colors.push_back({200, 200, 210});
  std::vector<Hsv> accents;
  for (const Rgb8& c : colors) {
    Hsv hsv = ToHsv(c);
    // Greys stay grey (a black-and-white cover keeps its look); colours are
    // pushed to read as accents on the dark background.
    if (hsv.s > 0.12f) hsv.s = std::max(hsv.s, 0.6f);
    hsv.v = std::max(hsv.v, 0.92f);
    accents.push_back(hsv);
  }
  // Fewer than four colours: neighbours of the lead hue fill the rest.
  for (int i = static_cast<int>(accents.size()); i < 4; ++i) {
    Hsv extra = accents[0];
    extra.h += (i % 2 == 1 ? 28.0f : -28.0f) * ((i + 1) / 2);
    accents.push_back(extra);
  }
  for (int i = 0; i < 4; ++i) palette.accents[i] = FromHsv(accents[i]);
  Hsv base = ToHsv(AverageColor(cover));
  base.s = std::min(base.s, 0.7f);
  palette.background_inner = FromHsv({base.h, base.s, 0.24f});
  palette.background_outer = FromHsv({base.h, base.s, 0.08f});
  palette.text = {250.0f, 250.0f, 250.0f};
  palette.shadow = {0.0f, 0.0f, 0.0f};
  return palette;
}

absl::StatusOr<Palette> PlanPalette(const RenderPlan& plan) {
  if (plan.palette == "cover") {
    if (plan.cover_art != nullptr && !plan.cover_art->empty()) return CoverPalette(*plan.cover_art);
    return FindPalette("dark");  // asked for the cover's colours of a track without art
  }
  return FindPalette(plan.palette);
}

std::unique_ptr<CoverSprite> CoverSprite::Create(const Picture& cover, const CoverLayout& layout) {
  auto sprite = std::unique_ptr<CoverSprite>(new CoverSprite());
  sprite->layout_ = layout;
  const int base = std::max(8, 2 * static_cast<int>(std::lround(layout.size / 2.0f)));
  const int top = std::max(base, 2 * static_cast<int>(std::lround(layout.size * layout.max_scale / 2.0f)));
  const int margin = 2 * static_cast<int>(std::ceil(0.06f * layout.size / 2.0f));
  for (int side = base; side <= top; side += 2) sprite->steps_.push_back(MakeStep(cover, side, margin, layout.corner));
  return sprite;
}

CoverSprite::Step CoverSprite::MakeStep(const Picture& cover, int side, int margin, float corner) {
  Step step;
  step.size = side + 2 * margin;
  const int n = step.size, nc = n / 2;
  const Picture image = ScaleToCover(cover, side, side);
  const float half = 0.5f * side, radius = std::clamp(corner, 0.0f, 0.5f) * side;
  const float shadow_drop = 0.35f * margin, shadow_soft = std::max(1.0f, 0.8f * margin);
  // Premultiplied R'G'B' and alpha at full resolution, then converted.
  std::vector<float> rgba(static_cast<size_t>(n) * n * 4);
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      const float px = x + 0.5f - 0.5f * n, py = y + 0.5f - 0.5f * n;
      const float d = RoundedSquareDistance(px, py, half, radius);
      const float cover_alpha = std::clamp(0.5f - d, 0.0f, 1.0f);
      const float ds = RoundedSquareDistance(px, py - shadow_drop, half, radius);
      const float shadow = 0.6f * (1.0f - std::clamp((ds + 0.25f * shadow_soft) / shadow_soft, 0.0f, 1.0f));
      // A faint light edge just inside the border lifts dark covers off a dark background.
      const float rim = 0.18f * std::clamp(1.0f - std::abs(d + 1.5f) / 1.5f, 0.0f, 1.0f);
      Rgb color = {0, 0, 0};
      if (cover_alpha > 0.0f) {
        const int ix = std::clamp(x - margin, 0, side - 1), iy = std::clamp(y - margin, 0, side - 1);
        color = Mix(PixelRgb(image.at(ix, iy)), {255.0f, 255.0f, 255.0f}, rim);
      }
      float* out = &rgba[(static_cast<size_t>(y) * n + x) * 4];
      out[0] = color.r * cover_alpha;
      out[1] = color.g * cover_alpha;
      out[2] = color.b * cover_alpha;
      out[3] = cover_alpha + shadow * (1.0f - cover_alpha);  // black shadow adds no light
    }
  }
  step.keep_y.resize(static_cast<size_t>(n) * n);
  step.y.resize(step.keep_y.size());
  for (int i = 0; i < n * n; ++i) {
    const float* p = &rgba[static_cast<size_t>(i) * 4];
    const YuvColor c = RgbToYuv709({p[0], p[1], p[2]});
    step.keep_y[i] = static_cast<uint16_t>(std::lround(256.0f * (1.0f - p[3])));
    step.y[i] = Fixed256(c.y - 16.0f * (1.0f - p[3]));
  }
  step.keep_c.resize(static_cast<size_t>(nc) * nc);
  step.u.resize(step.keep_c.size());
  step.v.resize(step.keep_c.size());
  for (int y = 0; y < nc; ++y) {
    for (int x = 0; x < nc; ++x) {
      float sum[4] = {0, 0, 0, 0};
      for (int k = 0; k < 4; ++k) {
        const float* p = &rgba[(static_cast<size_t>(2 * y + k / 2) * n + 2 * x + k % 2) * 4];
        for (int c = 0; c < 4; ++c) sum[c] += 0.25f * p[c];
      }
      const YuvColor c = RgbToYuv709({sum[0], sum[1], sum[2]});
      const size_t i = static_cast<size_t>(y) * nc + x;
      step.keep_c[i] = static_cast<uint16_t>(std::lround(256.0f * (1.0f - sum[3])));
      step.u[i] = Fixed256(c.u - 128.0f * (1.0f - sum[3]));
      step.v[i] = Fixed256(c.v - 128.0f * (1.0f - sum[3]));
    }
  }
  return step;
}

void CoverSprite::Draw(float scale, FrameView& out) const {
  if (steps_.empty()) return;
  const float span = std::max(layout_.max_scale - 1.0f, 1e-6f);
  const float t = std::clamp((scale - 1.0f) / span, 0.0f, 1.0f);
  const Step& step = steps_[std::lround(t * (steps_.size() - 1))];
  const int n = step.size;
  // Even corners so the half-resolution chroma lines up with luma.
  const int x0 = 2 * static_cast<int>(std::lround((layout_.center_x - 0.5f * n) / 2.0f));
  const int y0 = 2 * static_cast<int>(std::lround((layout_.center_y - 0.5f * n) / 2.0f));
  auto blend = [](uint8_t* row, const uint16_t* keep, const uint16_t* value, int first, int last) {
    for (int i = first; i < last; ++i) row[i] = static_cast<uint8_t>((row[i] * keep[i] + value[i] + 128) >> 8);
  };
  for (int y = std::max(0, -y0); y < n && y0 + y < out.height; ++y) {
    const int first = std::max(0, -x0), last = std::min(n, out.width - x0);
    if (last <= first) break;
    uint8_t* row = out.planes[0] + static_cast<size_t>(y0 + y) * out.strides[0] + x0;
    blend(row, &step.keep_y[static_cast<size_t>(y) * n], &step.y[static_cast<size_t>(y) * n], first, last);
  }
  const int nc = n / 2, cx0 = x0 / 2, cy0 = y0 / 2, cw = (out.width + 1) / 2, ch = (out.height + 1) / 2;
  for (int y = std::max(0, -cy0); y < nc && cy0 + y < ch; ++y) {
    const int first = std::max(0, -cx0), last = std::min(nc, cw - cx0);
    if (last <= first) break;
    const size_t offset = static_cast<size_t>(y) * nc;
    uint8_t* u = out.planes[1] + static_cast<size_t>(cy0 + y) * out.strides[1] + cx0;
    uint8_t* v = out.planes[2] + static_cast<size_t>(cy0 + y) * out.strides[2] + cx0;
    blend(u, &step.keep_c[offset], &step.u[offset], first, last);
    blend(v, &step.keep_c[offset], &step.v[offset], first, last);
  }
}

}  // namespace beatframe
