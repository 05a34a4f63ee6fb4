// The render side of draft edits: a title card with its own time range
// (title_overlay.h) and the frame context's intensity knob as every style
// shows it: calmer means a smaller beat response, more energetic a larger one.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "engine/render/palette.h"
#include "engine/render/style.h"
#include "engine/render/synthetic_analysis.h"
#include "engine/render/title_overlay.h"
#include "engine/timeline/frame_context.h"
#include "engine/timeline/render_plan.h"
#include "tests/render/render_test_util.h"

namespace beatframe {
namespace {

const char* const kStyles[] = {"pulse", "bars", "waveform", "particles", "tunnel", "gradient"};

TEST(TitleRangeTest, CardShowsOnlyInsideItsRangeAndIsGoneAtTheEnd) {
  TitleOptions options;
  options.title = "Urban Dreams";
  options.band_top = 0.77f * 1080;
  options.band_bottom = 0.93f * 1080;
  options.start_s = 2.0;
  options.show_s = 3.0;
  absl::StatusOr<std::unique_ptr<TitleOverlay>> overlay = TitleOverlay::Create(options, *FindPalette("neon"));
  ASSERT_TRUE(overlay.ok()) << overlay.status();
  const TitleOverlay& card = **overlay;
  EXPECT_EQ(card.Visibility(0.0), 0.0f);
  EXPECT_EQ(card.Visibility(1.99), 0.0f);
  EXPECT_EQ(card.Visibility(2.0), 0.0f);  // fades in from its start
  EXPECT_GT(card.Visibility(2.2), 0.0f);
  EXPECT_LT(card.Visibility(2.2), 1.0f);
  EXPECT_EQ(card.Visibility(3.5), 1.0f);
  EXPECT_GT(card.Visibility(4.9), 0.0f);
  EXPECT_EQ(card.Visibility(5.0), 0.0f);  // fully gone at the end time
  EXPECT_EQ(card.Visibility(6.0), 0.0f);
}

TEST(TitleRangeTest, DefaultStartIsTheFirstFrame) {
  TitleOptions options;
  options.title = "From Zero";
  options.band_top = 0.77f * 1080;
  options.band_bottom = 0.93f * 1080;
  options.show_s = 3.0;
  absl::StatusOr<std::unique_ptr<TitleOverlay>> overlay = TitleOverlay::Create(options, *FindPalette("neon"));
  ASSERT_TRUE(overlay.ok()) << overlay.status();
  EXPECT_EQ((*overlay)->Visibility(1.5), 1.0f);
  EXPECT_EQ((*overlay)->Visibility(3.0), 0.0f);
}

double MeanLuma(const FrameView& view) {
  double sum = 0.0;
  int count = 0;
  for (int y = 0; y < view.height; ++y) {
    const uint8_t* row = view.planes[0] + static_cast<size_t>(y) * view.strides[0];
    for (int x = 0; x < view.width; ++x, ++count) sum += row[x];
  }
  return sum / count;
}

double MeanAbsDiff(const FrameView& a, const FrameView& b) {
  double sum = 0.0;
  int count = 0;
  for (int y = 0; y < a.height; ++y) {
    const uint8_t* ra = a.planes[0] + static_cast<size_t>(y) * a.strides[0];
    const uint8_t* rb = b.planes[0] + static_cast<size_t>(y) * b.strides[0];
    for (int x = 0; x < a.width; ++x, ++count) sum += std::abs(ra[x] - rb[x]);
  }
  return sum / count;
}

// How strongly a style answers the beat at `intensity`: the brightness jump
// into each beat frame (against its frame before) plus how far the beat frame
// stands above mid-beat frames, averaged over the beats after the fade-in.
double BeatResponse(const std::string& style, double intensity) {
  SyntheticMusic music;
  music.duration_s = 5.0;
  const Analysis analysis = MakeSyntheticAnalysis(music);
  const RenderPlan plan = testing::SmallTestPlan(style, analysis);
  std::unique_ptr<Style> renderer = testing::MakeStyle(plan);
  if (renderer == nullptr) return 0.0;
  const FrameContextBuilder builder(analysis, plan.fps_num, plan.fps_den, intensity);
  YuvFrame frames[2] = {YuvFrame(plan.width, plan.height), YuvFrame(plan.width, plan.height)};
  double jump = 0.0, beat_luma = 0.0, mid_luma = 0.0;
  int beats = 0, mids = 0;
  for (int64_t f = 0; f < builder.FrameNearest(4.4); ++f) {
    const FrameContext context = builder.At(f);
    FrameView view = frames[f % 2].view(), previous = frames[(f + 1) % 2].view();
    renderer->Render(context, view);
    if (context.time_s < 1.0) continue;
    if (context.on_beat) {
      jump += MeanAbsDiff(view, previous);
      beat_luma += MeanLuma(view);
      ++beats;
    } else if (std::abs(context.beat_phase - 0.5) < 0.04) {
      mid_luma += MeanLuma(view);
      ++mids;
    }
  }
  if (beats == 0 || mids == 0) return 0.0;
  return jump / beats + (beat_luma / beats - mid_luma / mids);
}

class IntensityTest : public ::testing::TestWithParam<const char*> {};

TEST_P(IntensityTest, CalmerRespondsLessAndEnergeticMoreToTheBeat) {
  const double calm = BeatResponse(GetParam(), -1.0);
  const double plain = BeatResponse(GetParam(), 0.0);
  const double wild = BeatResponse(GetParam(), 1.0);
  std::printf("[%s] beat response calm %.3f, plain %.3f, energetic %.3f\n", GetParam(), calm, plain, wild);
  EXPECT_LT(calm, 0.65 * plain);
  EXPECT_GT(wild, 1.25 * plain);
}

INSTANTIATE_TEST_SUITE_P(AllStyles, IntensityTest, ::testing::ValuesIn(kStyles));

}  // namespace
}  // namespace beatframe
