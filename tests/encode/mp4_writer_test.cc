// Mp4Writer with the real encoders: writes short files to a temp dir and
// opens them again with libavformat to check streams, sizes, durations,
// colour tags, keyframes, faststart and the pixels themselves.
#include "engine/encode/mp4_writer.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/encode/mp4_probe.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/pixfmt.h>
}

namespace beatframe {
namespace {

namespace fs = std::filesystem;
using testing::Mp4Facts;

// A yuv420p image in test-owned buffers.
struct TestImage {
  TestImage(int w, int h) : width(w), height(h), y(size_t(w) * h), u(size_t(w / 2) * (h / 2)), v(u.size()) {}
  FrameView view() {
    FrameView f;
    f.width = width;
    f.height = height;
    f.planes[0] = y.data();
    f.planes[1] = u.data();
    f.planes[2] = v.data();
    f.strides[0] = width;
    f.strides[1] = f.strides[2] = width / 2;
    return f;
  }
  // A gradient with a bright square moving across it.
  void DrawMoving(int64_t frame_index) {
    const int box = height / 4;
    const int bx = static_cast<int>((frame_index * 17) % std::max(1, width - box));
    for (int r = 0; r < height; ++r)
      for (int c = 0; c < width; ++c) {
        const bool in_box = c >= bx && c < bx + box && r >= height / 3 && r < height / 3 + box;
        y[size_t(r) * width + c] = in_box ? 220 : static_cast<uint8_t>(32 + (c * 96) / width);
      }
    std::fill(u.begin(), u.end(), 110);
    std::fill(v.begin(), v.end(), 150);
  }
  int width, height;
  std::vector<uint8_t> y, u, v;
};

// Stereo test signal: a tone plus deterministic noise, dense enough that the
// AAC encoder spends its whole bit budget.
std::vector<float> TestAudio(int64_t frames, int channels, int rate_hz, int64_t start = 0) {
  std::vector<float> samples(size_t(frames) * channels);
  uint32_t lcg = 12345u + static_cast<uint32_t>(start);
  for (int64_t i = 0; i < frames; ++i)
    for (int c = 0; c < channels; ++c) {
      lcg = lcg * 1664525u + 1013904223u;
      const float noise = (static_cast<float>(lcg >> 8) / float(1 << 24) - 0.5f) * 0.4f;
      const double t = double(start + i) / rate_hz;
      samples[size_t(i) * channels + c] = 0.3f * float(std::sin(2 * M_PI * (220.0 + 110 * c) * t)) + noise;
    }
  return samples;
}

class Mp4WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = fs::temp_directory_path() / ("bf_encode_" + std::to_string(getpid()) + "_" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  // BF_KEEP_TEST_OUTPUT=1 keeps the files for a look with ffprobe.
  void TearDown() override {
    if (getenv("BF_KEEP_TEST_OUTPUT") == nullptr) fs::remove_all(dir_);
  }

  // Writes `frames` video frames and exactly frames/fps seconds of audio,
  // the audio in slices matching each frame as the pipeline sends them.
  void WriteClip(const std::string& path, const Mp4WriterOptions& options, int64_t frames) {
    auto writer = Mp4Writer::Create(path, options);
    ASSERT_TRUE(writer.ok()) << writer.status();
    TestImage image(options.width, options.height);
    const int rate = options.audio_sample_rate_hz;
    for (int64_t i = 0; i < frames; ++i) {
      image.DrawMoving(i);
      ASSERT_TRUE((*writer)->WriteVideoFrame(image.view()).ok());
      const int64_t a0 = (i * rate * options.fps_den + options.fps_num / 2) / options.fps_num;
      const int64_t a1 = ((i + 1) * rate * options.fps_den + options.fps_num / 2) / options.fps_num;
      auto audio = TestAudio(a1 - a0, options.audio_channels, rate, a0);
      ASSERT_TRUE((*writer)->WriteAudio(audio.data(), a1 - a0).ok());
    }
    auto finished = (*writer)->Finish();
    ASSERT_TRUE(finished.ok()) << finished;
  }

  // A small, fast stream for tests about what the writer does, not how it looks.
  static Mp4WriterOptions SmallUltrafast() {
    Mp4WriterOptions options;
    options.width = 320;
    options.height = 240;
    options.x264_preset = "ultrafast";
    return options;
  }

  fs::path dir_;
};

struct SizeCase {
  int width, height;
};

class Mp4WriterSizeTest : public Mp4WriterTest, public ::testing::WithParamInterface<SizeCase> {};

TEST_P(Mp4WriterSizeTest, WritesPlayableH264AacAtEachAspectSize) {
  Mp4WriterOptions options;
  options.width = GetParam().width;
  options.height = GetParam().height;
  options.x264_preset = "ultrafast";
  const std::string path = (dir_ / "clip.mp4.partial").string();
  constexpr int64_t kFrames = 60;  // 2 s
  ASSERT_NO_FATAL_FAILURE(WriteClip(path, options, kFrames));

  auto facts = testing::ProbeMp4(path);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->stream_count, 2);
  EXPECT_EQ(facts->video.codec, "h264");
  EXPECT_EQ(facts->video.pix_fmt, "yuv420p");
  EXPECT_EQ(facts->video.width, options.width);
  EXPECT_EQ(facts->video.height, options.height);
  EXPECT_EQ(facts->video.frame_count, kFrames);
  EXPECT_NEAR(facts->video.fps, 30.0, 1e-6);
  EXPECT_EQ(facts->audio.codec, "aac");
  EXPECT_EQ(facts->audio.sample_rate_hz, 48000);
  EXPECT_EQ(facts->audio.channels, 2);
  // The container's figure is the measured average; on this dense signal
  // the encoder uses its whole 192 kbps budget (measured: 192.1 kbps).
  EXPECT_GE(facts->audio.bit_rate, 186000);
  EXPECT_NEAR(facts->video.duration_s, 2.0, 1e-6);
  EXPECT_NEAR(facts->audio.duration_s, facts->video.duration_s, 1.0 / 30);

