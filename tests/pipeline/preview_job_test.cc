// The 720p preview mode end to end: a synthesized drum track rendered at
// 720p (asked for by the request or by the prompt) gives 1280x720 /
// 720x1280 frames that still flash on the beat, and a contact sheet whose
// thumbnails follow the frame size. Real decoder, analysis, style, encoders.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/media/png_io.h"
#include "engine/pipeline/render_job.h"
#include "gtest/gtest.h"
#include "tests/encode/mp4_probe.h"
#include "tests/pipeline/drum_track_suite.h"

namespace beatframe {
namespace {

namespace fs = std::filesystem;

constexpr double kBpm = 120.0;
constexpr double kTrackS = 6.0;

class PreviewJobTest : public testing::DrumTrackSuite {
 protected:
  static void SetUpTestSuite() { WriteDrumTrack("bf_preview_", kBpm, kTrackS); }
};

TEST_F(PreviewJobTest, RendersAt720pAndStillFlashesOnTheBeat) {
  RenderRequest request;  // the default encoder settings, as the service uses them
  request.input_path = Input();
  request.output_path = Output("preview.mp4");
  request.preview_path = Output("sheet.png");
  request.prompt = "pulse";  // the style whose centre orb flashes on the beat
  request.resolution = "720p";
  absl::StatusOr<RenderResult> result = RunRenderJob(request, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->plan.width, 1280);
  EXPECT_EQ(result->plan.height, 720);

  absl::StatusOr<testing::Mp4Facts> facts = testing::ProbeMp4(request.output_path);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->video.width, 1280);
  EXPECT_EQ(facts->video.height, 720);
  EXPECT_EQ(facts->video.frame_count, result->frames);
  EXPECT_NEAR(facts->video.duration_s, kTrackS, 1.0 / 30);
  EXPECT_NEAR(facts->audio.duration_s, facts->video.duration_s, 1.0 / 30);

  // Beat response on the decoded video: the centre of a beat frame is
  // brighter than the centre half a beat later.
  const Analysis& analysis = result->analysis;
  EXPECT_NEAR(analysis.tempo_bpm, kBpm, 1.0);
  const double half_beat_s = 30.0 / std::max(analysis.tempo_bpm, 1.0);
  std::vector<int64_t> beats, indices;
  for (double t : analysis.beat_times_s) {
    if (t < 1.0 || t + half_beat_s > result->duration_s - 1.0) continue;  // past the fades
    beats.push_back(std::llround(t * 30));
    indices.push_back(beats.back());
    indices.push_back(std::llround((t + half_beat_s) * 30));
  }
  ASSERT_GE(beats.size(), 4u);
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  absl::StatusOr<std::vector<testing::DecodedFrame>> frames = testing::DecodeVideoFrames(request.output_path, indices);
  ASSERT_TRUE(frames.ok()) << frames.status();
  auto centre_luma = [&](int64_t index) {
    const size_t at = std::lower_bound(indices.begin(), indices.end(), index) - indices.begin();
    EXPECT_EQ((*frames)[at].width, 1280);
    return (*frames)[at].MeanLuma(0.3, 0.3, 0.7, 0.7);
  };
  int brighter = 0;
  double beat_sum = 0.0, mid_sum = 0.0;
  for (double t : analysis.beat_times_s) {
    if (t < 1.0 || t + half_beat_s > result->duration_s - 1.0) continue;
    const double on = centre_luma(std::llround(t * 30)), off = centre_luma(std::llround((t + half_beat_s) * 30));
    beat_sum += on;
    mid_sum += off;
    brighter += on > off;
  }
  EXPECT_GE(brighter, static_cast<int>(beats.size() * 8 / 10)) << "of " << beats.size();
  EXPECT_GT(beat_sum / beats.size(), mid_sum / beats.size() + 2.0);

  // The contact sheet: 4 x 3 thumbnails at a fifth of 1280x720 (256x144)
  // plus label strips and margins.
  ASSERT_TRUE(result->wrote_preview);
  absl::StatusOr<Picture> sheet = ReadImageFile(request.preview_path);
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  EXPECT_GT(sheet->width, 4 * 256);
  EXPECT_LT(sheet->width, 4 * 256 + 5 * 20);
  EXPECT_GT(sheet->height, 3 * 144);
}

TEST_F(PreviewJobTest, PromptWordAsksForAVerticalPreview) {
  RenderRequest request;
  request.input_path = Input();
  request.output_path = Output("draft.mp4");
  request.prompt = "quick draft, vertical bars";
  absl::StatusOr<RenderResult> result = RunRenderJob(request, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->plan.style, "bars");
  absl::StatusOr<testing::Mp4Facts> facts = testing::ProbeMp4(request.output_path);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->video.width, 720);
  EXPECT_EQ(facts->video.height, 1280);
}

TEST_F(PreviewJobTest, UnknownResolutionIsInvalidArgumentAndLeavesNothing) {
  RenderRequest request;
  request.input_path = Input();
  request.output_path = Output("bad.mp4");
  request.resolution = "4k";
  absl::StatusOr<RenderResult> result = RunRenderJob(request, nullptr);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
  EXPECT_FALSE(fs::exists(request.output_path));
  EXPECT_FALSE(fs::exists(request.output_path + ".partial"));
}

}  // namespace
}  // namespace beatframe
