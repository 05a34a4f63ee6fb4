// Text end to end: a render job with a caption and a lyrics file on a
// 4-second synthesized track, decoded again. The captioned video differs
// from a plain render of the same track exactly while a line shows.
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/pipeline/render_job.h"
#include "gtest/gtest.h"
#include "tests/encode/mp4_probe.h"
#include "tools/synth/synth.h"

namespace beatframe {
namespace {

namespace fs = std::filesystem;

class CaptionJobTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("bf_caption_job_" + std::to_string(getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    SynthOptions options;
    options.bpm = 120.0;
    options.duration_s = 4.0;
    options.style = SynthStyle::kDrums;
    const SynthesizedTrack track = SynthesizeBeatTrack(options);
    const absl::Status written = WriteAudioFile(Path("drums.mp3"), track.audio, AudioFileFormat::kMp3);
    ASSERT_TRUE(written.ok()) << written;
    // One lyrics line from 2.4 s, ended at 2.8 s by an empty stamped line.
    std::ofstream(Path("words.lrc")) << "[ti:Test]\n[00:02.40]Lights \xE2\x9D\xA4\xEF\xB8\x8F\n[00:02.80]\n";
  }
  static void TearDownTestSuite() {
    if (getenv("BF_KEEP_TEST_OUTPUT") == nullptr) fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string Path(const std::string& name) { return (*dir_ / name).string(); }

  static RenderRequest Request(const std::string& output) {
    RenderRequest request;
    request.input_path = Path("drums.mp3");
    request.output_path = Path(output);
    request.prompt = "neon pulse, no title";
    return request;
  }

  static fs::path* dir_;
};

fs::path* CaptionJobTest::dir_ = nullptr;

TEST_F(CaptionJobTest, CaptionAndLyricsShowOnlyWhileTheirLinesDo) {
  ASSERT_TRUE(RunRenderJob(Request("plain.mp4"), nullptr).ok());
  RenderRequest captioned = Request("captioned.mp4");
  captioned.captions = {{"\xE5\xA4\x9C\xE3\x81\xAE\xE8\xA1\x97\xE3\x82\x92\xE8\xB5\xB0\xE3\x82\x8B \xF0\x9F\x8E\xB5",
                         1.0, 2.0}};  // 夜の街を走る 🎵
  captioned.lyrics_path = Path("words.lrc");
  absl::StatusOr<RenderResult> result = RunRenderJob(captioned, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->plan.captions.size(), 2u);
  EXPECT_TRUE(result->plan.title.empty());

  // 1.5 s: the caption; 2.6 s: the lyrics line; 3.0 s: nothing.
  const std::vector<int64_t> frames = {45, 78, 90};
  auto plain = testing::DecodeVideoFrames(Path("plain.mp4"), frames);
  auto text = testing::DecodeVideoFrames(Path("captioned.mp4"), frames);
  ASSERT_TRUE(plain.ok() && text.ok()) << plain.status() << text.status();
  const auto lower_third_difference = [&](size_t i) {
    const testing::DecodedFrame& a = (*plain)[i];
    const testing::DecodedFrame& b = (*text)[i];
    double sum = 0.0;
    int count = 0;
    for (int y = static_cast<int>(0.78 * a.height); y < static_cast<int>(0.92 * a.height); ++y) {
      for (int x = static_cast<int>(0.3 * a.width); x < static_cast<int>(0.7 * a.width); ++x, ++count) {
        sum += std::abs(a.y[static_cast<size_t>(y) * a.width + x] - b.y[static_cast<size_t>(y) * b.width + x]);
      }
    }
    return sum / count;
  };
  EXPECT_GT(lower_third_difference(0), 8.0);
  EXPECT_GT(lower_third_difference(1), 4.0);
  EXPECT_LT(lower_third_difference(2), 1.5);
}

TEST_F(CaptionJobTest, BadTextFailsThePlanningStage) {
  RenderRequest missing = Request("missing.mp4");
  missing.lyrics_path = Path("nope.lrc");
  absl::StatusOr<RenderResult> result = RunRenderJob(missing, nullptr);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound) << result.status();
  EXPECT_NE(result.status().message().find("planning"), std::string::npos) << result.status();
  EXPECT_FALSE(fs::exists(Path("missing.mp4")));

  RenderRequest backwards = Request("backwards.mp4");
  backwards.captions = {{"oops", 2.0, 1.0}};
  EXPECT_EQ(RunRenderJob(backwards, nullptr).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace beatframe
