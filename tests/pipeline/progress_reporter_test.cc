// ProgressReporter: stage weights, monotonic fraction, 1.0 only at done,
// throttling of frame updates, and an ETA once frames flow.
#include "engine/pipeline/progress_reporter.h"

#include <chrono>
#include <thread>
#include <vector>

#include "engine/pipeline/frame_pump.h"
#include "gtest/gtest.h"

namespace beatframe::pipeline_internal {
namespace {

TEST(ProgressReporterTest, StagesInOrderFractionRisesAndEndsAtOne) {
  std::vector<RenderProgress> seen;
  ProgressCallback callback = [&](const RenderProgress& p) { seen.push_back(p); };
  ProgressReporter progress(callback, std::chrono::milliseconds(0));
  progress.EnterStage(RenderStage::kDecoding);
  progress.EnterStage(RenderStage::kAnalysing);
  progress.EnterStage(RenderStage::kPlanning);
  progress.EnterStage(RenderStage::kRendering);
  for (int i = 0; i <= 100; ++i) progress.Frames(i, 100);
  progress.EnterStage(RenderStage::kEncoding);
  progress.EnterStage(RenderStage::kDone);

  ASSERT_GE(seen.size(), 7u);
  EXPECT_EQ(seen.front().stage, RenderStage::kDecoding);
  EXPECT_EQ(seen.back().stage, RenderStage::kDone);
  EXPECT_EQ(seen.back().fraction, 1.0);
  for (size_t i = 1; i < seen.size(); ++i) {
    EXPECT_GE(seen[i].fraction, seen[i - 1].fraction);
    EXPECT_GE(static_cast<int>(seen[i].stage), static_cast<int>(seen[i - 1].stage));
    if (seen[i].stage != RenderStage::kDone) {
      EXPECT_LT(seen[i].fraction, 1.0);
    }
  }
  // Rendering spans most of the job.
  for (const auto& p : seen) {
    if (p.stage == RenderStage::kRendering && p.frames_done == 50) {
      EXPECT_NEAR(p.fraction, 0.52, 0.01);
    }
  }
}

TEST(ProgressReporterTest, ThrottlesFrameUpdatesButNotEdgesOrStages) {
  int calls = 0;
  ProgressCallback callback = [&](const RenderProgress&) { ++calls; };
  ProgressReporter progress(callback, std::chrono::hours(1));
  progress.EnterStage(RenderStage::kRendering);
  for (int i = 0; i <= 1000; ++i) progress.Frames(i, 1000);
  // The stage change, frame 0 and frame 1000.
  EXPECT_EQ(calls, 3);
  progress.EnterStage(RenderStage::kEncoding);
  EXPECT_EQ(calls, 4);
}

TEST(ProgressReporterTest, EtaAppearsOnceFramesFlow) {
  RenderProgress last;
  ProgressCallback callback = [&](const RenderProgress& p) { last = p; };
  ProgressReporter progress(callback, std::chrono::milliseconds(0));
  progress.EnterStage(RenderStage::kRendering);
  EXPECT_EQ(last.eta_s, -1.0);
  progress.Frames(0, 100);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  progress.Frames(10, 100);
  // 10 frames in ~50 ms: ~0.45 s left for 90 frames, plus the flush.
  EXPECT_GT(last.eta_s, 0.2);
  EXPECT_LT(last.eta_s, 2.0);
  EXPECT_EQ(last.frames_done, 10);
  EXPECT_EQ(last.frames_total, 100);
}

TEST(ProgressReporterTest, NoCallbackIsFine) {
  ProgressCallback none;
  ProgressReporter progress(none);
  progress.EnterStage(RenderStage::kRendering);
  progress.Frames(1, 2);
  EXPECT_EQ(progress.last().stage, RenderStage::kRendering);
}

TEST(AudioSpanTest, FramesTileTheAudioExactly) {
  struct Case {
    int rate, num, den;
  };
  for (const Case& c : {Case{48000, 30, 1}, Case{44100, 30, 1}, Case{48000, 30000, 1001}, Case{44100, 24, 1}}) {
    int64_t expected_start = 0;
    for (int64_t i = 0; i < 5000; ++i) {
      const auto [first, last] = AudioSpanForFrame(i, c.rate, c.num, c.den);
      ASSERT_EQ(first, expected_start);
      ASSERT_GE(last - first, c.rate * c.den / c.num);
      ASSERT_LE(last - first, c.rate * c.den / c.num + 1);
      expected_start = last;
    }
    // N frames carry round(N * rate / fps) samples.
    const double exact = 5000.0 * c.rate * c.den / c.num;
    EXPECT_NEAR(static_cast<double>(expected_start), exact, 0.5);
  }
}

}  // namespace
}  // namespace beatframe::pipeline_internal