  // Plays in browsers and on phones: at most High profile, BT.709 limited.
  EXPECT_TRUE(facts->video.profile == FF_PROFILE_H264_HIGH || facts->video.profile == FF_PROFILE_H264_MAIN ||
              facts->video.profile == FF_PROFILE_H264_CONSTRAINED_BASELINE)
      << facts->video.profile;
  EXPECT_GT(facts->video.level, 0);
  EXPECT_LE(facts->video.level, 42);
  EXPECT_EQ(facts->video.color_range, AVCOL_RANGE_MPEG);
  EXPECT_EQ(facts->video.color_primaries, AVCOL_PRI_BT709);
  EXPECT_EQ(facts->video.color_space, AVCOL_SPC_BT709);

  // Faststart: the index comes before the media data.
  auto atoms = testing::ReadTopLevelAtoms(path);
  ASSERT_TRUE(atoms.ok());
  int64_t moov = -1, mdat = -1;
  for (const auto& atom : *atoms) {
    if (atom.type == "moov") moov = atom.offset;
    if (atom.type == "mdat") mdat = atom.offset;
  }
  ASSERT_GE(moov, 0);
  ASSERT_GE(mdat, 0);
  EXPECT_LT(moov, mdat);
}

INSTANTIATE_TEST_SUITE_P(Aspects, Mp4WriterSizeTest,
                         ::testing::Values(SizeCase{1920, 1080}, SizeCase{1080, 1920}, SizeCase{1080, 1080}),
                         [](const auto& info) {
                           return std::to_string(info.param.width) + "x" + std::to_string(info.param.height);
                         });

TEST_F(Mp4WriterTest, KeyframeAtLeastEveryTwoSeconds) {
  Mp4WriterOptions options;
  options.width = 320;
  options.height = 240;
  options.x264_preset = "ultrafast";
  const std::string path = (dir_ / "gop.mp4").string();
  ASSERT_NO_FATAL_FAILURE(WriteClip(path, options, 150));
  auto facts = testing::ProbeMp4(path);
  ASSERT_TRUE(facts.ok()) << facts.status();
  ASSERT_FALSE(facts->video.keyframes.empty());
  EXPECT_EQ(facts->video.keyframes.front(), 0);
  int64_t previous = 0;
  for (int64_t key : facts->video.keyframes) {
    EXPECT_LE(key - previous, 60);
    previous = key;
  }
  EXPECT_LE(facts->video.frame_count - previous, 60);
}

TEST_F(Mp4WriterTest, AudioKeepsEverySampleAt44100InOddChunks) {
  Mp4WriterOptions options = SmallUltrafast();
  options.audio_sample_rate_hz = 44100;
  const std::string path = (dir_ / "audio.mp4").string();
  auto writer = Mp4Writer::Create(path, options);
  ASSERT_TRUE(writer.ok()) << writer.status();
  TestImage image(320, 240);
  constexpr int64_t kFrames = 45;   // 1.5 s = 66150 samples, not a multiple of 1024
  constexpr int64_t kSamples = kFrames * 44100 / 30;
  for (int64_t i = 0; i < kFrames; ++i) {
    image.DrawMoving(i);
    ASSERT_TRUE((*writer)->WriteVideoFrame(image.view()).ok());
  }
  const auto audio = TestAudio(kSamples, 2, 44100);
  for (int64_t at = 0; at < kSamples;) {
    const int64_t chunk = std::min<int64_t>(777, kSamples - at);
    ASSERT_TRUE((*writer)->WriteAudio(audio.data() + at * 2, chunk).ok());
    at += chunk;
  }
  ASSERT_TRUE((*writer)->Finish().ok());
  EXPECT_EQ((*writer)->Finish().code(), absl::StatusCode::kFailedPrecondition);

  auto facts = testing::ProbeMp4(path);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->audio.sample_rate_hz, 44100);
  // The track's duration is exact: the short last frame keeps its length.
  EXPECT_NEAR(facts->audio.duration_s * 44100, kSamples, 1.0);
  // Decoding gives whole AAC frames: the priming is dropped, the last
  // frame's padding is not.
  auto decoded = testing::DecodedAudioSampleCount(path);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_GE(*decoded, kSamples);
  EXPECT_LT(*decoded, kSamples + 1024);
}

