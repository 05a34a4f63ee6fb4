// The synthesiser's ground truth and the file writer: tests elsewhere trust
// both, so their contracts are checked here.
#include "tools/synth/synth.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "engine/audio/decoder.h"
#include "tests/audio/test_util.h"

namespace beatframe {
namespace {

using testing_util::TempDir;

TEST(SynthTest, BeatTimesFollowTheTempo) {
  SynthOptions options;
  options.bpm = 150.0;
  options.duration_s = 10.0;
  options.first_beat_s = 0.5;
  const SynthesizedTrack track = SynthesizeBeatTrack(options);
  ASSERT_EQ(track.beat_times_s.size(), 24u);  // 0.5, 0.9, ... 9.7
  for (size_t i = 0; i < track.beat_times_s.size(); ++i) {
    EXPECT_NEAR(track.beat_times_s[i], 0.5 + 0.4 * i, 1e-9);
  }
  ASSERT_EQ(track.downbeat_times_s.size(), 6u);
  EXPECT_DOUBLE_EQ(track.downbeat_times_s[1], track.beat_times_s[4]);
  EXPECT_EQ(track.audio.frame_count(), 441000);
  EXPECT_EQ(track.audio.channels, 2);
}

TEST(SynthTest, TempoChangesAtTheGivenTime) {
  SynthOptions options;
  options.bpm = 120.0;
  options.tempo_change_at_s = 5.0;
  options.bpm_after_change = 100.0;
  options.first_beat_s = 0.0;
  options.duration_s = 10.0;
  const SynthesizedTrack track = SynthesizeBeatTrack(options);
  EXPECT_NEAR(track.beat_times_s[1] - track.beat_times_s[0], 0.5, 1e-9);
  EXPECT_NEAR(track.beat_times_s.back() - track.beat_times_s[track.beat_times_s.size() - 2], 0.6, 1e-9);
}

TEST(SynthTest, IsDeterministicPerSeedAndPeakLimited) {
  SynthOptions options;
  options.duration_s = 4.0;
  const AudioBuffer first = SynthesizeBeatTrack(options).audio;
  EXPECT_EQ(first.samples, SynthesizeBeatTrack(options).audio.samples);
  options.seed = 2;
  EXPECT_NE(first.samples, SynthesizeBeatTrack(options).audio.samples);
  float peak = 0.0f;
  for (float s : first.samples) peak = std::max(peak, std::abs(s));
  EXPECT_NEAR(peak, options.peak_level, 1e-6);
}

TEST(SynthTest, SweepAndSineHaveTheRequestedShape) {
  const AudioBuffer sine = SynthesizeSine(1000.0, 1.0, 8000, 3, 0.25f);
  EXPECT_EQ(sine.channels, 3);
  EXPECT_EQ(sine.frame_count(), 8000);
  EXPECT_NEAR(sine.samples[3 * 2], 0.25f * std::sin(2.0 * M_PI * 1000.0 * 2 / 8000), 1e-5);
  const AudioBuffer silence = SynthesizeSilence(0.5, 22050, 1);
  EXPECT_EQ(silence.frame_count(), 11025);
}

TEST(AudioFileWriterTest, WavRoundTripsWithin16BitRounding) {
  TempDir dir;
  const AudioBuffer sine = SynthesizeSine(440.0, 0.5, 32000, 2, 0.3f);
  const std::string path = dir.Path("sine.wav");
  ASSERT_TRUE(WriteAudioFile(path, sine, AudioFileFormat::kWav).ok());
  const absl::StatusOr<AudioBuffer> decoded = DecodeAudioFile(path);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ASSERT_EQ(decoded->samples.size(), sine.samples.size());
  for (size_t i = 0; i < sine.samples.size(); ++i) ASSERT_NEAR(decoded->samples[i], sine.samples[i], 1.0 / 32767);
}

TEST(AudioFileWriterTest, RefusesWhatTheEncoderCannotTake) {
  TempDir dir;
  const std::string path = dir.Path("bad.mp3");
  const AudioBuffer six = SynthesizeSine(440.0, 0.5, 44100, 6);
  EXPECT_EQ(WriteAudioFile(path, six, AudioFileFormat::kMp3).code(), absl::StatusCode::kInvalidArgument);
  const AudioBuffer fast = SynthesizeSine(440.0, 0.5, 96000, 2);
  EXPECT_EQ(WriteAudioFile(path, fast, AudioFileFormat::kMp3).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(WriteAudioFile(path, AudioBuffer{}, AudioFileFormat::kWav).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(path));  // failures leave nothing behind
}

TEST(AudioFileWriterTest, MissingDirectoryIsAnError) {
  TempDir dir;
  const absl::Status status =
      WriteAudioFile(dir.Path("no/such/dir/x.wav"), SynthesizeSine(440.0, 0.1, 8000, 1), AudioFileFormat::kWav);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
}

}  // namespace
}  // namespace beatframe
