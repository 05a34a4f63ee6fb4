#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "engine/render/alpha_mask.h"
#include "engine/render/frame.h"
#include "engine/render/palette.h"
#include "engine/render/yuv_canvas.h"

namespace beatframe {
namespace {

constexpr float kPi = 3.14159265f;

// A black frame (Y 16, Cb/Cr 128).
YuvFrame Black(int width, int height) {
  YuvFrame frame(width, height);
  FrameView view = frame.view();
  std::memset(view.planes[0], 16, static_cast<size_t>(view.strides[0]) * height);
  std::memset(view.planes[1], 128, static_cast<size_t>(view.strides[1]) * ((height + 1) / 2));
  std::memset(view.planes[2], 128, static_cast<size_t>(view.strides[2]) * ((height + 1) / 2));
  return frame;
}

// Sum of luma coverage: (Y - 16) / 219 over the frame, i.e. the painted area
// in pixels when painting white over black.
double CoveredArea(YuvFrame& frame) {
  FrameView view = frame.view();
  double sum = 0.0;
  for (int y = 0; y < view.height; ++y) {
    for (int x = 0; x < view.width; ++x) sum += (view.planes[0][y * view.strides[0] + x] - 16) / 219.0;
  }
  return sum;
}

TEST(PaletteTest, Bt709LimitedRange) {
  const Yuv8 white = ToYuv8(RgbToYuv709({255, 255, 255}));
  EXPECT_EQ(white.y, 235);
  EXPECT_EQ(white.u, 128);
  EXPECT_EQ(white.v, 128);
  const Yuv8 black = ToYuv8(RgbToYuv709({0, 0, 0}));
  EXPECT_EQ(black.y, 16);
  EXPECT_EQ(black.u, 128);
  // Reference values for pure red in BT.709 limited range: 63, 102, 240.
  const Yuv8 red = ToYuv8(RgbToYuv709({255, 0, 0}));
  EXPECT_EQ(red.y, 63);
  EXPECT_EQ(red.u, 102);
  EXPECT_EQ(red.v, 240);
}

TEST(PaletteTest, KnownNamesAndUnknownIsInvalidArgument) {
  for (const std::string& name : PaletteNames()) EXPECT_TRUE(FindPalette(name).ok()) << name;
  EXPECT_EQ(PaletteNames().size(), 5u);
  EXPECT_EQ(FindPalette("rainbow").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CanvasTest, AntiAliasedDiscHasTheRightArea) {
  YuvFrame frame = Black(64, 64);
  FrameView view = frame.view();
  YuvCanvas canvas(view);
  const float r = 10.3f;
  RadialLut lut;
  lut.Build(0.0f, r + 1.0f, [r](float d) { return r + 0.5f - d; });
  canvas.DrawRadial(lut, 31.7f, 30.2f, 0.0f, r + 1.0f, {235, 128, 128}, 256, BlendMode::kOver);
  EXPECT_NEAR(CoveredArea(frame), kPi * r * r, 0.01 * kPi * r * r);
  EXPECT_EQ(view.planes[0][30 * view.strides[0] + 31], 235);
  EXPECT_EQ(view.planes[0][0], 16);
  // Edge pixels are partly covered: anti-aliased, not stair-stepped.
  int partial = 0;
  for (int x = 0; x < 64; ++x) {
    const int v = view.planes[0][30 * view.strides[0] + x];
    partial += v > 16 && v < 235;
  }
  EXPECT_GE(partial, 1);
  EXPECT_LE(partial, 4);
}

TEST(CanvasTest, RingSkipsItsHole) {
  YuvFrame frame = Black(96, 96);
  FrameView view = frame.view();
  YuvCanvas canvas(view);
  RadialLut lut;
  lut.Build(20.0f, 30.0f, [](float d) { return 1.0f; });
  canvas.DrawRadial(lut, 48.0f, 48.0f, 20.0f, 30.0f, {235, 128, 128}, 256, BlendMode::kOver);
  EXPECT_EQ(view.planes[0][48 * view.strides[0] + 48], 16);
  EXPECT_EQ(view.planes[0][48 * view.strides[0] + 48 + 25], 235);
  EXPECT_NEAR(CoveredArea(frame), kPi * (30 * 30 - 20 * 20), 0.03 * kPi * (30 * 30 - 20 * 20));
}

TEST(CanvasTest, CapsuleAreaAndChroma) {
  YuvFrame frame = Black(128, 64);
  FrameView view = frame.view();
  YuvCanvas canvas(view);
  const float r = 4.0f, length = 60.0f;
  // A diagonal bar: exercises the span computation for rotated shapes.
  const float angle = 0.6f;
  canvas.DrawCapsule(30.0f, 10.0f, 30.0f + length * std::cos(angle), 10.0f + length * std::sin(angle), r,
                     {235, 90, 200}, 256, 256, BlendMode::kOver);
  const double expected = 2 * r * length + kPi * r * r;
  EXPECT_NEAR(CoveredArea(frame), expected, 0.02 * expected);
  // The chroma at the bar's middle took the colour.
  const int cx = static_cast<int>((30.0f + 0.5f * length * std::cos(angle)) / 2);
  const int cy = static_cast<int>((10.0f + 0.5f * length * std::sin(angle)) / 2);
  EXPECT_NEAR(view.planes[1][cy * view.strides[1] + cx], 90, 4);
  EXPECT_NEAR(view.planes[2][cy * view.strides[2] + cx], 200, 4);
}

TEST(CanvasTest, AdditiveBlendClampsToLegalRange) {
  YuvFrame frame = Black(32, 32);
  FrameView view = frame.view();
  YuvCanvas canvas(view);
  RadialLut lut;
  lut.Build(0.0f, 1.0f, [](float) { return 1.0f; });
  for (int i = 0; i < 4; ++i) {
    canvas.DrawRadial(lut, 16.0f, 16.0f, 0.0f, 10.0f, {200, 40, 240}, 256, BlendMode::kAdd);
  }
  EXPECT_EQ(view.planes[0][16 * view.strides[0] + 16], 235);
  EXPECT_EQ(view.planes[1][8 * view.strides[1] + 8], 16);
  EXPECT_EQ(view.planes[2][8 * view.strides[2] + 8], 240);
}

TEST(CanvasTest, DrawingClipsAtTheFrameEdges) {
  // Shapes partly or wholly outside must not write outside the planes:
  // the padding of a strided view stays untouched.
  const int width = 40, height = 30, pad = 8;
  std::vector<uint8_t> y((width + pad) * height, 7), u((width / 2 + pad) * (height / 2), 7),
      v((width / 2 + pad) * (height / 2), 7);
  FrameView view;
  view.width = width;
  view.height = height;
  view.planes[0] = y.data();
  view.planes[1] = u.data();
  view.planes[2] = v.data();
  view.strides[0] = width + pad;
  view.strides[1] = view.strides[2] = width / 2 + pad;
  YuvCanvas canvas(view);
  RadialLut lut;
  lut.Build(0.0f, 1.0f, [](float) { return 1.0f; });
  canvas.DrawRadial(lut, -3.0f, 15.0f, 0.0f, 12.0f, {235, 128, 128}, 256, BlendMode::kOver);
  canvas.DrawRadial(lut, 45.0f, 33.0f, 0.0f, 12.0f, {235, 128, 128}, 256, BlendMode::kAdd);
  canvas.DrawCapsule(-10.0f, -5.0f, 50.0f, 40.0f, 3.0f, {235, 128, 128}, 256, 256, BlendMode::kOver);
  canvas.DrawCapsule(100.0f, 100.0f, 200.0f, 100.0f, 3.0f, {235, 128, 128}, 256, 256, BlendMode::kOver);
  AlphaMask mask = MakeMask(30, 30);
  std::fill(mask.alpha.begin(), mask.alpha.end(), 255);
  mask.BuildHalf();
  canvas.DrawMask(mask, 25, 20, {235, 128, 128}, 256, BlendMode::kOver);
  canvas.DrawMask(mask, -15, -17, {235, 128, 128}, 256, BlendMode::kOver);
  for (int row = 0; row < height; ++row) {
    for (int x = width; x < width + pad; ++x) ASSERT_EQ(y[row * (width + pad) + x], 7) << row << "," << x;
  }
  for (int row = 0; row < height / 2; ++row) {
    for (int x = width / 2; x < width / 2 + pad; ++x) {
      ASSERT_EQ(u[row * (width / 2 + pad) + x], 7);
      ASSERT_EQ(v[row * (width / 2 + pad) + x], 7);
    }
  }
}

TEST(CanvasTest, FadeToBlack) {
  YuvFrame frame(4, 4);
  FrameView view = frame.view();
  std::memset(view.planes[0], 200, 16);
  std::memset(view.planes[1], 60, 4);
  std::memset(view.planes[2], 180, 4);
  YuvCanvas canvas(view);
  canvas.FadeToBlack(128);
  EXPECT_EQ(view.planes[0][0], 16 + 92);
  EXPECT_EQ(view.planes[1][0], 128 - 34);
  EXPECT_EQ(view.planes[2][0], 128 + 26);
  canvas.FadeToBlack(0);
  EXPECT_EQ(view.planes[0][5], 16);
  EXPECT_EQ(view.planes[1][3], 128);
  EXPECT_EQ(view.planes[2][3], 128);
}

TEST(AlphaMaskTest, HalfResolutionAndBlur) {
  AlphaMask mask = MakeMask(5, 3);
  mask.alpha[0] = 255;
  mask.alpha[1] = 255;
  mask.alpha[5] = 255;
  mask.alpha[6] = 255;
  mask.alpha[4] = 200;
  mask.BuildHalf();
  ASSERT_EQ(mask.half_width, 3);
  ASSERT_EQ(mask.half_height, 2);
  EXPECT_EQ(mask.half_alpha[0], 255);
  EXPECT_EQ(mask.half_alpha[2], 50);
  AlphaMask padded = PadMask(mask, 4);
  EXPECT_EQ(padded.width, 13);
  EXPECT_EQ(padded.at(4, 4), 255);
  BlurMask(padded, 2);
  EXPECT_GT(padded.at(2, 4), 0);
  EXPECT_LT(padded.at(5, 5), 255);
}

}  // namespace
}  // namespace beatframe
