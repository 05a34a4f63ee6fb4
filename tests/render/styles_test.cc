// Contract tests run against every style CreateStyle knows, in all three
// aspects: exact size, determinism with a pinned frame per style, a visible
// response to the beat, the title inside the safe area, fades at the ends.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <tuple>
#include <vector>

#include "tests/render/render_test_util.h"
#include "engine/render/line_drawing.h"
#include "engine/render/style.h"
#include "engine/render/synthetic_analysis.h"
#include "engine/timeline/frame_context.h"
#include "engine/timeline/render_plan.h"

namespace beatframe {
namespace {

const char* const kStyles[] = {"pulse", "bars", "waveform", "particles", "tunnel", "gradient"};

using testing::HashFrame;

// Mean luma over every other row and column (plenty for a whole-frame mean).
double MeanLuma(const FrameView& view) {
  double sum = 0.0;
  int count = 0;
  for (int y = 0; y < view.height; y += 2) {
    const uint8_t* row = view.planes[0] + static_cast<size_t>(y) * view.strides[0];
    for (int x = 0; x < view.width; x += 2, ++count) sum += row[x];
  }
  return sum / count;
}

// Mean absolute luma difference between two frames of the same size, on the same grid.
double MeanAbsDiff(const FrameView& a, const FrameView& b) {
  double sum = 0.0;
  int count = 0;
  for (int y = 0; y < a.height; y += 2) {
    const uint8_t* ra = a.planes[0] + static_cast<size_t>(y) * a.strides[0];
    const uint8_t* rb = b.planes[0] + static_cast<size_t>(y) * b.strides[0];
    for (int x = 0; x < a.width; x += 2, ++count) sum += std::abs(ra[x] - rb[x]);
  }
  return sum / count;
}

// Beats every 0.5 s from 0.5 s with flat energy and bands, so differences
// between frames come from the beat (and the styles' own slow motion) alone.
Analysis SteadyBeats(double duration_s) {
  SyntheticMusic music;
  music.duration_s = duration_s;
  Analysis analysis = MakeSyntheticAnalysis(music);
  std::fill(analysis.energy.begin(), analysis.energy.end(), 0.5f);
  std::fill(analysis.bands.begin(), analysis.bands.end(), 0.5f);
  return analysis;
}

RenderPlan PlanFor(const std::string& style, const std::string& aspect, const Analysis& analysis,
                   const std::string& title = "") {
  absl::StatusOr<RenderPlan> plan = PlanRender("neon", aspect, analysis, MediaTags{});
  EXPECT_TRUE(plan.ok()) << plan.status();
  plan->style = style;
  plan->title = title;
  plan->subtitle = title.empty() ? "" : "The Artist";
  return *plan;
}

using testing::MakeStyle;

// A frame with padding after every row, like an encoder's buffer, cleared to
// zero so unwritten pixels show.
struct PaddedFrame {
  static constexpr int kPad = 48;
  PaddedFrame(int width, int height)
      : chroma_width((width + 1) / 2),
        chroma_height((height + 1) / 2),
        y(static_cast<size_t>(width + kPad) * height, 0),
        u(static_cast<size_t>(chroma_width + kPad) * chroma_height, 0),
        v(u.size(), 0) {
    view.width = width;
    view.height = height;
    view.planes[0] = y.data();
    view.planes[1] = u.data();
    view.planes[2] = v.data();
    view.strides[0] = width + kPad;
    view.strides[1] = view.strides[2] = chroma_width + kPad;
  }
  // Pixels inside the picture left at zero luma, and padding bytes touched.
  void Check(int* unwritten, int* padding_touched) const {
    *unwritten = *padding_touched = 0;
    for (int row = 0; row < view.height; ++row) {
      for (int x = 0; x < view.strides[0]; ++x) {
        const uint8_t value = y[static_cast<size_t>(row) * view.strides[0] + x];
        if (x < view.width) {
          *unwritten += value < 16;
        } else {
          *padding_touched += value != 0;
        }
      }
    }
    for (int row = 0; row < chroma_height; ++row) {
      for (int x = chroma_width; x < view.strides[1]; ++x) {
        *padding_touched += u[static_cast<size_t>(row) * view.strides[1] + x] != 0;
        *padding_touched += v[static_cast<size_t>(row) * view.strides[2] + x] != 0;
      }
    }
  }
  int chroma_width, chroma_height;
  std::vector<uint8_t> y, u, v;
  FrameView view;
};

using StyleAspect = std::tuple<const char*, const char*>;

class StyleContractTest : public ::testing::TestWithParam<StyleAspect> {
 protected:
  std::string style() const { return std::get<0>(GetParam()); }
  std::string aspect() const { return std::get<1>(GetParam()); }
};

TEST_P(StyleContractTest, FillsExactlyThePlanSize) {
  const Analysis analysis = SteadyBeats(3.0);
  const RenderPlan plan = PlanFor(style(), aspect(), analysis, "Size Check");
  std::unique_ptr<Style> renderer = MakeStyle(plan);
  ASSERT_NE(renderer, nullptr);
  PaddedFrame frame(plan.width, plan.height);
  FrameContextBuilder builder(analysis, plan.fps_num, plan.fps_den);
  // A jump into the middle, then a few frames in order (styles with state
  // take both paths).
  for (int64_t f = builder.FrameNearest(1.4); f <= builder.FrameNearest(1.5); ++f) {
    renderer->Render(builder.At(f), frame.view);
  }
  int unwritten = 0, padding_touched = 0;
  frame.Check(&unwritten, &padding_touched);
  EXPECT_EQ(unwritten, 0);
  EXPECT_EQ(padding_touched, 0);
}

TEST_P(StyleContractTest, SameInputsGiveTheSameFrames) {
  const Analysis analysis = SteadyBeats(3.0);
  const RenderPlan plan = PlanFor(style(), aspect(), analysis, "Again");
  FrameContextBuilder builder(analysis, plan.fps_num, plan.fps_den);
  std::vector<uint64_t> runs[2];
  for (std::vector<uint64_t>& hashes : runs) {
    std::unique_ptr<Style> renderer = MakeStyle(plan);
    ASSERT_NE(renderer, nullptr);
    YuvFrame frame(plan.width, plan.height);
    FrameView view = frame.view();
    for (int64_t f = 0; f <= 48; ++f) {
      renderer->Render(builder.At(f), view);
      if (f % 8 == 0) hashes.push_back(HashFrame(view));
    }
  }
  EXPECT_EQ(runs[0], runs[1]);
}

TEST_P(StyleContractTest, RespondsToTheBeat) {
  const Analysis analysis = SteadyBeats(6.0);
  const RenderPlan plan = PlanFor(style(), aspect(), analysis);
  std::unique_ptr<Style> renderer = MakeStyle(plan);
  ASSERT_NE(renderer, nullptr);
  FrameContextBuilder builder(analysis, plan.fps_num, plan.fps_den);
  YuvFrame frames[2] = {YuvFrame(plan.width, plan.height), YuvFrame(plan.width, plan.height)};
  double beat_luma = 0.0, mid_luma = 0.0, beat_motion = 0.0, mid_motion = 0.0;
  int beats = 0, mids = 0;
  for (int64_t f = 0; f < builder.FrameNearest(5.0); ++f) {
    const FrameContext context = builder.At(f);
    FrameView view = frames[f % 2].view(), previous = frames[(f + 1) % 2].view();
    renderer->Render(context, view);
    if (context.time_s < 1.0) continue;  // past the fade-in
    // Brightness on the beat frame against mid-beat, and how much changed
    // from the frame before: a beat must show as a jump, not a drift.
    if (context.on_beat) {
      beat_luma += MeanLuma(view);
      beat_motion += MeanAbsDiff(view, previous);
      ++beats;
    } else if (std::abs(context.beat_phase - 0.5) < 0.04) {
      mid_luma += MeanLuma(view);
      mid_motion += MeanAbsDiff(view, previous);
      ++mids;
    }
  }
  ASSERT_GE(beats, 6);
  ASSERT_GE(mids, 6);
  beat_luma /= beats;
  mid_luma /= mids;
  beat_motion /= beats;
  mid_motion /= mids;
  std::printf("[%s %s] mean luma on beat %.2f, mid-beat %.2f; change into the frame %.3f vs %.3f\n",
              style().c_str(), aspect().c_str(), beat_luma, mid_luma, beat_motion, mid_motion);
  EXPECT_GT(beat_luma, mid_luma + 0.3);
  // Thin lines that keep moving (tunnel) change a lot between any two
  // frames, so ask for half as much again plus a clear margin.
  EXPECT_GT(beat_motion, 1.5 * mid_motion);
  EXPECT_GT(beat_motion, mid_motion + 1.0);
}

TEST_P(StyleContractTest, TitleShowsInTheSafeAreaThenGoes) {
  const Analysis analysis = SteadyBeats(6.0);
  const RenderPlan titled = PlanFor(style(), aspect(), analysis, "Hello Beat");
  const RenderPlan plain = PlanFor(style(), aspect(), analysis);
  std::unique_ptr<Style> with_title = MakeStyle(titled), without = MakeStyle(plain);
  ASSERT_NE(with_title, nullptr);
  ASSERT_NE(without, nullptr);
  const int w = titled.width, h = titled.height;
  FrameContextBuilder builder(analysis, titled.fps_num, titled.fps_den);
  YuvFrame a(w, h), b(w, h);
  FrameView va = a.view(), vb = b.view();
  // Both styles see the same frames (a jump to each), so they differ only
  // by the title.
  for (const int64_t f : {builder.FrameNearest(1.5), builder.FrameNearest(4.6)}) {
    with_title->Render(builder.At(f), va);
    without->Render(builder.At(f), vb);
    if (f != builder.FrameNearest(1.5)) continue;
    // Text ink: near-white pixels clearly brighter than without the title
    // (a style may dim what lies behind the text, and the shadow darkens).
    int left = w, top = h, right = -1, bottom = -1, ink = 0;
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const int with = va.planes[0][static_cast<size_t>(y) * va.strides[0] + x];
        const int plain_luma = vb.planes[0][static_cast<size_t>(y) * vb.strides[0] + x];
        if (with < 200 || with < plain_luma + 40) continue;
        ++ink;
        left = std::min(left, x);
        right = std::max(right, x);
        top = std::min(top, y);
        bottom = std::max(bottom, y);
      }
    }
    ASSERT_GT(ink, w * h / 400) << "no visible title";
    // Title-safe horizontally; for 9:16 clear of the app chrome at top and bottom.
    EXPECT_GE(left, 0.05 * w);
    EXPECT_LE(right, 0.95 * w);
    EXPECT_GE(top, (h > w ? 0.10 : 0.05) * h);
    EXPECT_LE(bottom, (h > w ? 0.80 : 0.95) * h);
    // At least 5% of the frame height tall (two lines of text: title and artist).
    EXPECT_GE(bottom - top, 0.05 * h);
  }
  // After the title ends the frames are the same as without one.
  EXPECT_EQ(HashFrame(va), HashFrame(vb));
}

