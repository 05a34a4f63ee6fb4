// The decoder's handling of bad input: each case gets the specific status
// code, a message a person can act on, and no crash.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "engine/audio/decoder.h"
#include "tests/audio/test_media.h"
#include "tests/audio/test_util.h"
#include "tools/synth/synth.h"

namespace beatframe {
namespace {

using ::testing::HasSubstr;
using testing_util::ReadBytes;
using testing_util::TempDir;
using testing_util::WriteBytes;

void ExpectNotAccepted(const absl::Status& status, const std::string& file_name) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(file_name));
  EXPECT_THAT(std::string(status.message()), HasSubstr("MP3"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("FLAC"));
}

// A real 10 s MP3, for truncation.
std::string EncodedMp3Bytes(const TempDir& dir) {
  SynthOptions options;
  options.duration_s = 10.0;
  const std::string path = dir.Path("full.mp3");
  EXPECT_TRUE(WriteAudioFile(path, SynthesizeBeatTrack(options).audio, AudioFileFormat::kMp3).ok());
  return ReadBytes(path);
}

TEST(DecoderErrorsTest, PngRenamedToMp3IsInvalidArgumentListingFormats) {
  TempDir dir;
  const std::string path = dir.Path("cover.mp3");
  ASSERT_TRUE(testing_util::WritePng(path).ok());
  ExpectNotAccepted(ProbeAudioFile(path).status(), "cover.mp3");
  ExpectNotAccepted(DecodeAudioFile(path).status(), "cover.mp3");
}

TEST(DecoderErrorsTest, VideoWithoutAudioIsInvalidArgument) {
  TempDir dir;
  const std::string path = dir.Path("clip.m4a");
  ASSERT_TRUE(testing_util::WriteVideoOnlyMp4(path).ok());
  const absl::Status status = DecodeAudioFile(path).status();
  ExpectNotAccepted(status, "clip.m4a");
  EXPECT_THAT(std::string(status.message()), HasSubstr("video"));
}

TEST(DecoderErrorsTest, TextFileIsInvalidArgument) {
  TempDir dir;
  const std::string path = dir.Path("notes.wav");
  WriteBytes(path, "these are not the samples you are looking for\n");
  ExpectNotAccepted(ProbeAudioFile(path).status(), "notes.wav");
}

TEST(DecoderErrorsTest, EmptyFileIsInvalidArgument) {
  TempDir dir;
  const std::string path = dir.Path("empty.mp3");
  WriteBytes(path, "");
  for (const absl::Status& status : {ProbeAudioFile(path).status(), DecodeAudioFile(path).status()}) {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr("file is empty"));
  }
}

TEST(DecoderErrorsTest, MissingFileIsNotFound) {
  TempDir dir;
  const std::string path = dir.Path("nowhere.mp3");
  EXPECT_EQ(ProbeAudioFile(path).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(DecodeAudioFile(path).status().code(), absl::StatusCode::kNotFound);
}

TEST(DecoderErrorsTest, DirectoryIsInvalidArgument) {
  TempDir dir;
  EXPECT_EQ(DecodeAudioFile(dir.Path("")).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DecoderErrorsTest, TruncatedMp3DecodesWhatIsThere) {
  TempDir dir;
  const std::string bytes = EncodedMp3Bytes(dir);
  const std::string path = dir.Path("truncated.mp3");
  WriteBytes(path, bytes.substr(0, bytes.size() * 4 / 10));
  const absl::StatusOr<AudioBuffer> audio = DecodeAudioFile(path);
  if (audio.ok()) {
    // A constant-bit-rate file cut at 40% holds about 4 of its 10 seconds.
    EXPECT_GT(audio->duration_s(), 3.0);
    EXPECT_LT(audio->duration_s(), 5.0);
  } else {
    EXPECT_EQ(audio.status().code(), absl::StatusCode::kInvalidArgument) << audio.status();
  }
}

TEST(DecoderErrorsTest, Mp3CutInsideItsFirstFrameIsInvalidArgument) {
  TempDir dir;
  const std::string bytes = EncodedMp3Bytes(dir);
  const std::string path = dir.Path("stub.mp3");
  WriteBytes(path, bytes.substr(0, 200));
  const absl::StatusOr<AudioBuffer> audio = DecodeAudioFile(path);
  EXPECT_EQ(audio.status().code(), absl::StatusCode::kInvalidArgument) << audio.status();
}

TEST(DecoderErrorsTest, M4aWithoutItsIndexIsInvalidArgument) {
  // The MP4 muxer writes the index (moov) last, so the first 40% has none.
  TempDir dir;
  SynthOptions options;
  options.duration_s = 5.0;
  const std::string full = dir.Path("full.m4a");
  ASSERT_TRUE(WriteAudioFile(full, SynthesizeBeatTrack(options).audio, AudioFileFormat::kM4a).ok());
  const std::string bytes = ReadBytes(full);
  const std::string path = dir.Path("cut.m4a");
  WriteBytes(path, bytes.substr(0, bytes.size() * 4 / 10));
  ExpectNotAccepted(DecodeAudioFile(path).status(), "cut.m4a");
}

TEST(DecoderErrorsTest, BadOptionsAreInvalidArgument) {
  TempDir dir;
  const std::string path = dir.Path("ok.wav");
  ASSERT_TRUE(WriteAudioFile(path, SynthesizeSine(440.0, 0.5, 44100, 1), AudioFileFormat::kWav).ok());
  EXPECT_EQ(DecodeAudioFile(path, {.sample_rate_hz = -1}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeAudioFile(path, {.channels = 99}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace beatframe
