// Style selection in PlanRender: words in the prompt first, then the music.
#include <gtest/gtest.h>

#include <string>

#include "engine/timeline/render_plan.h"

namespace beatframe {
namespace {

Analysis Track(double bpm, float energy) {
  Analysis analysis;
  analysis.duration_s = 60.0;
  analysis.tempo_bpm = bpm;
  analysis.feature_rate_hz = 30.0;
  analysis.energy.assign(100, energy);
  return analysis;
}

std::string StyleOf(const std::string& prompt, const Analysis& analysis = Track(120.0, 0.5f)) {
  absl::StatusOr<RenderPlan> plan = PlanRender(prompt, "", analysis, MediaTags{});
  EXPECT_TRUE(plan.ok()) << plan.status();
  return plan.ok() ? plan->style : "";
}

struct WordCase {
  const char* prompt;
  const char* style;
};

class StyleWordTest : public ::testing::TestWithParam<WordCase> {};

TEST_P(StyleWordTest, PromptWordPicksTheStyle) {
  // A fast, loud track would pick particles by itself: the word must win.
  EXPECT_EQ(StyleOf(GetParam().prompt, Track(140.0, 0.8f)), GetParam().style) << GetParam().prompt;
}

INSTANTIATE_TEST_SUITE_P(
    Words, StyleWordTest,
    ::testing::Values(WordCase{"classic bars please", "bars"}, WordCase{"a Spectrum analyser", "bars"},
                      WordCase{"equalizer, vertical", "bars"}, WordCase{"waveform in neon", "waveform"},
                      WordCase{"like an oscilloscope", "waveform"}, WordCase{"one glowing wave", "waveform"},
                      WordCase{"particles!", "particles"}, WordCase{"stars and more stars", "particles"},
                      WordCase{"a starfield", "particles"}, WordCase{"deep space", "particles"},
                      WordCase{"tunnel", "tunnel"}, WordCase{"kaleidoscope vibes", "tunnel"},
                      WordCase{"something geometric", "tunnel"}, WordCase{"gradient", "gradient"},
                      WordCase{"let it flow", "gradient"}, WordCase{"ambient mood", "gradient"},
                      WordCase{"calm and dark", "gradient"}, WordCase{"pulse", "pulse"},
                      WordCase{"a circle", "pulse"}, WordCase{"glowing orb, square", "pulse"}));

TEST(StyleSelectionTest, FirstStyleWordWins) {
  EXPECT_EQ(StyleOf("tunnel or maybe bars"), "tunnel");
  EXPECT_EQ(StyleOf("bars or maybe a tunnel"), "bars");
}

TEST(StyleSelectionTest, WordsInsideTheTitleDoNotPickTheStyle) {
  // "Space" is in the quoted title: the music picks (120 BPM, mid energy -> pulse).
  absl::StatusOr<RenderPlan> plan = PlanRender("\"Space Oddity\" vertical", "", Track(120.0, 0.5f), MediaTags{});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->title, "Space Oddity");
  EXPECT_EQ(plan->style, "pulse");
}

TEST(StyleSelectionTest, WordsAreWholeWords) {
  // "starry", "waved" and "barstool" name no style; the music picks.
  EXPECT_EQ(StyleOf("starry barstool waved"), StyleForMusic(Track(120.0, 0.5f)));
}

struct MusicCase {
  double bpm;
  float energy;
  const char* style;
};

class StyleForMusicTest : public ::testing::TestWithParam<MusicCase> {};

TEST_P(StyleForMusicTest, TempoAndEnergyPickTheStyle) {
  const MusicCase& c = GetParam();
  EXPECT_EQ(StyleForMusic(Track(c.bpm, c.energy)), c.style) << c.bpm << " BPM, energy " << c.energy;
  // The same through PlanRender when the prompt names no style.
  EXPECT_EQ(StyleOf("neon vertical", Track(c.bpm, c.energy)), c.style);
}

INSTANTIATE_TEST_SUITE_P(Music, StyleForMusicTest,
                         ::testing::Values(MusicCase{0.0, 0.7f, "gradient"},     // no steady pulse
                                           MusicCase{128.0, 0.2f, "gradient"},   // sparse, quiet
                                           MusicCase{70.0, 0.3f, "gradient"},    // slow and soft
                                           MusicCase{70.0, 0.6f, "waveform"},    // slow but full
                                           MusicCase{89.9, 0.46f, "waveform"},   // just under the edges
                                           MusicCase{90.0, 0.5f, "pulse"},
                                           MusicCase{110.0, 0.4f, "pulse"},      // mid tempo
                                           MusicCase{110.0, 0.7f, "bars"},
                                           MusicCase{124.9, 0.56f, "bars"},
                                           MusicCase{125.0, 0.5f, "tunnel"},     // fast
                                           MusicCase{174.0, 0.4f, "tunnel"},
                                           MusicCase{128.0, 0.56f, "particles"},
                                           MusicCase{174.0, 0.9f, "particles"}));

TEST(StyleSelectionTest, DeterministicAndDefaultTrackStaysPulse) {
  const Analysis track = Track(120.0, 0.5f);
  EXPECT_EQ(StyleOf("", track), StyleOf("", track));
  // The track the older plan tests use keeps the original default style.
  EXPECT_EQ(StyleOf("", track), "pulse");
  Analysis empty_energy = Track(120.0, 0.5f);
  empty_energy.energy.clear();  // no features: treated as quiet
  EXPECT_EQ(StyleForMusic(empty_energy), "gradient");
}

}  // namespace
}  // namespace beatframe
