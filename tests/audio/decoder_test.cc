// Decoding every accepted format at several rates and channel counts: probe
// results, tags, duration within the codec's padding, and the samples
// themselves (exact for lossless formats, same loudness for lossy ones).
#include "engine/audio/decoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <ostream>
#include <string>

#include "tests/audio/test_util.h"
#include "tools/synth/synth.h"

namespace beatframe {
namespace {

using testing_util::TempDir;

struct DecodeCase {
  AudioFileFormat format;
  int rate_hz;
  int channels;
  const char* container;
  const char* user_format;
  const char* codec;
  bool lossless;
  bool has_tags;
  double probe_tolerance_s;   // container durations of lossy files include padding or are estimated
};

void PrintTo(const DecodeCase& c, std::ostream* out) {
  *out << AudioFileExtension(c.format) << " " << c.rate_hz << " Hz " << c.channels << " ch";
}

std::string CaseName(const ::testing::TestParamInfo<DecodeCase>& info) {
  return std::string(AudioFileExtension(info.param.format)) + "_" + std::to_string(info.param.rate_hz) + "Hz_" +
         std::to_string(info.param.channels) + "ch";
}

constexpr double kSeconds = 3.0;
// Encoder delay and frame padding that survive decoding: AAC in ADTS has no
// edit list, so its 1024-sample priming and last-frame padding remain.
constexpr double kLossyDecodeToleranceS = 0.06;

double RmsDb(const std::vector<float>& samples) {
  double sum = 0.0;
  for (float s : samples) sum += static_cast<double>(s) * s;
  return 10.0 * std::log10(sum / std::max<size_t>(samples.size(), 1) + 1e-20);
}

class DecoderFormatTest : public ::testing::TestWithParam<DecodeCase> {
 protected:
  void SetUp() override {
    const DecodeCase& c = GetParam();
    SynthOptions options;
    options.duration_s = kSeconds;
    options.sample_rate_hz = c.rate_hz;
    options.channels = c.channels;
    original_ = SynthesizeBeatTrack(options).audio;
    path_ = dir_.Path(std::string("track.") + AudioFileExtension(c.format));
    const MediaTags tags{"Test Title", "Test Artist", "Test Album"};
    ASSERT_TRUE(WriteAudioFile(path_, original_, c.format, 0, tags).ok());
  }

