#include "engine/timeline/frame_context.h"

#include <gtest/gtest.h>

#include <cmath>

namespace beatframe {
namespace {

// Beats at hand-picked times (some between frames), 4 features per beat.
Analysis HandMade() {
  Analysis analysis;
  analysis.duration_s = 4.0;
  analysis.tempo_bpm = 120.0;
  // 0.51 s lands on frame 15 (15.3 -> 15); 1.018 s on frame 31 (30.54 -> 31),
  // i.e. the frame *before* the beat time for the first and after for the second.
  analysis.beat_times_s = {0.51, 1.018, 1.5, 2.0, 2.5};
  analysis.beat_strengths = {0.9f, 0.3f, 0.8f, 0.2f, 0.4f};
  analysis.downbeat_times_s = {0.51, 2.51};
  analysis.feature_rate_hz = 30.0;
  analysis.band_count = 2;
  for (int f = 0; f < 120; ++f) {
    analysis.energy.push_back(f / 120.0f);
    analysis.bands.push_back(f / 120.0f);
    analysis.bands.push_back(1.0f - f / 120.0f);
  }
  return analysis;
}

TEST(FrameContextTest, FrameCountAndTimes) {
  const Analysis analysis = HandMade();
  FrameContextBuilder builder(analysis, 30, 1);
  EXPECT_EQ(builder.frame_count(), 120);
  EXPECT_DOUBLE_EQ(builder.At(45).time_s, 1.5);
  EXPECT_DOUBLE_EQ(builder.At(45).duration_s, 4.0);
  Analysis three_minutes;
  three_minutes.duration_s = 180.0;
  EXPECT_EQ(FrameContextBuilder(three_minutes, 30, 1).frame_count(), 5400);
  EXPECT_EQ(FrameContextBuilder(three_minutes, 30000, 1001).frame_count(), 5395);
}

TEST(FrameContextTest, PulseIsOneOnTheFrameNearestTheBeat) {
  const Analysis analysis = HandMade();
  FrameContextBuilder builder(analysis, 30, 1);
  // 0.51 s * 30 = 15.3: frame 15 is nearest even though it comes before the beat.
  EXPECT_EQ(builder.FrameNearest(0.51), 15);
  const FrameContext on = builder.At(15);
  EXPECT_TRUE(on.on_beat);
  EXPECT_FLOAT_EQ(on.beat_pulse, 1.0f);
  EXPECT_EQ(on.beat_index, 0);
  EXPECT_DOUBLE_EQ(on.beat_phase, 0.0);
  EXPECT_FALSE(builder.At(16).on_beat);
  EXPECT_LT(builder.At(16).beat_pulse, 1.0f);
  // 1.018 s * 30 = 30.54: frame 31, not 30.
  EXPECT_EQ(builder.FrameNearest(1.018), 31);
  EXPECT_FLOAT_EQ(builder.At(31).beat_pulse, 1.0f);
  EXPECT_TRUE(builder.At(31).on_beat);
  EXPECT_FALSE(builder.At(30).on_beat);
  EXPECT_EQ(builder.At(30).beat_index, 0);
  EXPECT_EQ(builder.At(31).beat_index, 1);
}

TEST(FrameContextTest, PulseDecaysExponentiallyAfterTheBeat) {
  const Analysis analysis = HandMade();
  FrameContextBuilder builder(analysis, 30, 1);
  // Beat 1 (frame 31) is weak: ~200 ms time constant.
  float previous = builder.At(31).beat_pulse;
  for (int f = 32; f < 45; ++f) {
    const float pulse = builder.At(f).beat_pulse;
    EXPECT_LT(pulse, previous) << f;
    EXPECT_GT(pulse, 0.0f);
    previous = pulse;
  }
  EXPECT_NEAR(builder.At(37).beat_pulse, std::exp(-0.2 / 0.2), 1e-5);
  EXPECT_NEAR(builder.At(37).since_beat_s, 0.2, 1e-9);
  // Strong beats (downbeat at 0.51, strength 0.8 at 1.5) ring longer.
  EXPECT_TRUE(builder.At(15).strong_beat);
  EXPECT_FALSE(builder.At(31).strong_beat);
  EXPECT_TRUE(builder.At(45).strong_beat);
  EXPECT_GT(builder.At(15 + 6).beat_pulse, builder.At(31 + 6).beat_pulse);
}

TEST(FrameContextTest, BeforeTheFirstBeat) {
  const Analysis analysis = HandMade();
  FrameContextBuilder builder(analysis, 30, 1);
  const FrameContext first = builder.At(0);
  EXPECT_EQ(first.beat_index, -1);
  EXPECT_FLOAT_EQ(first.beat_pulse, 0.0f);
  EXPECT_FALSE(first.on_beat);
  EXPECT_FALSE(first.strong_beat);
  EXPECT_EQ(first.strong_beat_count, 0);
  EXPECT_GE(first.beat_phase, 0.0);
  EXPECT_LT(first.beat_phase, 1.0);
  // The phase keeps running into the first beat (0.5 s period, 15 frames).
  EXPECT_NEAR(builder.At(14).beat_phase, 1.0 - 1.0 / 15.0, 1e-9);
}

TEST(FrameContextTest, BeatIndexPhaseAndStrongCount) {
  const Analysis analysis = HandMade();
  FrameContextBuilder builder(analysis, 30, 1);
  // Beat 2 lands on frame 45, beat 3 on frame 60: frame 50 is a third of the way.
  const FrameContext mid = builder.At(50);
  EXPECT_EQ(mid.beat_index, 2);
  EXPECT_NEAR(mid.beat_phase, 5.0 / 15.0, 1e-9);
  EXPECT_FLOAT_EQ(mid.beat_strength, 0.8f);
  EXPECT_EQ(mid.strong_beat_count, 2);
  EXPECT_EQ(builder.At(60).strong_beat_count, 2);  // beat 3 is weak
  EXPECT_EQ(builder.At(75).strong_beat_count, 3);  // beat 4: downbeat at 2.51 within tolerance
  EXPECT_TRUE(builder.At(75).strong_beat);
  // After the last beat the phase uses the tempo period and stays below 1.
  EXPECT_EQ(builder.At(110).beat_index, 4);
  EXPECT_LT(builder.At(110).beat_phase, 1.0);
}

TEST(FrameContextTest, FrameNearestClampsToTheVideo) {
  const Analysis analysis = HandMade();
  FrameContextBuilder builder(analysis, 30, 1);
  EXPECT_EQ(builder.FrameNearest(-1.0), 0);
  EXPECT_EQ(builder.FrameNearest(0.0166), 0);
  EXPECT_EQ(builder.FrameNearest(0.0167), 1);
  EXPECT_EQ(builder.FrameNearest(99.0), 119);
}

TEST(FrameContextTest, EnergyAndBandsFollowTheFeatureFrames) {
  const Analysis analysis = HandMade();
  FrameContextBuilder builder(analysis, 30, 1);
  const FrameContext c = builder.At(60);
  EXPECT_FLOAT_EQ(c.energy, 0.5f);
  ASSERT_EQ(c.band_count, 2);
  ASSERT_NE(c.bands, nullptr);
  EXPECT_FLOAT_EQ(c.bands[0], 0.5f);
  EXPECT_FLOAT_EQ(c.bands[1], 0.5f);
}

TEST(FrameContextTest, FeatureRateDifferentFromFrameRateIsInterpolated) {
  Analysis analysis = HandMade();
  analysis.feature_rate_hz = 15.0;  // half the video rate
  FrameContextBuilder builder(analysis, 30, 1);
  // Video frame 61 is feature position 30.5: halfway between features 30 and 31.
  const FrameContext c = builder.At(61);
  EXPECT_NEAR(c.energy, 30.5f / 120.0f, 1e-6);
  EXPECT_NEAR(c.bands[1], 1.0f - 30.5f / 120.0f, 1e-6);
  // Past the last feature frame the last one holds.
  analysis.energy.resize(10);
  analysis.bands.resize(20);
  FrameContextBuilder short_features(analysis, 30, 1);
  EXPECT_FLOAT_EQ(short_features.At(100).energy, 9.0f / 120.0f);
}

TEST(FrameContextTest, NoFeaturesGiveZeroEnergyAndNoBands) {
  Analysis analysis;
  analysis.duration_s = 2.0;
  FrameContextBuilder builder(analysis, 30, 1);
  const FrameContext c = builder.At(10);
  EXPECT_EQ(c.beat_index, -1);
  EXPECT_FLOAT_EQ(c.energy, 0.0f);
  EXPECT_EQ(c.band_count, 0);
  EXPECT_EQ(c.bands, nullptr);
}

}  // namespace
}  // namespace beatframe
