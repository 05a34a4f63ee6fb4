// Beats, tempo, downbeats and meter on synthetic patterns with exact ground
// truth: tempo changes, swing, syncopation, a 3/4 waltz, and a sweep of
// tempi from 60 to 190 BPM for clicks and a drum groove.
#include <gtest/gtest.h>

#include <string>

#include "engine/audio/analysis.h"
#include "engine/audio/tempo_curve.h"
#include "tests/audio/pattern_synth.h"
#include "tests/audio/test_util.h"
#include "tools/synth/synth.h"

namespace beatframe {
namespace {

using testing_util::BeatMatch;
using testing_util::MatchBeats;
using testing_util::PatternOptions;
using testing_util::SynthesizePattern;

// Recall and precision of the beats within `tolerance_s`, from `from_s` on.
void ExpectBeats(const std::vector<double>& truth, const Analysis& analysis, double tolerance_s, double min_recall,
                 double from_s = 0.0) {
  const BeatMatch match = MatchBeats(truth, analysis.beat_times_s, tolerance_s, from_s);
  EXPECT_GE(match.recall(), min_recall) << match.matched << " of " << match.reference_count << " beats matched";
  EXPECT_LE(match.detected_count, match.reference_count * 1.05 + 1) << "extra beats";
}

TEST(TempoChangeTest, ClicksSpeedUp) {
  SynthOptions options;
  options.style = SynthStyle::kClicks;
  options.bpm = 100.0;
  options.tempo_change_at_s = 15.0;
  options.bpm_after_change = 120.0;
  const SynthesizedTrack track = SynthesizeBeatTrack(options);
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(track.audio);
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  ExpectBeats(track.beat_times_s, *analysis, 0.020, 0.95);
}

TEST(TempoChangeTest, DrumsSpeedUp) {
  SynthOptions options;
  options.bpm = 120.0;
  options.tempo_change_at_s = 15.0;
  options.bpm_after_change = 140.0;
  const SynthesizedTrack track = SynthesizeBeatTrack(options);
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(track.audio);
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  ExpectBeats(track.beat_times_s, *analysis, 0.020, 0.95);
}

TEST(TempoChangeTest, PatternSlowsDown) {
  PatternOptions options;
  options.bar = testing_util::RockBar();
  options.bpm = 130.0;
  options.tempo_change_at_s = 15.0;
  options.bpm_after_change = 112.0;
  const SynthesizedTrack track = SynthesizePattern(options);
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(track.audio);
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  ExpectBeats(track.beat_times_s, *analysis, 0.020, 0.95);
}

// The tempo curve follows the change that the single tempo_bpm averages away:
// about 100 BPM well before the change at 15 s, about 120 well after it.
TEST(TempoChangeTest, TempoCurveFollowsTheChange) {
  SynthOptions options;
  options.style = SynthStyle::kClicks;
  options.bpm = 100.0;
  options.tempo_change_at_s = 15.0;
  options.bpm_after_change = 120.0;
  const SynthesizedTrack track = SynthesizeBeatTrack(options);
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(track.audio);
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  ASSERT_EQ(analysis->tempo_curve.size(), analysis->beat_times_s.size());
  int before = 0, after = 0;
  for (const TempoPoint& point : analysis->tempo_curve) {
    if (point.time_s < 11.0) {
      EXPECT_NEAR(point.bpm, 100.0, 1.0) << "at " << point.time_s << " s";
      ++before;
    } else if (point.time_s > 19.0) {
      EXPECT_NEAR(point.bpm, 120.0, 1.0) << "at " << point.time_s << " s";
      ++after;
    }
  }
  EXPECT_GT(before, 10);
  EXPECT_GT(after, 10);
}

TEST(TempoCurveTest, SteadyBeatsGiveAFlatCurveAndFewBeatsNone) {
  std::vector<double> beats;
  for (int i = 0; i < 20; ++i) beats.push_back(0.25 + 0.5 * i);
  const std::vector<TempoPoint> curve = audio_internal::ComputeTempoCurve(beats);
  ASSERT_EQ(curve.size(), beats.size());
  for (const TempoPoint& point : curve) EXPECT_NEAR(point.bpm, 120.0, 1e-9);
  // One missing beat doubles one interval; the median ignores it.
  beats.erase(beats.begin() + 10);
  for (const TempoPoint& point : audio_internal::ComputeTempoCurve(beats)) EXPECT_NEAR(point.bpm, 120.0, 1e-9);
  EXPECT_TRUE(audio_internal::ComputeTempoCurve({0.5, 1.0}).empty());
}

// The swung eighth is louder than the beat: an onset tracker locks to it
// unless it recognises the long-short pattern of swing.
TEST(SwingTest, BeatsStayOnTheBeatNotOnTheSwungEighth) {
  for (const double ratio : {2.0 / 3.0, 0.6}) {
    SCOPED_TRACE(ratio);
    PatternOptions options;
    options.bar = testing_util::SwingBar(ratio);
    options.bpm = 120.0;
    const SynthesizedTrack track = SynthesizePattern(options);
    const absl::StatusOr<Analysis> analysis = AnalyzeAudio(track.audio);
    ASSERT_TRUE(analysis.ok()) << analysis.status();
    ExpectBeats(track.beat_times_s, *analysis, 0.030, 0.9);
    EXPECT_NEAR(analysis->tempo_bpm, 120.0, 2.0);
  }
}

TEST(SyncopationTest, OffBeatKicksDoNotMoveTheBeat) {
  PatternOptions options;
  options.bar = testing_util::SyncopatedBar();
  options.bpm = 100.0;
  const SynthesizedTrack track = SynthesizePattern(options);
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(track.audio);
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  ExpectBeats(track.beat_times_s, *analysis, 0.020, 0.95);
  EXPECT_NEAR(analysis->tempo_bpm, 100.0, 1.0);
}

TEST(MeterTest, WaltzIsThreeFourWithDownbeatsEveryThirdBeat) {
  PatternOptions options;
  options.bar = testing_util::WaltzBar();
  options.beats_per_bar = 3;
  options.bpm = 150.0;
  const SynthesizedTrack track = SynthesizePattern(options);
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(track.audio);
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  ExpectBeats(track.beat_times_s, *analysis, 0.020, 0.95);
  EXPECT_EQ(analysis->time_signature, 3);
  const BeatMatch downbeats = MatchBeats(track.downbeat_times_s, analysis->downbeat_times_s, 0.020);
  EXPECT_GE(downbeats.recall(), 0.9) << downbeats.matched << " of " << downbeats.reference_count;
  EXPECT_LE(downbeats.detected_count, downbeats.reference_count + 1);
}

TEST(MeterTest, RockGrooveIsFourFour) {
  PatternOptions options;
  options.bar = testing_util::RockBar();
  options.bpm = 110.0;
  const SynthesizedTrack track = SynthesizePattern(options);
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(track.audio);
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  EXPECT_EQ(analysis->time_signature, 4);
  EXPECT_GE(MatchBeats(track.downbeat_times_s, analysis->downbeat_times_s, 0.020).recall(), 0.9);
}

struct SweepCase {
  SynthStyle style;
  double bpm;
};

std::string SweepName(const ::testing::TestParamInfo<SweepCase>& info) {
  return std::string(info.param.style == SynthStyle::kClicks ? "Clicks" : "Drums") +
         std::to_string(static_cast<int>(info.param.bpm)) + "Bpm";
}

class TempoSweepTest : public ::testing::TestWithParam<SweepCase> {};

TEST_P(TempoSweepTest, TempoAndBeatsAtTheWrittenLevel) {
  SynthOptions options;
  options.style = GetParam().style;
  options.bpm = GetParam().bpm;
  options.duration_s = 20.0;
  const SynthesizedTrack track = SynthesizeBeatTrack(options);
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(track.audio);
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  EXPECT_NEAR(analysis->tempo_bpm, options.bpm, 1.0);
  ExpectBeats(track.beat_times_s, *analysis, 0.020, 0.95);
}

std::vector<SweepCase> SweepCases() {
  std::vector<SweepCase> cases;
  for (const SynthStyle style : {SynthStyle::kClicks, SynthStyle::kDrums}) {
    for (double bpm = 60.0; bpm <= 190.0; bpm += 10.0) cases.push_back({style, bpm});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(SixtyToOneNinety, TempoSweepTest, ::testing::ValuesIn(SweepCases()), SweepName);

}  // namespace
}  // namespace beatframe
