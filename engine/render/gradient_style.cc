#include "engine/render/gradient_style.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/common/status_macros.h"
#include "engine/render/cover_art_layer.h"
#include "engine/render/style_kit.h"

namespace beatframe {
namespace {

// Flow speed: field time per second, calm when quiet, twice as lively when loud.
constexpr float kBaseFlow = 0.22f;
constexpr float kEnergyFlow = 0.3f;
constexpr float kBeatFlow = 0.5f;
// Fixed point: the grid holds 1/16 steps of a code value, so that after
// the vertical weights (3 bits for luma, 2 for chroma) a pixel still fits
// in an int16 and SSE2 handles eight at a time.
constexpr int kGridBits = 4;
constexpr int kLumaBits = kGridBits + 3;
constexpr int kChromaBits = kGridBits + 2;
// The cover under the field: scaled to cover the frame, blurred at 1/8 of
// the frame size with this sigma (in those small pixels) and darkened, as
// BakeCoverBackground does. The blur is far wider than a grid cell, so one
// sample per grid point loses nothing.
constexpr int kCoverBlurDownscale = 8;
constexpr float kCoverBlurSigma = 8.0f;
constexpr float kCoverDarken = 0.42f;

// The dither's cell side in pixels (of each plane): H.264's transform block.
constexpr int kDitherCell = 4;
// 8x8 Bayer matrix: thresholds spread evenly over each 8x8 tile (of cells).
constexpr std::array<uint8_t, 64> kBayer8 = {0,  32, 8,  40, 2,  34, 10, 42, 48, 16, 56, 24, 50, 18, 58, 26,
                                             12, 44, 4,  36, 14, 46, 6,  38, 60, 28, 52, 20, 62, 30, 54, 22,
                                             3,  35, 11, 43, 1,  33, 9,  41, 51, 19, 59, 27, 49, 17, 57, 25,
                                             15, 47, 7,  39, 13, 45, 5,  37, 63, 31, 55, 23, 61, 29, 53, 21};

}  // namespace

GradientLayout MakeGradientLayout(int width, int height) {
  GradientLayout layout;
  const float w = static_cast<float>(width), h = static_cast<float>(height);
  layout.unit = std::min(w, h);
  layout.center_x = 0.5f * w;
  layout.center_y = (w / h < 0.8f ? 0.42f : 0.44f) * h;
  layout.shape_radius = 0.2f * layout.unit;
  const TitleBand band = TitleBandFor(width, height);
  layout.title_top = band.top;
  layout.title_bottom = band.bottom;
  return layout;
}

absl::StatusOr<std::unique_ptr<GradientStyle>> GradientStyle::Create(const RenderPlan& plan) {
  BF_RETURN_IF_ERROR(CheckPlan(plan));
  BF_ASSIGN_OR_RETURN(Palette palette, PlanPalette(plan));
  auto style = std::unique_ptr<GradientStyle>(new GradientStyle(plan, palette));
  BF_ASSIGN_OR_RETURN(style->title_,
                      MakeTitle(plan, palette, {style->layout_.title_top, style->layout_.title_bottom}));
  return style;
}

GradientStyle::GradientStyle(const RenderPlan& plan, const Palette& palette)
    : plan_(plan), palette_(palette), layout_(MakeGradientLayout(plan.width, plan.height)) {
  // One grid point every kCell pixels, plus one past the last pixel so
  // every pixel has a point on each side.
  grid_width_ = plan.width / kCell + 2;
  grid_height_ = plan.height / kCell + 2;
  // Rows padded so interpolating across a 64-pixel-padded luma or chroma
  // row never reads past a grid row.
  padded_width_ = (plan.width + 63) / 64 * 64;
  const int chroma_padded = ((plan.width + 1) / 2 + 63) / 64 * 64;
  grid_stride_ = std::max({grid_width_, padded_width_ / kCell + 1, chroma_padded / (kCell / 2) + 1});
  const size_t points = static_cast<size_t>(grid_stride_) * grid_height_;
  grid_x_.resize(grid_width_);
  grid_y_.resize(grid_height_);
  for (int i = 0; i < grid_width_; ++i) grid_x_[i] = (kCell * i - layout_.center_x) / layout_.unit;
  for (int j = 0; j < grid_height_; ++j) grid_y_[j] = (kCell * j - layout_.center_y) / layout_.unit;
  radius_.resize(points);
  vignette_.resize(points);
  const float corner = std::hypot(std::max(layout_.center_x, plan.width - layout_.center_x),
                                  std::max(layout_.center_y, plan.height - layout_.center_y)) / layout_.unit;
  for (int j = 0; j < grid_height_; ++j) {
    for (int i = 0; i < grid_width_; ++i) {
      const float r = std::hypot(grid_x_[i], grid_y_[j]);
      const float edge = std::min(r / corner, 1.0f);
      radius_[static_cast<size_t>(j) * grid_stride_ + i] = r;
      vignette_[static_cast<size_t>(j) * grid_stride_ + i] =
          static_cast<uint16_t>(std::lround(256.0f * (1.0f - 0.45f * edge * edge)));
    }
  }
  field_y_.resize(points);
  field_u_.resize(points);
  field_v_.resize(points);
  upper_.resize(padded_width_);
  lower_.resize(padded_width_);
  out_line_.resize(padded_width_);
  column_terms_.resize(4 * static_cast<size_t>(grid_width_));
  row_terms_.resize(4 * static_cast<size_t>(grid_height_));
  for (int i = 0; i < kSineSize; ++i) sine_[i] = std::sin(kTwoPi * i / kSineSize);
  if (const Picture* cover = PlanCover(plan)) BakeCoverGrid(*cover);
  // Ordered dither in cells of kDitherCell x kDitherCell pixels, as
  // thresholds in [0, 1) of one code value in 1/2^kLumaBits steps. Cells
  // as large as H.264's 4x4 transform blocks survive encoding: each block
  // is flat, so its share of the gradient rides on its DC coefficient. A
  // per-pixel dither (what this was) is quantised away at CRF 26 and leaves
  // the dark, slowly changing field as a staircase of flat 16x16 blocks.
  luma_dither_.resize(64 * 64);
  chroma_dither_.resize(64 * 64);
  for (int y = 0; y < 64; ++y) {
    for (int x = 0; x < 64; ++x) {
      const int cell = kBayer8[((y / kDitherCell) & 7) * 8 + ((x / kDitherCell) & 7)];
      const float threshold = (cell + 0.5f) / 64.0f;
      luma_dither_[y * 64 + x] = static_cast<int16_t>(std::lround(threshold * (1 << kLumaBits)));
      chroma_dither_[y * 64 + x] = static_cast<int16_t>(std::lround(threshold * (1 << kChromaBits)));
    }
  }
}

void GradientStyle::BakeCoverGrid(const Picture& cover) {
  Picture small = ScaleToCover(cover, std::max(2, plan_.width / kCoverBlurDownscale),
                               std::max(2, plan_.height / kCoverBlurDownscale));
  GaussianBlur(small, kCoverBlurSigma);
  Darken(small, kCoverDarken);
  const Picture grid = ScaleImage(small, grid_width_, grid_height_);
  const size_t points = static_cast<size_t>(grid_stride_) * grid_height_;
  cover_y_.assign(points, 0);
  cover_u_.assign(points, 0);
  cover_v_.assign(points, 0);
  for (int j = 0; j < grid_height_; ++j) {
    for (int i = 0; i < grid_width_; ++i) {
      const uint8_t* p = grid.at(i, j);
      const YuvColor c = RgbToYuv709({static_cast<float>(p[0]), static_cast<float>(p[1]), static_cast<float>(p[2])});
      const size_t at = static_cast<size_t>(j) * grid_stride_ + i;
      cover_y_[at] = static_cast<int32_t>(std::lround((c.y - 16.0f) * (1 << kGridBits)));
      cover_u_[at] = static_cast<int32_t>(std::lround((c.u - 128.0f) * (1 << kGridBits)));
      cover_v_[at] = static_cast<int32_t>(std::lround((c.v - 128.0f) * (1 << kGridBits)));
    }
  }
}

float GradientStyle::Sin(float radians) const {
  const int index = static_cast<int>(radians * (kSineSize / kTwoPi));
  return sine_[index & (kSineSize - 1)];
}

void GradientStyle::Advance(const FrameContext& context, float hit) {
  if (context.frame_index != last_frame_index_ + 1) {
    flow_ = (kBaseFlow + 0.5f * kEnergyFlow) * context.time_s;  // a jump in time: a steady pace
  } else {
    flow_ += (kBaseFlow + kEnergyFlow * Clamp01(context.energy) + kBeatFlow * hit) * FrameSeconds(plan_);
  }
  last_frame_index_ = context.frame_index;
}

void GradientStyle::BuildRamp(const FrameContext& context, float hit) {
  // Dark stops between coloured ones: the field reads as ribbons of colour
  // drifting through the dark, with the accents that the strong beats step.
  const Accents accents = AccentsAt(palette_, context);
  const float k = 0.55f + 0.45f * Clamp01(context.energy);
  const Rgb deep = Scale(palette_.background_outer, 1.2f);
  const Rgb mid = palette_.background_inner;
  const Rgb stops[5] = {deep, Mix(mid, accents.a, 0.42f * k), Scale(mid, 0.8f), Mix(deep, accents.b, 0.38f * k),
                        Mix(deep, accents.c, 0.2f * k)};
  // On the beat the whole field swells brighter, easing back with the pulse.
  const float swell = 1.0f + 0.45f * hit;
  for (int i = 0; i < kRamp; ++i) {
    const float t = 4.0f * i / (kRamp - 1);
    const int stop = std::min(static_cast<int>(t), 3);
    const float f = t - stop;
    const float eased = f * f * (3.0f - 2.0f * f);
    const YuvColor c = RgbToYuv709(Scale(Mix(stops[stop], stops[stop + 1], eased), swell));
    ramp_y_[i] = static_cast<int32_t>(std::lround((c.y - 16.0f) * (1 << kGridBits)));
    ramp_u_[i] = static_cast<int32_t>(std::lround((c.u - 128.0f) * (1 << kGridBits)));
    ramp_v_[i] = static_cast<int32_t>(std::lround((c.v - 128.0f) * (1 << kGridBits)));
  }
}

void GradientStyle::BuildCoverRamp(const FrameContext& context, float hit) {
  // BuildRamp's stops with the palette's dark tones replaced by the cover:
  // each stop is an accent laid over the cover with some opacity (none on
  // the dark stops, where the cover shows, a little darkened on the middle one).
  const Accents accents = AccentsAt(palette_, context);
  const float k = 0.55f + 0.45f * Clamp01(context.energy);
  const Rgb colors[5] = {accents.a, accents.a, accents.a, accents.b, accents.c};
  const float opacity[5] = {0.0f, 0.5f * k, 0.0f, 0.45f * k, 0.25f * k};
  const float cover_kept[5] = {1.0f, 1.0f - 0.5f * k, 0.75f, 1.0f - 0.45f * k, 1.0f - 0.25f * k};
  const float swell = 1.0f + 0.45f * hit;  // the whole field, cover included, swells on the beat
  for (int i = 0; i < kRamp; ++i) {
    const float t = 4.0f * i / (kRamp - 1);
    const int stop = std::min(static_cast<int>(t), 3);
    const float f = t - stop;
    const float eased = f * f * (3.0f - 2.0f * f);
    // Premultiplied: the accent's light times its opacity, mixed between stops.
    const Rgb light = Mix(Scale(colors[stop], opacity[stop]), Scale(colors[stop + 1], opacity[stop + 1]), eased);
    const float kept = cover_kept[stop] + (cover_kept[stop + 1] - cover_kept[stop]) * eased;
    const YuvColor c = RgbToYuv709(Scale(light, swell));
    ramp_y_[i] = static_cast<int32_t>(std::lround((c.y - 16.0f) * (1 << kGridBits)));
    ramp_u_[i] = static_cast<int32_t>(std::lround((c.u - 128.0f) * (1 << kGridBits)));
    ramp_v_[i] = static_cast<int32_t>(std::lround((c.v - 128.0f) * (1 << kGridBits)));
    ramp_keep_[i] = static_cast<int32_t>(std::lround(256.0f * kept * swell));
  }
}

void GradientStyle::ComputeField(const FrameContext& context, float hit) {
  const float t = static_cast<float>(std::fmod(flow_, 10000.0));
  const float bass = BandAt(context, 0.05f), highs = BandAt(context, 0.85f);
  // Terms of x alone and y alone, so the waves cost a few multiplies per point:
  // a wave along x, a wave whose direction turns slowly (split by the angle
  // sum identity) and a fine one that the highs bring out.
  const float turn = 0.31f * t;
  const float kx = 2.6f * std::cos(turn), ky = 2.6f * std::sin(turn);
  float* col = column_terms_.data();
  for (int i = 0; i < grid_width_; ++i) {
    const float x = grid_x_[i];
    col[4 * i + 0] = Sin(2.1f * x + 0.9f * t);
    col[4 * i + 1] = Sin(kx * x);
    col[4 * i + 2] = Sin(kx * x + 0.25f * kTwoPi);  // cos
    col[4 * i + 3] = Sin(6.0f * x + 1.7f * t);
  }
  float* row = row_terms_.data();
  for (int j = 0; j < grid_height_; ++j) {
    const float y = grid_y_[j];
    row[4 * j + 0] = Sin(ky * y + 0.7f * t);
    row[4 * j + 1] = Sin(ky * y + 0.7f * t + 0.25f * kTwoPi);
    row[4 * j + 2] = Sin(5.0f * y + 1.1f * t);
    row[4 * j + 3] = Sin(1.8f * y - 0.5f * t);
  }
  // A drifting centre for a third wave, and rings out of the middle for the bass.
  const float cx = 0.35f * Sin(0.21f * t), cy = 0.22f * Sin(0.17f * t + 1.0f);
  const float ring_amount = 0.1f + 0.35f * bass + 0.25f * hit;
  const float fine_amount = 0.1f + 0.35f * highs;
  const float norm = 1.0f / (3.0f + ring_amount + fine_amount);
  const float fold = 1.3f * 0.5f * kTwoPi;
  for (int j = 0; j < grid_height_; ++j) {
    const float y = grid_y_[j];
    const float* r = row + 4 * j;
    const size_t base = static_cast<size_t>(j) * grid_stride_;
    for (int i = 0; i < grid_width_; ++i) {
      const float* c = col + 4 * i;
      const float x = grid_x_[i];
      const float turning = c[1] * r[1] + c[2] * r[0];
      const float drift = Sin(3.1f * std::sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) - 1.1f * t);
      const float rings = Sin(9.0f * radius_[base + i] - 2.6f * t);
      const float fine = c[3] * r[2];
      const float v = (c[0] + r[3] * 0.5f + turning + drift + ring_amount * rings + fine_amount * fine) * norm;
      // Folding the sum through a sine gives more, narrower bands of colour.
      const float shade = 0.5f + 0.5f * Sin(fold * v + 0.3f * t);
      const int index = std::clamp(static_cast<int>(shade * (kRamp - 1) + 0.5f), 0, kRamp - 1);
      const int32_t keep = vignette_[base + i];
      int32_t light_y = ramp_y_[index], light_u = ramp_u_[index], light_v = ramp_v_[index];
      if (!cover_y_.empty()) {
        const int32_t kept = ramp_keep_[index];
        light_y += (cover_y_[base + i] * kept) >> 8;
        light_u += (cover_u_[base + i] * kept) >> 8;
        light_v += (cover_v_[base + i] * kept) >> 8;
      }
      field_y_[base + i] = (16 << kGridBits) + ((light_y * keep) >> 8);
      field_u_[base + i] = (128 << kGridBits) + ((light_u * keep) >> 8);
      field_v_[base + i] = (128 << kGridBits) + ((light_v * keep) >> 8);
    }
  }
}