  TempDir dir_;
  std::string path_;
  AudioBuffer original_;
};

TEST_P(DecoderFormatTest, ProbeDescribesTheStream) {
  const DecodeCase& c = GetParam();
  const absl::StatusOr<AudioFileInfo> info = ProbeAudioFile(path_);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->container, c.container);
  EXPECT_EQ(info->format, c.user_format);
  EXPECT_EQ(info->codec, c.codec);
  EXPECT_EQ(info->sample_rate_hz, c.rate_hz);
  EXPECT_EQ(info->channels, c.channels);
  EXPECT_NEAR(info->duration_s, kSeconds, c.probe_tolerance_s);
  if (!c.lossless) {
    EXPECT_GT(info->bit_rate, 0);
  }
  if (c.has_tags) {  // NOLINT
    EXPECT_EQ(info->tags.title, "Test Title");
    EXPECT_EQ(info->tags.artist, "Test Artist");
    EXPECT_EQ(info->tags.album, "Test Album");
  }
}

TEST_P(DecoderFormatTest, DecodesAtTheSourceFormat) {
  const DecodeCase& c = GetParam();
  const absl::StatusOr<AudioBuffer> audio = DecodeAudioFile(path_);
  ASSERT_TRUE(audio.ok()) << audio.status();
  EXPECT_EQ(audio->sample_rate_hz, c.rate_hz);
  EXPECT_EQ(audio->channels, c.channels);
  if (c.lossless) {
    ASSERT_EQ(audio->frame_count(), original_.frame_count());
    float max_error = 0.0f;
    for (size_t i = 0; i < audio->samples.size(); ++i) {
      max_error = std::max(max_error, std::abs(audio->samples[i] - original_.samples[i]));
    }
    EXPECT_LE(max_error, 0.5f / 32768.0f + 1e-7f);  // 16-bit rounding
  } else {
    EXPECT_NEAR(audio->duration_s(), kSeconds, kLossyDecodeToleranceS);
    EXPECT_NEAR(RmsDb(audio->samples), RmsDb(original_.samples), 1.0);
  }
  for (float s : audio->samples) ASSERT_LE(std::abs(s), 1.0f);
}

TEST_P(DecoderFormatTest, ResamplesAndMixesToMono) {
  const absl::StatusOr<AudioBuffer> audio = DecodeAudioFile(path_, {.sample_rate_hz = 22050, .channels = 1});
  ASSERT_TRUE(audio.ok()) << audio.status();
  EXPECT_EQ(audio->sample_rate_hz, 22050);
  EXPECT_EQ(audio->channels, 1);
  EXPECT_NEAR(audio->duration_s(), kSeconds, kLossyDecodeToleranceS);
  EXPECT_GT(RmsDb(audio->samples), -40.0);
}

TEST_P(DecoderFormatTest, ResamplesTo48kStereo) {
  const absl::StatusOr<AudioBuffer> audio = DecodeAudioFile(path_, {.sample_rate_hz = 48000, .channels = 2});
  ASSERT_TRUE(audio.ok()) << audio.status();
  EXPECT_EQ(audio->sample_rate_hz, 48000);
  EXPECT_EQ(audio->channels, 2);
  EXPECT_NEAR(audio->duration_s(), kSeconds, kLossyDecodeToleranceS);
}

const char* const kMov = "mov,mp4,m4a,3gp,3g2,mj2";

INSTANTIATE_TEST_SUITE_P(
    Formats, DecoderFormatTest,
    ::testing::Values(
        DecodeCase{AudioFileFormat::kWav, 44100, 2, "wav", "wav", "pcm_s16le", true, true, 0.001},
        DecodeCase{AudioFileFormat::kWav, 22050, 1, "wav", "wav", "pcm_s16le", true, true, 0.001},
        DecodeCase{AudioFileFormat::kWav, 48000, 6, "wav", "wav", "pcm_s16le", true, true, 0.001},
        DecodeCase{AudioFileFormat::kFlac, 44100, 2, "flac", "flac", "flac", true, true, 0.001},
        DecodeCase{AudioFileFormat::kFlac, 22050, 1, "flac", "flac", "flac", true, true, 0.001},
        DecodeCase{AudioFileFormat::kFlac, 48000, 6, "flac", "flac", "flac", true, true, 0.001},
        DecodeCase{AudioFileFormat::kMp3, 44100, 2, "mp3", "mp3", "mp3", false, true, 0.06},
        DecodeCase{AudioFileFormat::kMp3, 22050, 1, "mp3", "mp3", "mp3", false, true, 0.06},
        DecodeCase{AudioFileFormat::kMp3, 48000, 2, "mp3", "mp3", "mp3", false, true, 0.06},
        DecodeCase{AudioFileFormat::kM4a, 44100, 2, kMov, "m4a", "aac", false, true, 0.06},
        DecodeCase{AudioFileFormat::kM4a, 22050, 1, kMov, "m4a", "aac", false, true, 0.06},
        DecodeCase{AudioFileFormat::kM4a, 48000, 6, kMov, "m4a", "aac", false, true, 0.06},
        // ADTS carries no tags and no duration: libavformat estimates it from the bit rate.
        DecodeCase{AudioFileFormat::kAac, 44100, 2, "aac", "aac", "aac", false, false, 0.5},
        DecodeCase{AudioFileFormat::kOgg, 44100, 2, "ogg", "ogg", "vorbis", false, true, 0.01}),
    CaseName);

TEST(DecoderDownmixTest, SixChannelsMixToAudibleStereo) {
  TempDir dir;
  SynthOptions options;
  options.duration_s = 2.0;
  options.channels = 6;
  const std::string path = dir.Path("surround.flac");
  ASSERT_TRUE(WriteAudioFile(path, SynthesizeBeatTrack(options).audio, AudioFileFormat::kFlac).ok());
  const absl::StatusOr<AudioBuffer> audio = DecodeAudioFile(path, {.channels = 2});
  ASSERT_TRUE(audio.ok()) << audio.status();
  EXPECT_EQ(audio->channels, 2);
  EXPECT_EQ(audio->frame_count(), static_cast<int64_t>(2.0 * 44100));
  EXPECT_GT(RmsDb(audio->samples), -30.0);
}

TEST(DecoderTest, AcceptedFormatsTextNamesTheFormats) {
  EXPECT_STREQ(AcceptedAudioFormatsText(), "MP3, WAV, AAC/M4A, FLAC");
}

}  // namespace
}  // namespace beatframe