TEST_F(Mp4WriterTest, PixelsSurviveEncodingInTheRightPlanes) {
  Mp4WriterOptions options = SmallUltrafast();
  options.crf = 10;
  const std::string path = (dir_ / "pixels.mp4").string();
  auto writer = Mp4Writer::Create(path, options);
  ASSERT_TRUE(writer.ok()) << writer.status();
  // Left half dark, right half bright; chroma tinted differently per half.
  TestImage image(320, 240);
  for (int r = 0; r < 240; ++r)
    for (int c = 0; c < 320; ++c) image.y[size_t(r) * 320 + c] = c < 160 ? 40 : 200;
  for (int r = 0; r < 120; ++r)
    for (int c = 0; c < 160; ++c) {
      image.u[size_t(r) * 160 + c] = c < 80 ? 90 : 160;
      image.v[size_t(r) * 160 + c] = c < 80 ? 170 : 100;
    }
  for (int i = 0; i < 3; ++i) ASSERT_TRUE((*writer)->WriteVideoFrame(image.view()).ok());
  const auto audio = TestAudio(4800, 2, 48000);
  ASSERT_TRUE((*writer)->WriteAudio(audio.data(), 4800).ok());
  ASSERT_TRUE((*writer)->Finish().ok());

  auto frames = testing::DecodeVideoFrames(path, {0, 2});
  ASSERT_TRUE(frames.ok()) << frames.status();
  for (const auto& frame : *frames) {
    EXPECT_NEAR(frame.MeanLuma(0.05, 0.05, 0.45, 0.95), 40, 1.5);
    EXPECT_NEAR(frame.MeanLuma(0.55, 0.05, 0.95, 0.95), 200, 1.5);
    EXPECT_NEAR(frame.u[60 * 160 + 20], 90, 3);
    EXPECT_NEAR(frame.u[60 * 160 + 140], 160, 3);
    EXPECT_NEAR(frame.v[60 * 160 + 20], 170, 3);
    EXPECT_NEAR(frame.v[60 * 160 + 140], 100, 3);
  }
}