namespace {

// One grid row interpolated across to `padded` pixels at `kCellSize` pixels
// per grid step, keeping the grid's fixed point. Cheap: once per grid row.
template <int kCellSize>
void InterpolateAcross(const int32_t* grid, int padded, int16_t* out) {
  for (int i = 0; i * kCellSize < padded; ++i) {
    const int32_t a = grid[i], b = grid[i + 1];
    for (int k = 0; k < kCellSize; ++k) {
      out[i * kCellSize + k] = static_cast<int16_t>((a * (kCellSize - k) + b * k + kCellSize / 2) / kCellSize);
    }
  }
}

// One output row: vertical weights, dither, shift and clamp, 64 pixels at a
// time. Restrict parameters and fixed trip counts let -O2 turn this into
// 16-bit SSE2 code, eight pixels per instruction (most of the style's time).
template <int kBits>
void BlendRows(const int16_t* __restrict a, const int16_t* __restrict b, const int16_t* __restrict d, int16_t wa,
               int16_t wb, int padded, int16_t low, int16_t high, uint8_t* __restrict o) {
  for (int x = 0; x < padded; x += 64) {
    for (int k = 0; k < 64; ++k) {
      // Every step truncated to 16 bits (no value exceeds them), so the
      // compiler keeps eight lanes rather than widening to 32-bit ones.
      const uint16_t sum = static_cast<uint16_t>(static_cast<uint16_t>(a[x + k] * wa) +
                                                 static_cast<uint16_t>(b[x + k] * wb) + static_cast<uint16_t>(d[k]));
      const int16_t v = static_cast<int16_t>(sum >> kBits);
      o[x + k] = static_cast<uint8_t>(v < low ? low : (v > high ? high : v));
    }
  }
}

}  // namespace

