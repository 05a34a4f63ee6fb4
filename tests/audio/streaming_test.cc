// Block-by-block analysis: StreamingAnalyzer gives exactly AnalyzeAudio's
// result however the audio is cut into blocks, AnalyzeAudioFile exactly the
// result of decoding first, and DecodeAudioFileInBlocks delivers the whole
// stream. Plus the error contract of each.
#include "engine/audio/streaming_analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "engine/audio/analysis.h"
#include "engine/audio/decoder.h"
#include "engine/audio/file_analysis.h"
#include "tests/audio/test_util.h"
#include "tools/synth/synth.h"

namespace beatframe {
namespace {

using testing_util::TempDir;

void ExpectIdentical(const Analysis& a, const Analysis& b) {
  EXPECT_EQ(a.duration_s, b.duration_s);
  EXPECT_EQ(a.tempo_bpm, b.tempo_bpm);
  EXPECT_EQ(a.beat_times_s, b.beat_times_s);
  EXPECT_EQ(a.beat_strengths, b.beat_strengths);
  EXPECT_EQ(a.downbeat_times_s, b.downbeat_times_s);
  EXPECT_EQ(a.time_signature, b.time_signature);
  ASSERT_EQ(a.sections.size(), b.sections.size());
  for (size_t i = 0; i < a.sections.size(); ++i) {
    EXPECT_EQ(a.sections[i].start_s, b.sections[i].start_s);
    EXPECT_EQ(a.sections[i].end_s, b.sections[i].end_s);
    EXPECT_EQ(a.sections[i].label, b.sections[i].label);
  }
  EXPECT_EQ(a.loudness_lufs, b.loudness_lufs);
  EXPECT_EQ(a.onset_envelope, b.onset_envelope);
  EXPECT_EQ(a.energy, b.energy);
  EXPECT_EQ(a.bands, b.bands);
}

AudioBuffer Groove(double duration_s, int rate_hz = 44100) {
  SynthOptions options;
  options.duration_s = duration_s;
  options.sample_rate_hz = rate_hz;
  options.bpm = 126.0;
  return SynthesizeBeatTrack(options).audio;
}

TEST(StreamingAnalyzerTest, BlockSizesDoNotChangeTheResult) {
  const AudioBuffer audio = Groove(20.0);
  const absl::StatusOr<Analysis> whole = AnalyzeAudio(audio);
  ASSERT_TRUE(whole.ok()) << whole.status();
  ASSERT_FALSE(whole->beat_times_s.empty());
  absl::StatusOr<std::unique_ptr<StreamingAnalyzer>> analyzer =
      StreamingAnalyzer::Create(audio.sample_rate_hz, audio.channels);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status();
  // Irregular blocks, from single frames to a few seconds.
  int64_t done = 0;
  for (int64_t size = 1; done < audio.frame_count(); size = size * 7 % 150001 + 1) {
    const int64_t count = std::min(size, audio.frame_count() - done);
    (*analyzer)->Process(audio.samples.data() + done * audio.channels, count);
    done += count;
  }
  const absl::StatusOr<Analysis> streamed = (*analyzer)->Finish();
  ASSERT_TRUE(streamed.ok()) << streamed.status();
  ExpectIdentical(*whole, *streamed);
}

TEST(StreamingAnalyzerTest, ErrorContract) {
  EXPECT_EQ(StreamingAnalyzer::Create(0, 2).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(StreamingAnalyzer::Create(44100, 0).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(StreamingAnalyzer::Create(44100, 2, {.band_count = 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::unique_ptr<StreamingAnalyzer>> analyzer = StreamingAnalyzer::Create(44100, 2);
  ASSERT_TRUE(analyzer.ok());
  EXPECT_EQ((*analyzer)->Finish().status().code(), absl::StatusCode::kInvalidArgument);  // no samples
  EXPECT_EQ((*analyzer)->Finish().status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(FileAnalysisTest, MatchesDecodingFirst) {
  TempDir dir;
  const std::string path = dir.Path("groove.wav");
  ASSERT_TRUE(WriteAudioFile(path, Groove(15.0, 48000), AudioFileFormat::kWav).ok());
  const absl::StatusOr<Analysis> streamed = AnalyzeAudioFile(path);
  ASSERT_TRUE(streamed.ok()) << streamed.status();
  const absl::StatusOr<AudioBuffer> decoded = DecodeAudioFile(path);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  const absl::StatusOr<Analysis> in_memory = AnalyzeAudio(*decoded);
  ASSERT_TRUE(in_memory.ok());
  ExpectIdentical(*in_memory, *streamed);
  EXPECT_NEAR(streamed->tempo_bpm, 126.0, 1.0);
}

TEST(FileAnalysisTest, ErrorsNameTheFile) {
  TempDir dir;
  const absl::StatusOr<Analysis> missing = AnalyzeAudioFile(dir.Path("nope.wav"));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  testing_util::WriteBytes(dir.Path("text.mp3"), "this is not audio at all, just some text");
  const absl::StatusOr<Analysis> text = AnalyzeAudioFile(dir.Path("text.mp3"));
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(text.status().message().find("text.mp3"), std::string::npos) << text.status();
}

TEST(DecodeInBlocksTest, DeliversTheWholeStreamInOrder) {
  TempDir dir;
  const std::string path = dir.Path("groove.flac");
  ASSERT_TRUE(WriteAudioFile(path, Groove(6.0), AudioFileFormat::kFlac).ok());
  const absl::StatusOr<AudioBuffer> whole = DecodeAudioFile(path);
  ASSERT_TRUE(whole.ok()) << whole.status();
  std::vector<float> joined;
  std::vector<int64_t> sizes;
  const absl::Status status = DecodeAudioFileInBlocks(path, {}, 10000, [&](const AudioBuffer& block) {
    EXPECT_EQ(block.sample_rate_hz, whole->sample_rate_hz);
    EXPECT_EQ(block.channels, whole->channels);
    sizes.push_back(block.frame_count());
    joined.insert(joined.end(), block.samples.begin(), block.samples.end());
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(joined, whole->samples);
  ASSERT_FALSE(sizes.empty());
  for (size_t i = 0; i + 1 < sizes.size(); ++i) EXPECT_EQ(sizes[i], 10000) << i;
  EXPECT_LE(sizes.back(), 10000);
}

TEST(DecodeInBlocksTest, StopsAtTheConsumersError) {
  TempDir dir;
  const std::string path = dir.Path("groove.wav");
  ASSERT_TRUE(WriteAudioFile(path, Groove(3.0), AudioFileFormat::kWav).ok());
  int calls = 0;
  const absl::Status status = DecodeAudioFileInBlocks(path, {}, 4096, [&](const AudioBuffer&) {
    ++calls;
    return absl::CancelledError("client went away");
  });
  EXPECT_EQ(status, absl::CancelledError("client went away"));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(DecodeAudioFileInBlocks(path, {}, 0, [](const AudioBuffer&) { return absl::OkStatus(); }).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace beatframe
