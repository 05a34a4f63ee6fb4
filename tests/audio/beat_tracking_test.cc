// Beat tracking against the synthesiser's exact ground truth: clicks and a
// drum groove at slow, medium and fast tempi, through lossy encoding, at other
// sample rates, and in mono. Every ground-truth beat counts, including the
// first (at 0.1 s): the tracker needs no warm-up on these tracks.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "engine/audio/analysis.h"
#include "engine/audio/decoder.h"
#include "tests/audio/test_util.h"
#include "tools/synth/synth.h"

namespace beatframe {
namespace {

using testing_util::BeatMatch;
using testing_util::MatchBeats;

constexpr double kToleranceS = 0.020;
constexpr double kMinRecall = 0.95;

struct TempoCase {
  SynthStyle style;
  double bpm;
};

void PrintTo(const TempoCase& c, std::ostream* out) {
  *out << (c.style == SynthStyle::kClicks ? "clicks " : "drums ") << c.bpm << " BPM";
}

std::string CaseName(const ::testing::TestParamInfo<TempoCase>& info) {
  return std::string(info.param.style == SynthStyle::kClicks ? "Clicks" : "Drums") +
         std::to_string(static_cast<int>(info.param.bpm)) + "Bpm";
}

// Checks recall and precision within ±20 ms and the tempo within 1 BPM.
void ExpectTracks(const SynthesizedTrack& track, const AudioBuffer& audio, double bpm) {
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(audio);
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  const BeatMatch match = MatchBeats(track.beat_times_s, analysis->beat_times_s, kToleranceS);
  EXPECT_GE(match.recall(), kMinRecall) << match.matched << " of " << match.reference_count << " beats matched";
  // Precision: no more than 5% extra beats (e.g. on off-beats).
  EXPECT_LE(match.detected_count, match.reference_count * 1.05 + 1);
  EXPECT_NEAR(analysis->tempo_bpm, bpm, 1.0);
  ::testing::Test::RecordProperty("matched", match.matched);
  ::testing::Test::RecordProperty("mean_abs_error_us", static_cast<int>(match.mean_abs_error_s * 1e6));
}

class BeatTrackingTest : public ::testing::TestWithParam<TempoCase> {};

TEST_P(BeatTrackingTest, FindsTheGroundTruthBeatsAndTempo) {
  SynthOptions options;
  options.style = GetParam().style;
  options.bpm = GetParam().bpm;
  options.duration_s = 30.0;
  const SynthesizedTrack track = SynthesizeBeatTrack(options);
  ExpectTracks(track, track.audio, options.bpm);
}

INSTANTIATE_TEST_SUITE_P(Tempi, BeatTrackingTest,
                         ::testing::Values(TempoCase{SynthStyle::kClicks, 80}, TempoCase{SynthStyle::kClicks, 120},
                                           TempoCase{SynthStyle::kClicks, 170}, TempoCase{SynthStyle::kDrums, 80},
                                           TempoCase{SynthStyle::kDrums, 120}, TempoCase{SynthStyle::kDrums, 170}),
                         CaseName);

TEST(BeatTrackingFormatsTest, SurvivesMp3Encoding) {
  testing_util::TempDir dir;
  SynthOptions options;
  options.bpm = 128.0;
  options.duration_s = 20.0;
  const SynthesizedTrack track = SynthesizeBeatTrack(options);
  const std::string path = dir.Path("groove.mp3");
  ASSERT_TRUE(WriteAudioFile(path, track.audio, AudioFileFormat::kMp3, 128000).ok());
  const absl::StatusOr<AudioBuffer> decoded = DecodeAudioFile(path);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ExpectTracks(track, *decoded, options.bpm);
}

TEST(BeatTrackingFormatsTest, WorksAtOtherRatesAndInMono) {
  for (const int rate_hz : {22050, 48000, 96000}) {
    SCOPED_TRACE(rate_hz);
    SynthOptions options;
    options.bpm = 100.0;
    options.duration_s = 20.0;
    options.sample_rate_hz = rate_hz;
    options.channels = 1;
    const SynthesizedTrack track = SynthesizeBeatTrack(options);
    ExpectTracks(track, track.audio, options.bpm);
  }
}

TEST(BeatTrackingFormatsTest, FollowsMusicBetweenSilences) {
  SynthOptions options;
  options.duration_s = 15.0;
  options.first_beat_s = 5.0;  // 5 s of silence first
  SynthesizedTrack track = SynthesizeBeatTrack(options);
  track.audio.samples.resize(track.audio.samples.size() + 5 * 44100 * 2, 0.0f);  // and 5 s after
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(track.audio);
  ASSERT_TRUE(analysis.ok());
  ASSERT_FALSE(analysis->beat_times_s.empty());
  EXPECT_GE(analysis->beat_times_s.front(), 5.0 - kToleranceS);
  EXPECT_LE(analysis->beat_times_s.back(), 15.0);
  EXPECT_GE(MatchBeats(track.beat_times_s, analysis->beat_times_s, kToleranceS).recall(), kMinRecall);
}

TEST(BeatTrackingFormatsTest, DownbeatsFollowTheAccentedKick) {
  SynthOptions options;
  options.duration_s = 20.0;
  const SynthesizedTrack track = SynthesizeBeatTrack(options);
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(track.audio);
  ASSERT_TRUE(analysis.ok());
  EXPECT_GE(MatchBeats(track.downbeat_times_s, analysis->downbeat_times_s, kToleranceS).recall(), 0.9);
}

}  // namespace
}  // namespace beatframe