template <int kCellSize>
void GradientStyle::UpscalePlane(const std::vector<int32_t>& field, const std::vector<int16_t>& dither, int width,
                                 int height, int low, int high, int tile_shift, uint8_t* plane, int stride) {
  constexpr int kBits = kGridBits + (kCellSize == 8 ? 3 : 2);
  const int padded = (width + 63) / 64 * 64;
  int loaded = -1;  // grid row now in upper_ (and the next in lower_)
  for (int y = 0; y < height; ++y) {
    const int j = y / kCellSize, fy = y % kCellSize;
    if (j != loaded) {
      if (loaded >= 0 && j == loaded + 1) {
        upper_.swap(lower_);
      } else {
        InterpolateAcross<kCellSize>(field.data() + static_cast<size_t>(j) * grid_stride_, padded, upper_.data());
      }
      InterpolateAcross<kCellSize>(field.data() + static_cast<size_t>(j + 1) * grid_stride_, padded,
                                   lower_.data());
      loaded = j;
    }
    BlendRows<kBits>(upper_.data(), lower_.data(), dither.data() + ((y + tile_shift) & 63) * 64,
                     static_cast<int16_t>(kCellSize - fy), static_cast<int16_t>(fy), padded,
                     static_cast<int16_t>(low), static_cast<int16_t>(high), out_line_.data());
    std::memcpy(plane + static_cast<size_t>(y) * stride, out_line_.data(), width);
  }
}

