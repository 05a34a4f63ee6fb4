// Structure: section boundaries on synthetic tracks whose halves are
// different music, the naming rules on hand-made summaries, and the
// contract (consecutive sections covering the whole track) on any input.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/audio/analysis.h"
#include "engine/audio/section_labeler.h"
#include "tests/audio/pattern_synth.h"
#include "tools/synth/synth.h"

namespace beatframe {
namespace {

using audio_internal::LabelSections;
using audio_internal::SectionSummary;

void ExpectCoversTrack(const Analysis& analysis) {
  ASSERT_FALSE(analysis.sections.empty());
  EXPECT_EQ(analysis.sections.front().start_s, 0.0);
  EXPECT_EQ(analysis.sections.back().end_s, analysis.duration_s);
  for (size_t i = 0; i < analysis.sections.size(); ++i) {
    EXPECT_LT(analysis.sections[i].start_s, analysis.sections[i].end_s) << i;
    EXPECT_FALSE(analysis.sections[i].label.empty()) << i;
    if (i > 0) {
      EXPECT_EQ(analysis.sections[i].start_s, analysis.sections[i - 1].end_s) << i;
    }
  }
}

struct TwoPartCase {
  double bpm, duration_s, change_s;
};

class TwoHalvesTest : public ::testing::TestWithParam<TwoPartCase> {};

TEST_P(TwoHalvesTest, BoundaryWithinTwoSecondsOfTheChange) {
  double switch_s = 0.0;
  const SynthesizedTrack track = testing_util::SynthesizeTwoPartTrack(GetParam().bpm, GetParam().duration_s,
                                                                      GetParam().change_s, &switch_s);
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(track.audio);
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  ExpectCoversTrack(*analysis);
  ASSERT_EQ(analysis->sections.size(), 2u) << "one boundary expected";
  EXPECT_NEAR(analysis->sections[0].end_s, switch_s, 2.0);
  // Different music, different names; the loud half is the chorus.
  EXPECT_NE(analysis->sections[0].label, analysis->sections[1].label);
  EXPECT_EQ(analysis->sections[1].label, "chorus");
}

INSTANTIATE_TEST_SUITE_P(Tempi, TwoHalvesTest,
                         ::testing::Values(TwoPartCase{120, 60, 30}, TwoPartCase{90, 30, 15},
                                           TwoPartCase{140, 60, 25}, TwoPartCase{170, 45, 20}));

TEST(SectionsTest, SteadyGrooveIsOneSection) {
  SynthOptions options;
  options.duration_s = 40.0;
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(SynthesizeBeatTrack(options).audio);
  ASSERT_TRUE(analysis.ok());
  ExpectCoversTrack(*analysis);
  EXPECT_EQ(analysis->sections.size(), 1u);
}

TEST(SectionsTest, SilenceSweepAndShortClipsStillCoverTheTrack) {
  for (const AudioBuffer& audio : {SynthesizeSilence(12.0, 44100, 2), SynthesizeSweep(50.0, 8000.0, 20.0, 22050, 1),
                                   SynthesizeSine(440.0, 0.05, 8000, 1)}) {
    const absl::StatusOr<Analysis> analysis = AnalyzeAudio(audio);
    ASSERT_TRUE(analysis.ok()) << analysis.status();
    ExpectCoversTrack(*analysis);
  }
  const absl::StatusOr<Analysis> silence = AnalyzeAudio(SynthesizeSilence(12.0, 44100, 2));
  ASSERT_TRUE(silence.ok());
  EXPECT_EQ(silence->sections.front().label, "silence");
}

// Summaries with the given cluster centres (1-D), spread and level.
std::vector<SectionSummary> Summaries(const std::vector<std::pair<double, double>>& centre_and_level) {
  std::vector<SectionSummary> summaries;
  double t = 0.0;
  for (const auto& [centre, level] : centre_and_level) {
    SectionSummary s;
    s.start_s = t;
    s.end_s = t += 20.0;
    s.mean_feature = {centre};
    s.spread = 1.0;
    s.level_db = level;
    summaries.push_back(s);
  }
  return summaries;
}

TEST(SectionLabelerTest, PopSongShape) {
  // intro, verse, chorus, verse, chorus, bridge, chorus, outro
  const std::vector<std::string> labels = LabelSections(Summaries(
      {{0, -30}, {10, -20}, {20, -12}, {10, -20}, {20, -12}, {30, -18}, {20, -12}, {40, -28}}));
  EXPECT_EQ(labels, (std::vector<std::string>{"intro", "verse", "chorus", "verse", "chorus", "bridge", "chorus",
                                              "outro"}));
}

TEST(SectionLabelerTest, SilenceAndSingleSection) {
  EXPECT_EQ(LabelSections(Summaries({{0, -90}, {10, -20}, {0, -90}})),
            (std::vector<std::string>{"silence", "verse", "silence"}));
  EXPECT_EQ(LabelSections(Summaries({{10, -20}})), std::vector<std::string>{"verse"});
  EXPECT_TRUE(LabelSections({}).empty());
}

}  // namespace
}  // namespace beatframe