TEST_F(Mp4WriterTest, CallerMayOverwriteTheFrameAsSoonAsWriteReturns) {
  // The encoder borrows the caller's planes instead of copying them; with
  // several x264 frame threads in flight, every frame must still show what
  // the buffer held during its own WriteVideoFrame, not what came later.
  Mp4WriterOptions options = SmallUltrafast();
  options.crf = 10;
  options.x264_params = "threads=4";
  const std::string path = (dir_ / "reuse.mp4").string();
  auto writer = Mp4Writer::Create(path, options);
  ASSERT_TRUE(writer.ok()) << writer.status();
  TestImage image(320, 240);
  constexpr int kFrames = 12;
  auto level = [](int i) { return 30 + 15 * i; };
  for (int i = 0; i < kFrames; ++i) {
    std::fill(image.y.begin(), image.y.end(), static_cast<uint8_t>(level(i)));
    std::fill(image.u.begin(), image.u.end(), 128);
    std::fill(image.v.begin(), image.v.end(), 128);
    ASSERT_TRUE((*writer)->WriteVideoFrame(image.view()).ok());
    std::fill(image.y.begin(), image.y.end(), 255);   // scribble over it at once
  }
  const auto audio = TestAudio(16000, 2, 48000);
  ASSERT_TRUE((*writer)->WriteAudio(audio.data(), 16000).ok());
  ASSERT_TRUE((*writer)->Finish().ok());

  std::vector<int64_t> all(kFrames);
  for (int i = 0; i < kFrames; ++i) all[i] = i;
  auto frames = testing::DecodeVideoFrames(path, all);
  ASSERT_TRUE(frames.ok()) << frames.status();
  ASSERT_EQ(frames->size(), static_cast<size_t>(kFrames));
  for (int i = 0; i < kFrames; ++i) {
    EXPECT_NEAR((*frames)[i].MeanLuma(0.0, 0.0, 1.0, 1.0), level(i), 1.5) << "frame " << i;
  }
}

// A writer dropped without Finish (an error or a cancel upstream) stops its
// audio thread and frees everything; the caller deletes the file.
TEST_F(Mp4WriterTest, AbandonedWriterShutsDownCleanly) {
  Mp4WriterOptions options;
  options.width = 320;
  options.height = 240;
  options.x264_preset = "ultrafast";
  auto writer = Mp4Writer::Create((dir_ / "abandoned.mp4").string(), options);
  ASSERT_TRUE(writer.ok()) << writer.status();
  TestImage image(320, 240);
  const auto audio = TestAudio(48000, 2, 48000);
  for (int i = 0; i < 10; ++i) {
    image.DrawMoving(i);
    ASSERT_TRUE((*writer)->WriteVideoFrame(image.view()).ok());
    ASSERT_TRUE((*writer)->WriteAudio(audio.data() + i * 1600 * 2, 1600).ok());
  }
  writer->reset();
  SUCCEED();
}

TEST_F(Mp4WriterTest, RejectsBadOptionsAndFrames) {
  const std::string path = (dir_ / "bad.mp4").string();
  Mp4WriterOptions odd;
  odd.width = 321;
  EXPECT_EQ(Mp4Writer::Create(path, odd).status().code(), absl::StatusCode::kInvalidArgument);
  Mp4WriterOptions low_bit_rate;
  low_bit_rate.audio_bit_rate = 128000;
  EXPECT_EQ(Mp4Writer::Create(path, low_bit_rate).status().code(), absl::StatusCode::kInvalidArgument);
  Mp4WriterOptions rate;
  rate.audio_sample_rate_hz = 22050;
  EXPECT_EQ(Mp4Writer::Create(path, rate).status().code(), absl::StatusCode::kInvalidArgument);
  Mp4WriterOptions preset;
  preset.x264_preset = "warpspeed";
  EXPECT_EQ(Mp4Writer::Create(path, preset).status().code(), absl::StatusCode::kInvalidArgument);
  Mp4WriterOptions fine;
  fine.width = 320;
  fine.height = 240;
  EXPECT_EQ(Mp4Writer::Create((dir_ / "no_such_dir" / "x.mp4").string(), fine).status().code(),
            absl::StatusCode::kNotFound);

  auto writer = Mp4Writer::Create(path, fine);
  ASSERT_TRUE(writer.ok()) << writer.status();
  TestImage wrong_size(640, 480);
  EXPECT_EQ((*writer)->WriteVideoFrame(wrong_size.view()).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace beatframe