void GradientStyle::Upscale(FrameView& out) {
  UpscalePlane<kCell>(field_y_, luma_dither_, plan_.width, plan_.height, 16, 235, 0, out.planes[0],
                      out.strides[0]);
  // Shifted dither tiles per plane so the Cb and Cr patterns do not line up.
  const int chroma_width = (plan_.width + 1) / 2, chroma_height = (plan_.height + 1) / 2;
  UpscalePlane<kCell / 2>(field_u_, chroma_dither_, chroma_width, chroma_height, 16, 240, 16, out.planes[1],
                          out.strides[1]);
  UpscalePlane<kCell / 2>(field_v_, chroma_dither_, chroma_width, chroma_height, 16, 240, 40, out.planes[2],
                          out.strides[2]);
}

void GradientStyle::DrawShape(const FrameContext& context, float hit, FrameView& out) {
  // Two nested outlines that breathe with the beat and wobble with the
  // bands (low bands in the slow lobes, high bands in the quick ones),
  // turning slowly in opposite directions.
  const float t = static_cast<float>(flow_);
  const float energy = Clamp01(context.energy);
  const Accents accents = AccentsAt(palette_, context);
  shape_profile_.Build(0.0011f * layout_.unit * (1.0f + 0.6f * hit), 0.4f + 0.3f * hit, 0.007f * layout_.unit);
  for (int outline = 0; outline < 2; ++outline) {
    const float direction = outline == 0 ? 1.0f : -1.0f;
    const float base = layout_.shape_radius * (outline == 0 ? 1.0f : 0.8f) * (1.0f + 0.1f * hit + 0.05f * energy);
    float lobes[4];
    for (int k = 0; k < 4; ++k) lobes[k] = 0.05f * (0.3f + BandAt(context, k / 3.0f));
    for (int p = 0; p < kShapePoints; ++p) {
      const float angle = kTwoPi * p / kShapePoints;
      float wobble = 1.0f;
      for (int k = 0; k < 4; ++k) {
        wobble += lobes[k] * Sin((k + 2) * angle + direction * (0.4f + 0.15f * k) * t + outline);
      }
      const float spin = angle + direction * 0.12f * t;
      shape_[p] = {layout_.center_x + base * wobble * Sin(spin + 0.25f * kTwoPi),
                   layout_.center_y + base * wobble * Sin(spin)};
    }
    const Rgb color = Mix(outline == 0 ? accents.a : accents.b, kWhite, 0.55f);
    DrawPolyline(out, shape_.data(), kShapePoints, true, shape_profile_, ToPlanes(color),
                 Alpha((outline == 0 ? 0.45f : 0.3f) + 0.3f * hit + 0.1f * energy), BlendMode::kAdd);
  }
}

void GradientStyle::Render(const FrameContext& context, FrameView& out) {
  const float hit = BeatHit(context);
  Advance(context, hit);
  if (cover_y_.empty()) {
    BuildRamp(context, hit);
  } else {
    BuildCoverRamp(context, hit);
  }
  ComputeField(context, hit);
  Upscale(out);
  DrawShape(context, hit, out);
  YuvCanvas canvas(out);
  title_->Draw(context.time_s, canvas);
  ApplyFades(plan_, context, canvas);
}

}  // namespace beatframe
