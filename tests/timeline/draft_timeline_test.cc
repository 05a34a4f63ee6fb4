// The timeline side of draft edits: a trimmed track's analysis and lyrics in
// output time (track_window.h), and the intensity knob of the frame context.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/timeline/frame_context.h"
#include "engine/timeline/track_window.h"

namespace beatframe {
namespace {

// 10 s at 120 BPM: beats every 0.5 s from 0.25 s, a downbeat every 2 s,
// sections at 0-4-8-10, features at 30 Hz ramping with time.
Analysis TenSeconds() {
  Analysis analysis;
  analysis.duration_s = 10.0;
  analysis.tempo_bpm = 120.0;
  analysis.time_signature = 4;
  analysis.loudness_lufs = -12.0;
  for (int i = 0; i < 20; ++i) {
    const double t = 0.25 + 0.5 * i;
    analysis.beat_times_s.push_back(t);
    // Downbeats 0.9, the third beat of each bar an accent (0.8), others 0.4.
    analysis.beat_strengths.push_back(i % 4 == 0 ? 0.9f : i % 4 == 2 ? 0.8f : 0.4f);
    if (i % 4 == 0) analysis.downbeat_times_s.push_back(t);
    analysis.tempo_curve.push_back({t, 120.0});
  }
  analysis.sections = {{0.0, 4.0, "intro"}, {4.0, 8.0, "chorus"}, {8.0, 10.0, "outro"}};
  analysis.feature_rate_hz = 30.0;
  analysis.band_count = 2;
  for (int f = 0; f < 300; ++f) {
    analysis.energy.push_back(f / 300.0f);
    analysis.bands.push_back(f / 300.0f);
    analysis.bands.push_back(0.5f);
  }
  analysis.onset_rate_hz = 100.0;
  for (int f = 0; f < 1000; ++f) analysis.onset_envelope.push_back(f / 1000.0f);
  return analysis;
}

TEST(TrackWindowTest, BeatsSectionsAndFeaturesMoveIntoOutputTime) {
  const Analysis whole = TenSeconds();
  const Analysis cut = WindowAnalysis(whole, {3.0, 7.5});
  EXPECT_DOUBLE_EQ(cut.duration_s, 4.5);
  EXPECT_EQ(cut.tempo_bpm, 120.0);
  EXPECT_EQ(cut.loudness_lufs, -12.0);
  // Beats 3.25 .. 7.25 (9 of them) at 0.25 .. 4.25, strengths kept alongside.
  ASSERT_EQ(cut.beat_times_s.size(), 9u);
  EXPECT_DOUBLE_EQ(cut.beat_times_s.front(), 0.25);
  EXPECT_DOUBLE_EQ(cut.beat_times_s.back(), 4.25);
  ASSERT_EQ(cut.beat_strengths.size(), 9u);
  EXPECT_FLOAT_EQ(cut.beat_strengths[2], 0.9f);  // 4.25 s, a downbeat
  EXPECT_FLOAT_EQ(cut.beat_strengths[3], 0.4f);
  EXPECT_EQ(cut.downbeat_times_s, (std::vector<double>{1.25, 3.25}));
  EXPECT_EQ(cut.tempo_curve.size(), 9u);
  // Sections cut to the window and consecutive from 0.
  ASSERT_EQ(cut.sections.size(), 2u);
  EXPECT_EQ(cut.sections[0].label, "intro");
  EXPECT_DOUBLE_EQ(cut.sections[0].start_s, 0.0);
  EXPECT_DOUBLE_EQ(cut.sections[0].end_s, 1.0);
  EXPECT_EQ(cut.sections[1].label, "chorus");
  EXPECT_DOUBLE_EQ(cut.sections[1].end_s, 4.5);
  // Features from 3 s on: 135 frames, frame 0 = the whole track's frame 90.
  ASSERT_EQ(cut.feature_frame_count(), 135);
  EXPECT_FLOAT_EQ(cut.energy[0], 90.0f / 300.0f);
  EXPECT_FLOAT_EQ(cut.bands_at(10)[0], 100.0f / 300.0f);
  EXPECT_FLOAT_EQ(cut.bands_at(10)[1], 0.5f);
  ASSERT_EQ(cut.onset_envelope.size(), 450u);
  EXPECT_FLOAT_EQ(cut.onset_envelope[0], 300.0f / 1000.0f);
}

TEST(TrackWindowTest, StartBetweenFeatureFramesInterpolates) {
  const Analysis cut = WindowAnalysis(TenSeconds(), {1.05, 2.0});  // feature position 31.5
  ASSERT_FALSE(cut.energy.empty());
  EXPECT_NEAR(cut.energy[0], 31.5f / 300.0f, 1e-6);
  EXPECT_NEAR(cut.energy[2], 33.5f / 300.0f, 1e-6);
}

TEST(TrackWindowTest, TheWholeTrackIsUnchanged) {
  const Analysis whole = TenSeconds();
  const Analysis same = WindowAnalysis(whole, {0.0, 10.0});
  EXPECT_EQ(same.beat_times_s, whole.beat_times_s);
  EXPECT_EQ(same.energy, whole.energy);
  EXPECT_EQ(same.bands, whole.bands);
  EXPECT_EQ(same.sections.size(), whole.sections.size());
}

TEST(TrackWindowTest, LyricsMoveWithTheWindowAndAreCut) {
  const std::vector<Caption> lyrics = {
      {"before", 0.5, 2.5}, {"across the start", 2.5, 3.5}, {"inside", 4.0, 5.0}, {"across the end", 7.0, 9.0},
      {"after", 8.0, 9.0}};
  const std::vector<Caption> moved = WindowCaptions(lyrics, {3.0, 7.5});
  ASSERT_EQ(moved.size(), 3u);
  EXPECT_EQ(moved[0].text, "across the start");
  EXPECT_DOUBLE_EQ(moved[0].start_s, 0.0);
  EXPECT_DOUBLE_EQ(moved[0].end_s, 0.5);
  EXPECT_DOUBLE_EQ(moved[1].start_s, 1.0);
  EXPECT_DOUBLE_EQ(moved[1].end_s, 2.0);
  EXPECT_DOUBLE_EQ(moved[2].start_s, 4.0);
  EXPECT_DOUBLE_EQ(moved[2].end_s, 4.5);
}

// Sums a context field over every frame of the builder.
template <typename Field>
double SumOverFrames(const FrameContextBuilder& builder, Field field) {
  double sum = 0.0;
  for (int64_t f = 0; f < builder.frame_count(); ++f) sum += field(builder.At(f));
  return sum;
}

TEST(FrameContextIntensityTest, ZeroIsExactlyTheDefault) {
  const Analysis analysis = TenSeconds();
  const FrameContextBuilder plain(analysis, 30, 1);
  const FrameContextBuilder zero(analysis, 30, 1, 0.0);
  for (int64_t f = 0; f < plain.frame_count(); f += 7) {
    const FrameContext a = plain.At(f), b = zero.At(f);
    EXPECT_EQ(a.beat_pulse, b.beat_pulse);
    EXPECT_EQ(a.beat_strength, b.beat_strength);
    EXPECT_EQ(a.beat_gain, 1.0f);
    EXPECT_EQ(b.beat_gain, 1.0f);
    EXPECT_EQ(a.energy, b.energy);
    EXPECT_EQ(a.bands[0], b.bands[0]);
    EXPECT_EQ(a.strong_beat_count, b.strong_beat_count);
  }
}

TEST(FrameContextIntensityTest, CalmerShrinksAndEnergeticGrowsTheBeatResponse) {
  const Analysis analysis = TenSeconds();
  const FrameContextBuilder calm(analysis, 30, 1, -1.0);
  const FrameContextBuilder plain(analysis, 30, 1);
  const FrameContextBuilder wild(analysis, 30, 1, 1.0);
  const auto pulse = [](const FrameContext& c) { return c.beat_pulse; };
  const auto gain = [](const FrameContext& c) { return c.beat_gain; };
  const auto energy = [](const FrameContext& c) { return c.energy; };
  const auto band = [](const FrameContext& c) { return c.bands[0]; };
  // Calmer: shorter rings, smaller hits, less energy and lower bands.
  EXPECT_LT(SumOverFrames(calm, pulse), 0.8 * SumOverFrames(plain, pulse));
  EXPECT_LT(SumOverFrames(calm, gain), SumOverFrames(plain, gain));
  EXPECT_LT(SumOverFrames(calm, energy), SumOverFrames(plain, energy));
  EXPECT_LT(SumOverFrames(calm, band), SumOverFrames(plain, band));
  // More energetic: harder hits, more energy, longer rings on the beats that
  // became strong; bands keep their shape.
  EXPECT_GT(SumOverFrames(wild, pulse), SumOverFrames(plain, pulse));
  EXPECT_GT(SumOverFrames(wild, gain), SumOverFrames(plain, gain));
  EXPECT_GT(SumOverFrames(wild, energy), SumOverFrames(plain, energy));
  EXPECT_EQ(SumOverFrames(wild, band), SumOverFrames(plain, band));
  EXPECT_FLOAT_EQ(calm.At(100).beat_gain, 0.35f);
  EXPECT_FLOAT_EQ(plain.At(100).beat_gain, 1.0f);
  EXPECT_FLOAT_EQ(wild.At(100).beat_gain, 1.6f);
  // The pulse still peaks at 1 on the beat frame and the timing does not move.
  const int64_t beat = plain.FrameNearest(analysis.beat_times_s[5]);
  for (const FrameContextBuilder* builder : {&calm, &plain, &wild}) {
    EXPECT_TRUE(builder->At(beat).on_beat);
    EXPECT_FLOAT_EQ(builder->At(beat).beat_pulse, 1.0f);
    EXPECT_LT(builder->At(beat + 1).beat_pulse, 1.0f);
  }
  // Colour steps: downbeats and accents normally, only downbeats when calm,
  // every beat of strength 0.4 when energetic.
  const int64_t last = plain.frame_count() - 1;
  EXPECT_EQ(calm.At(last).strong_beat_count, 5);
  EXPECT_EQ(plain.At(last).strong_beat_count, 10);
  EXPECT_EQ(wild.At(last).strong_beat_count, 20);
  // Energy stays in its range.
  for (int64_t f = 0; f < wild.frame_count(); ++f) ASSERT_LE(wild.At(f).energy, 1.0f);
}

TEST(FrameContextIntensityTest, OutOfRangeIsClamped) {
  const Analysis analysis = TenSeconds();
  const FrameContextBuilder over(analysis, 30, 1, 5.0), one(analysis, 30, 1, 1.0);
  EXPECT_EQ(over.At(40).beat_gain, one.At(40).beat_gain);
  EXPECT_EQ(over.At(40).energy, one.At(40).energy);
}

}  // namespace
}  // namespace beatframe
