// Whole render jobs on a synthesized drum track: real decoder, analysis,
// plan, style and encoders. The output is opened again to check streams,
// sizes and durations; progress, cancellation and bad inputs are checked for
// their contract; decoded frames are checked to pulse on the beat.
#include "engine/pipeline/render_job.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/encode/mp4_probe.h"
#include "tests/pipeline/drum_track_suite.h"
#include "tools/synth/synth.h"

namespace beatframe {
namespace {

namespace fs = std::filesystem;

constexpr double kBpm = 120.0;
constexpr double kTrackS = 7.0;

class RenderJobTest : public testing::DrumTrackSuite {
 protected:
  static void SetUpTestSuite() { WriteDrumTrack("bf_pipeline_", kBpm, kTrackS); }

  // A fast request: these tests check the job, not the encoder's quality.
  static RenderRequest FastRequest(const std::string& output) {
    RenderRequest request;
    request.input_path = Input();
    request.output_path = output;
    request.x264_preset = "ultrafast";
    return request;
  }

  static void ExpectNoOutput(const std::string& output) {
    EXPECT_FALSE(fs::exists(output)) << output;
    EXPECT_FALSE(fs::exists(output + ".partial")) << output;
  }
};

TEST_F(RenderJobTest, RendersAPlayableMp4AndReportsProgressInOrder) {
  RenderRequest request;   // the default encoder settings
  request.input_path = Input();
  request.output_path = Output("default.mp4");
  std::vector<RenderProgress> seen;
  auto result = RunRenderJob(request, [&](const RenderProgress& p) { seen.push_back(p); });
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(fs::exists(request.output_path));
  EXPECT_FALSE(fs::exists(request.output_path + ".partial"));

  auto facts = testing::ProbeMp4(request.output_path);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->video.codec, "h264");
  EXPECT_EQ(facts->video.pix_fmt, "yuv420p");
  EXPECT_EQ(facts->video.width, 1920);
  EXPECT_EQ(facts->video.height, 1080);
  EXPECT_EQ(facts->audio.codec, "aac");
  EXPECT_EQ(facts->audio.channels, 2);
  EXPECT_EQ(facts->audio.sample_rate_hz, 44100);   // the source rate is kept
  EXPECT_EQ(facts->video.frame_count, result->frames);
  EXPECT_EQ(facts->size_bytes, result->size_bytes);
  const double frame_s = 1.0 / 30;
  EXPECT_NEAR(facts->video.duration_s, result->duration_s, 1e-6);
  EXPECT_NEAR(facts->video.duration_s, kTrackS, frame_s);
  EXPECT_NEAR(facts->audio.duration_s, facts->video.duration_s, frame_s);
  EXPECT_NEAR(result->analysis.tempo_bpm, kBpm, 1.0);
  EXPECT_EQ(result->plan.width, 1920);