TEST_P(StyleContractTest, FadesFromAndToBlack) {
  const Analysis analysis = SteadyBeats(3.0);
  const RenderPlan plan = PlanFor(style(), aspect(), analysis, "Fade");
  std::unique_ptr<Style> renderer = MakeStyle(plan);
  ASSERT_NE(renderer, nullptr);
  FrameContextBuilder builder(analysis, plan.fps_num, plan.fps_den);
  YuvFrame frame(plan.width, plan.height);
  FrameView view = frame.view();
  for (int64_t f : {int64_t{0}, builder.frame_count() / 2, builder.frame_count() - 1}) {
    renderer->Render(builder.At(f), view);
    const double mean = MeanLuma(view);
    if (f == builder.frame_count() / 2) {
      EXPECT_GT(mean, 20.0) << "middle frame is nearly black";
    } else {
      EXPECT_LT(mean, 16.5) << "frame " << f;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllStyles, StyleContractTest,
                         ::testing::Combine(::testing::ValuesIn(kStyles), ::testing::Values("16:9", "9:16", "1:1")),
                         [](const ::testing::TestParamInfo<StyleAspect>& info) {
                           const std::string aspect = std::get<1>(info.param);
                           return std::string(std::get<0>(info.param)) +
                                  (aspect == "16:9" ? "Landscape" : aspect == "9:16" ? "Portrait" : "Square");
                         });

class StyleRobustnessTest : public ::testing::TestWithParam<const char*> {};

TEST_P(StyleRobustnessTest, OddSizesStayInBounds) {
  const Analysis analysis = SteadyBeats(2.0);
  for (const auto& [width, height] : {std::pair{333, 187}, std::pair{187, 333}, std::pair{16, 16}}) {
    RenderPlan plan = PlanFor(GetParam(), "16:9", analysis, "Odd");
    plan.width = width;
    plan.height = height;
    std::unique_ptr<Style> renderer = MakeStyle(plan);
    ASSERT_NE(renderer, nullptr);
    PaddedFrame frame(width, height);
    FrameContextBuilder builder(analysis, plan.fps_num, plan.fps_den);
    for (int64_t f = 0; f < builder.frame_count(); f += 7) renderer->Render(builder.At(f), frame.view);
    int unwritten = 0, padding_touched = 0;
    frame.Check(&unwritten, &padding_touched);
    EXPECT_EQ(unwritten, 0) << width << "x" << height;
    EXPECT_EQ(padding_touched, 0) << width << "x" << height;
  }
}

TEST_P(StyleRobustnessTest, MusicWithoutBeatsOrBandsStillMoves) {
  Analysis analysis;
  analysis.duration_s = 3.0;
  analysis.feature_rate_hz = 30.0;
  analysis.energy.assign(90, 0.4f);  // no beats, no bands, no tempo
  RenderPlan plan = PlanFor(GetParam(), "16:9", analysis);
  plan.width = 480;
  plan.height = 270;
  std::unique_ptr<Style> renderer = MakeStyle(plan);
  ASSERT_NE(renderer, nullptr);
  FrameContextBuilder builder(analysis, plan.fps_num, plan.fps_den);
  YuvFrame a(plan.width, plan.height), b(plan.width, plan.height);
  FrameView va = a.view(), vb = b.view();
  for (int64_t f = 0; f <= 60; ++f) renderer->Render(builder.At(f), f == 60 ? vb : va);
  EXPECT_GT(MeanLuma(vb), 20.0);
  // Slow motion continues without beats: frame 60 differs from frame 59.
  EXPECT_NE(HashFrame(va), HashFrame(vb));
}

INSTANTIATE_TEST_SUITE_P(AllStyles, StyleRobustnessTest, ::testing::ValuesIn(kStyles));

// Renders frames 0..45 of a small fixed input and returns the last hash.
uint64_t SmallRenderHash(const std::string& style) {
  SyntheticMusic music;
  music.duration_s = 4.0;
  const Analysis analysis = MakeSyntheticAnalysis(music);
  const RenderPlan plan = testing::SmallTestPlan(style, analysis);
  std::unique_ptr<Style> renderer = MakeStyle(plan);
  if (renderer == nullptr) return 0;
  FrameContextBuilder builder(analysis, plan.fps_num, plan.fps_den);
  YuvFrame frame(plan.width, plan.height);
  FrameView view = frame.view();
  for (int f = 0; f <= 45; ++f) renderer->Render(builder.At(f), view);
  return HashFrame(view);
}

TEST(StylePinnedTest, PinnedFrameHashPerStyle) {
  // FATE-style references: frame 45 (a beat) of the small fixed render.
  // Update deliberately, after looking at the frames, when a look changes.
  const std::pair<const char*, uint64_t> kPinned[] = {
      {"pulse", 0xcfda68e71c82bce1ull},     {"bars", 0xf338ceb691a0ca5bull},
      {"waveform", 0x75473864d31eb8feull},  {"particles", 0x6a888f54c9776daaull},
      {"tunnel", 0xbacf441f7e63a00dull},    {"gradient", 0xcd3228a5ab784eafull},
  };
  for (const auto& [style, expected] : kPinned) {
    const uint64_t actual = SmallRenderHash(style);
    EXPECT_EQ(actual, expected) << style << ": frame 45 hash is 0x" << std::hex << actual;
  }
}

// A grey frame, so both light added and light taken away show.
YuvFrame Grey(int width, int height) {
  YuvFrame frame(width, height);
  FrameView view = frame.view();
  std::fill(view.planes[0], view.planes[0] + static_cast<size_t>(view.strides[0]) * height, 60);
  const size_t chroma = static_cast<size_t>(view.strides[1]) * ((height + 1) / 2);
  std::fill(view.planes[1], view.planes[1] + chroma, 128);
  std::fill(view.planes[2], view.planes[2] + chroma, 128);
  return frame;
}

TEST(LineDrawingTest, JointsNeitherOverlapNorGap) {
  // A line cut into many collinear segments (and one at an angle, so the
  // joints are not axis-aligned) draws exactly what the uncut line draws:
  // each pixel has one owner, so additive glows show no dots at joints.
  LineProfile profile;
  profile.Build(1.3f, 0.5f, 3.0f);
  for (const float slope : {0.0f, 0.37f, 2.9f}) {
    YuvFrame whole = Grey(160, 120), cut = Grey(160, 120);
    const Point2 a = {-20.0f, 40.3f}, b = {180.0f, 40.3f + 200.0f * slope / (1.0f + slope)};
    std::vector<Point2> points;
    for (int i = 0; i <= 23; ++i) {
      const float t = i / 23.0f;
      points.push_back({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t});
    }
    const Point2 ends[2] = {a, b};
    DrawPolyline(whole.view(), ends, 2, false, profile, {200, 90, 170}, 180, BlendMode::kAdd);
    DrawPolyline(cut.view(), points.data(), static_cast<int>(points.size()), false, profile, {200, 90, 170}, 180,
                 BlendMode::kAdd);
    EXPECT_EQ(HashFrame(whole.view()), HashFrame(cut.view())) << "slope " << slope;
  }
}

TEST(LineDrawingTest, VerticalCapsuleMatchesTheGeneralCapsule) {
  YuvFrame fast = Grey(64, 96), general = Grey(64, 96);
  DrawVerticalCapsule(fast.view(), 31.3f, 20.6f, 70.2f, 5.4f, {200, 90, 170}, 256, 120, BlendMode::kOver);
  YuvCanvas(general.view()).DrawCapsule(31.3f, 20.6f, 31.3f, 70.2f, 5.4f, {200, 90, 170}, 256, 120,
                                        BlendMode::kOver);
  FrameView a = fast.view(), b = general.view();
  int worst = 0;
  for (int p = 0; p < 3; ++p) {
    const int rows = p == 0 ? 96 : 48, columns = p == 0 ? 64 : 32;
    for (int y = 0; y < rows; ++y) {
      for (int x = 0; x < columns; ++x) {
        worst = std::max(worst, std::abs(a.planes[p][y * a.strides[p] + x] - b.planes[p][y * b.strides[p] + x]));
      }
    }
  }
  EXPECT_LE(worst, 1);  // rounding only
}

TEST(StyleFactoryTest, UnknownStyleNamesTheKnownOnes) {
  RenderPlan plan;
  plan.style = "confetti";
  const absl::Status status = CreateStyle(plan).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  for (const char* style : kStyles) EXPECT_NE(status.message().find(style), std::string::npos) << style;
}

}  // namespace
}  // namespace beatframe
