// Cover art in every style: a frame rendered with the track's picture
// differs from the same frame without it, and the picture's colour shows
// where the style puts it: in a disc at the centre (pulse, particles,
// tunnel) or as the blurred background (bars, waveform, gradient).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/media/picture.h"
#include "engine/render/palette.h"
#include "engine/render/style.h"
#include "engine/render/synthetic_analysis.h"
#include "engine/timeline/frame_context.h"
#include "engine/timeline/render_plan.h"
#include "tests/render/render_test_util.h"

namespace beatframe {
namespace {

using testing::HashFrame;
using testing::MakeStyle;

// Green with a blue top-left quarter: far from the neon palette's purples in
// both chroma planes (Cb and Cr below 128 where the neon background has
// them above), and the quarter shows the picture's orientation.
constexpr Rgb8 kGreen = {40, 200, 70};
constexpr Rgb8 kBlue = {30, 60, 220};

std::shared_ptr<const Picture> TestCover() {
  auto picture = std::make_shared<Picture>(240, 240);
  for (int y = 0; y < picture->height; ++y) {
    for (int x = 0; x < picture->width; ++x) {
      const Rgb8 c = x < 120 && y < 120 ? kBlue : kGreen;
      uint8_t* p = picture->at(x, y);
      p[0] = c.r;
      p[1] = c.g;
      p[2] = c.b;
    }
  }
  return picture;
}

struct PlaneMeans {
  double y = 0.0, u = 0.0, v = 0.0;
};

// Means of the three planes over a box given in fractions of the frame.
PlaneMeans MeansIn(const FrameView& view, double x0, double y0, double x1, double y1) {
  PlaneMeans m;
  int luma = 0, chroma = 0;
  for (int y = static_cast<int>(y0 * view.height); y < static_cast<int>(y1 * view.height); ++y) {
    for (int x = static_cast<int>(x0 * view.width); x < static_cast<int>(x1 * view.width); ++x, ++luma) {
      m.y += view.planes[0][static_cast<size_t>(y) * view.strides[0] + x];
    }
  }
  for (int y = static_cast<int>(y0 * view.height) / 2; y < static_cast<int>(y1 * view.height) / 2; ++y) {
    for (int x = static_cast<int>(x0 * view.width) / 2; x < static_cast<int>(x1 * view.width) / 2; ++x, ++chroma) {
      m.u += view.planes[1][static_cast<size_t>(y) * view.strides[1] + x];
      m.v += view.planes[2][static_cast<size_t>(y) * view.strides[2] + x];
    }
  }
  m.y /= luma;
  m.u /= chroma;
  m.v /= chroma;
  return m;
}

class CoverStyleTest : public ::testing::TestWithParam<const char*> {
 protected:
  // Frames 0..`last` of a 480x270 render (each style keeps state between
  // frames), with or without the cover; the palette is named so that only
  // the picture differs.
  static void Render(const std::string& style, bool with_cover, int last, YuvFrame& frame) {
    SyntheticMusic music;
    music.duration_s = 4.0;
    const Analysis analysis = MakeSyntheticAnalysis(music);
    absl::StatusOr<RenderPlan> plan = PlanRender("neon", "16:9", analysis, MediaTags{});
    ASSERT_TRUE(plan.ok()) << plan.status();
    plan->style = style;
    plan->width = frame.width();
    plan->height = frame.height();
    if (with_cover) plan->cover_art = TestCover();
    std::unique_ptr<Style> renderer = MakeStyle(*plan);
    ASSERT_NE(renderer, nullptr);
    FrameContextBuilder builder(analysis, plan->fps_num, plan->fps_den);
    FrameView view = frame.view();
    for (int f = 0; f <= last; ++f) renderer->Render(builder.At(f), view);
  }
};

TEST_P(CoverStyleTest, ShowsTheCoverWhereTheStylePutsIt) {
  const std::string style = GetParam();
  YuvFrame with(480, 270), without(480, 270);
  Render(style, true, 50, with);
  Render(style, false, 50, without);
  ASSERT_NE(HashFrame(with.view()), HashFrame(without.view()));
  const YuvColor green = RgbToYuv709({kGreen.r * 1.0f, kGreen.g * 1.0f, kGreen.b * 1.0f});
  const YuvColor blue = RgbToYuv709({kBlue.r * 1.0f, kBlue.g * 1.0f, kBlue.b * 1.0f});

  if (style == "pulse" || style == "particles" || style == "tunnel") {
    // A disc at the vanishing point (45% down on 16:9): green below-right of
    // its centre, blue above-left, both close to the picture's own colours.
    const PlaneMeans below_right = MeansIn(with.view(), 0.51, 0.47, 0.53, 0.51);
    const PlaneMeans above_left = MeansIn(with.view(), 0.47, 0.39, 0.49, 0.43);
    EXPECT_NEAR(below_right.y, green.y, 14.0) << style;
    EXPECT_NEAR(below_right.u, green.u, 10.0) << style;
    EXPECT_NEAR(below_right.v, green.v, 10.0) << style;
    EXPECT_NEAR(above_left.u, blue.u, 14.0) << style;
    EXPECT_NEAR(above_left.v, blue.v, 14.0) << style;
  } else {
    // The blurred, darkened cover behind the visual: in the top-right corner
    // (clear of the bars, lines and shape) the chroma turns the cover's way,
    // from the neon purple (Cb, Cr above 128) to green (both below).
    const PlaneMeans corner_with = MeansIn(with.view(), 0.9, 0.04, 0.98, 0.16);
    const PlaneMeans corner_without = MeansIn(without.view(), 0.9, 0.04, 0.98, 0.16);
    EXPECT_LT(corner_with.u, 127.0) << style;
    EXPECT_LT(corner_with.v, 127.0) << style;
    EXPECT_LT(corner_with.u, corner_without.u - 2.0) << style;
    EXPECT_LT(corner_with.v, corner_without.v - 4.0) << style;
    EXPECT_GT(corner_with.y, 20.0) << style;  // darkened, not black
  }
}

TEST_P(CoverStyleTest, StillRespondsToTheBeatWithTheCover) {
  // A beat frame (frame 45, on the 1.5 s beat) against the frame half a beat
  // later (frame 52): the style's own beat response survives the picture.
  const std::string style = GetParam();
  YuvFrame beat(480, 270), mid(480, 270);
  Render(style, true, 45, beat);
  Render(style, true, 52, mid);
  const double beat_luma = MeansIn(beat.view(), 0.0, 0.0, 1.0, 1.0).y;
  const double mid_luma = MeansIn(mid.view(), 0.0, 0.0, 1.0, 1.0).y;
  EXPECT_GT(beat_luma, mid_luma + 0.3) << style;
}

INSTANTIATE_TEST_SUITE_P(AllStyles, CoverStyleTest,
                         ::testing::Values("pulse", "bars", "waveform", "particles", "tunnel", "gradient"),
                         [](const ::testing::TestParamInfo<const char*>& info) { return std::string(info.param); });

}  // namespace
}  // namespace beatframe