  // Progress: every stage once, in order; fraction never falls and reaches
  // 1.0 only with the final "done".
  ASSERT_FALSE(seen.empty());
  std::vector<RenderStage> stages;
  for (const auto& p : seen) {
    if (stages.empty() || stages.back() != p.stage) stages.push_back(p.stage);
  }
  EXPECT_EQ(stages, (std::vector<RenderStage>{RenderStage::kDecoding, RenderStage::kAnalysing,
                                              RenderStage::kPlanning, RenderStage::kRendering,
                                              RenderStage::kEncoding, RenderStage::kDone}));
  bool eta_seen = false;
  for (size_t i = 0; i < seen.size(); ++i) {
    if (i > 0) {
      EXPECT_GE(seen[i].fraction, seen[i - 1].fraction) << i;
    }
    if (i + 1 < seen.size()) {
      EXPECT_LT(seen[i].fraction, 1.0) << i;
    }
    if (seen[i].stage == RenderStage::kRendering && seen[i].eta_s > 0) eta_seen = true;
  }
  EXPECT_EQ(seen.back().fraction, 1.0);
  EXPECT_TRUE(eta_seen);
  const auto last_render = std::find_if(seen.rbegin(), seen.rend(),
                                        [](const auto& p) { return p.stage == RenderStage::kRendering; });
  ASSERT_NE(last_render, seen.rend());
  EXPECT_EQ(last_render->frames_done, result->frames);
  EXPECT_EQ(last_render->frames_total, result->frames);
}

// The pulse style flashes on beats: the centre of the frame a beat lands on
// is brighter than the centre half a beat later. Checked on the decoded video.
TEST_F(RenderJobTest, DecodedFramesAreBrighterOnTheBeat) {
  const std::string output = Output("beats.mp4");
  RenderRequest request = FastRequest(output);
  request.prompt = "pulse";   // the style whose centre orb flashes on the beat
  auto result = RunRenderJob(request, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  const Analysis& analysis = result->analysis;
  const double half_beat_s = 30.0 / std::max(analysis.tempo_bpm, 1.0);
  std::vector<std::pair<int64_t, int64_t>> pairs;   // (beat frame, mid-beat frame)
  for (double t : analysis.beat_times_s) {
    // Skip the fade-in and the fade-out.
    if (t < 1.0 || t + half_beat_s > result->duration_s - 1.0) continue;
    pairs.emplace_back(std::llround(t * 30), std::llround((t + half_beat_s) * 30));
  }
  ASSERT_GE(pairs.size(), 5u);
  std::vector<int64_t> indices;
  for (const auto& [beat, mid] : pairs) {
    indices.push_back(beat);
    indices.push_back(mid);
  }
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  auto frames = testing::DecodeVideoFrames(output, indices);
  ASSERT_TRUE(frames.ok()) << frames.status();
  auto centre_luma = [&](int64_t index) {
    const size_t at = std::lower_bound(indices.begin(), indices.end(), index) - indices.begin();
    return (*frames)[at].MeanLuma(0.3, 0.3, 0.7, 0.7);
  };
  int brighter = 0;
  double beat_sum = 0, mid_sum = 0;
  for (const auto& [beat, mid] : pairs) {
    const double on = centre_luma(beat), off = centre_luma(mid);
    beat_sum += on;
    mid_sum += off;
    if (on > off) ++brighter;
  }
  EXPECT_GE(brighter, static_cast<int>(pairs.size() * 8 / 10)) << "of " << pairs.size();
  EXPECT_GT(beat_sum / pairs.size(), mid_sum / pairs.size() + 2.0);
}

class RenderJobAspectTest : public RenderJobTest,
                            public ::testing::WithParamInterface<std::tuple<const char*, int, int>> {};

TEST_P(RenderJobAspectTest, RendersAtTheAspectSize) {
  const auto [aspect, width, height] = GetParam();
  RenderRequest request = FastRequest(Output("aspect_" + std::to_string(width) + "x" + std::to_string(height) + ".mp4"));
  request.aspect = aspect;
  auto result = RunRenderJob(request, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  auto facts = testing::ProbeMp4(request.output_path);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->video.width, width);
  EXPECT_EQ(facts->video.height, height);
  EXPECT_NEAR(facts->audio.duration_s, facts->video.duration_s, 1.0 / 30);
}

INSTANTIATE_TEST_SUITE_P(Aspects, RenderJobAspectTest,
                         ::testing::Values(std::make_tuple("9:16", 1080, 1920), std::make_tuple("1:1", 1080, 1080)),
                         [](const auto& info) {
                           return std::to_string(std::get<1>(info.param)) + "x" +
                                  std::to_string(std::get<2>(info.param));
                         });

// AAC in MP4 gets 44.1 or 48 kHz stereo: other rates are resampled to 48 kHz,
// mono is spread to both channels, and the length still matches the video.
TEST_F(RenderJobTest, MonoAt32kHzBecomesStereoAt48kHz) {
  SynthOptions options;
  options.duration_s = 3.0;
  options.sample_rate_hz = 32000;
  options.channels = 1;
  const std::string input = Output("mono32k.wav");
  ASSERT_TRUE(WriteAudioFile(input, SynthesizeBeatTrack(options).audio, AudioFileFormat::kWav).ok());
  RenderRequest request = FastRequest(Output("mono32k.mp4"));
  request.input_path = input;
  auto result = RunRenderJob(request, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  auto facts = testing::ProbeMp4(request.output_path);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->audio.sample_rate_hz, 48000);
  EXPECT_EQ(facts->audio.channels, 2);
  EXPECT_NEAR(facts->video.duration_s, 3.0, 1.0 / 30);
  EXPECT_NEAR(facts->audio.duration_s, facts->video.duration_s, 1.0 / 30);
}

TEST_F(RenderJobTest, CancelMidRenderLeavesNoFile) {
  const std::string output = Output("cancelled.mp4");
  std::atomic<bool> cancel{false};
  int64_t frames_at_cancel = -1;
  RenderStage last_stage = RenderStage::kQueued;
  auto on_progress = [&](const RenderProgress& p) {
    last_stage = p.stage;
    if (p.stage == RenderStage::kRendering && p.frames_done >= 20 && !cancel) {
      frames_at_cancel = p.frames_done;
      cancel = true;
    }
  };
  auto result = RunRenderJob(FastRequest(output), on_progress, &cancel);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled) << result.status();
  EXPECT_GE(frames_at_cancel, 20);
  EXPECT_NE(last_stage, RenderStage::kDone);
  ExpectNoOutput(output);
}

TEST_F(RenderJobTest, CancelBeforeStartLeavesNoFile) {
  const std::string output = Output("cancelled_early.mp4");
  std::atomic<bool> cancel{true};
  auto result = RunRenderJob(FastRequest(output), nullptr, &cancel);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled) << result.status();
  ExpectNoOutput(output);
}

TEST_F(RenderJobTest, MissingInputIsNotFound) {
  RenderRequest request = FastRequest(Output("missing.mp4"));
  request.input_path = Output("no_such_track.mp3");
  auto result = RunRenderJob(request, nullptr);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound) << result.status();
  ExpectNoOutput(request.output_path);
}

TEST_F(RenderJobTest, PngNamedMp3IsInvalidArgument) {
  const std::string fake = Output("picture.mp3");
  {
    std::ofstream out(fake, std::ios::binary);
    const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                 0, 0, 0, 16, 0, 0, 0, 16, 8, 6, 0, 0, 0, 0x1f, 0xf3, 0xff, 0x61};
    out.write(reinterpret_cast<const char*>(png), sizeof(png));
    for (int i = 0; i < 200; ++i) out.put(static_cast<char>(i * 37));
  }
  RenderRequest request = FastRequest(Output("png.mp4"));
  request.input_path = fake;
  auto result = RunRenderJob(request, nullptr);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
  EXPECT_NE(result.status().message().find("decoding"), absl::string_view::npos) << result.status();
  ExpectNoOutput(request.output_path);
}

TEST_F(RenderJobTest, UnknownAspectIsInvalidArgument) {
  RenderRequest request = FastRequest(Output("aspect.mp4"));
  request.aspect = "4:3";
  auto result = RunRenderJob(request, nullptr);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
  ExpectNoOutput(request.output_path);
}

TEST_F(RenderJobTest, UnwritableOutputFailsAndLeavesNothing) {
  RenderRequest request = FastRequest(Output("no_such_dir/out.mp4"));
  auto result = RunRenderJob(request, nullptr);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound) << result.status();
  ExpectNoOutput(request.output_path);
}

}  // namespace
}  // namespace beatframe
