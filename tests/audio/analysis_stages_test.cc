// The analysis stages on their own, with inputs whose answers are known in
// closed form: the FFT against a direct DFT, the filterbank's coverage, tempo
// and beats of an ideal impulse train, the refiner on a single click.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "engine/audio/beat_refiner.h"
#include "engine/audio/beat_tracker.h"
#include "engine/audio/downbeat_estimator.h"
#include "engine/audio/fft.h"
#include "engine/audio/log_filterbank.h"
#include "engine/audio/mono_downsampler.h"
#include "engine/audio/tempo_estimator.h"

namespace beatframe::audio_internal {
namespace {

std::vector<float> ImpulseTrain(int frames, double period_frames, double first_frame) {
  std::vector<float> onset(frames, 0.0f);
  for (double t = first_frame; t < frames; t += period_frames) onset[static_cast<int>(std::lround(t))] = 1.0f;
  return onset;
}

TEST(RealFftTest, MatchesDirectDft) {
  for (const int size : {16, 256, 1024}) {
    SCOPED_TRACE(size);
    std::vector<float> input(size);
    for (int i = 0; i < size; ++i) input[i] = static_cast<float>(std::sin(0.37 * i) + 0.5 * std::cos(1.9 * i * i / size));
    RealFft fft(size);
    std::vector<float> power(fft.bin_count());
    fft.PowerSpectrum(input.data(), power.data());
    for (int k = 0; k <= size / 2; ++k) {
      double re = 0.0, im = 0.0;
      for (int n = 0; n < size; ++n) {
        re += input[n] * std::cos(2.0 * std::numbers::pi * k * n / size);
        im -= input[n] * std::sin(2.0 * std::numbers::pi * k * n / size);
      }
      ASSERT_NEAR(power[k], re * re + im * im, 1e-3 * (1.0 + re * re + im * im)) << "bin " << k;
    }
  }
}

TEST(LogFilterbankTest, BandCountIsExactAndEdgesAscend) {
  const LogFilterbank bank = LogFilterbank::WithBandCount(2048, 44100, 16, 40.0, 16000.0);
  ASSERT_EQ(bank.band_count(), 16);
  for (int b = 1; b < bank.band_count(); ++b) EXPECT_GE(bank.band_low_hz(b), bank.band_low_hz(b - 1));
  EXPECT_NEAR(bank.band_low_hz(0), 40.0, 44100.0 / 2048);
}

TEST(LogFilterbankTest, PerOctaveBandsCoverEachBinOnce) {
  const LogFilterbank bank = LogFilterbank::PerOctave(1024, 22050, 12.0, 30.0, 11000.0);
  std::vector<float> power(513, 1.0f);
  std::vector<float> bands(bank.band_count());
  bank.Apply(power.data(), bands.data());
  double covered = 0.0;
  for (float b : bands) covered += b;
  // 30 Hz is bin 1; 0.95 * Nyquist is bin 486.
  EXPECT_NEAR(covered, 486 - 1, 1.0);
}

TEST(TempoEstimatorTest, FindsThePeriodOfAnImpulseTrain) {
  for (const double bpm : {70.0, 100.0, 128.0, 175.0}) {
    SCOPED_TRACE(bpm);
    const double period = 60.0 * 100.0 / bpm;
    const TempoEstimate estimate = EstimateTempo(ImpulseTrain(3000, period, 7.0), 100.0);
    EXPECT_NEAR(estimate.bpm, bpm, bpm * 0.01);
    EXPECT_GT(estimate.pulse_clarity, 0.5);
  }
}

TEST(TempoEstimatorTest, FlatEnvelopeHasNoTempo) {
  EXPECT_EQ(EstimateTempo(std::vector<float>(3000, 0.0f), 100.0).period_frames, 0.0);
  EXPECT_EQ(EstimateTempo(std::vector<float>(3000, 1.0f), 100.0).period_frames, 0.0);
}

TEST(BeatTrackerTest, BeatsLandOnTheImpulses) {
  const std::vector<float> onset = ImpulseTrain(2000, 50.0, 13.0);
  const std::vector<int> beats = TrackBeats(onset, 50.0);
  ASSERT_EQ(beats.size(), 40u);
  for (size_t i = 0; i < beats.size(); ++i) EXPECT_EQ(beats[i], 13 + 50 * static_cast<int>(i));
}

TEST(BeatTrackerTest, FlatEnvelopeHasNoBeats) {
  EXPECT_TRUE(TrackBeats(std::vector<float>(2000, 0.0f), 50.0).empty());
  EXPECT_TRUE(TrackBeats(std::vector<float>(2000, 1.0f), 0.0).empty());
}

TEST(BeatRefinerTest, MovesABeatOntoTheClick) {
  constexpr int kRate = 22050;
  std::vector<float> signal(kRate, 0.0f);
  const int click = 11111;
  for (int i = 0; i < 200; ++i) signal[click + i] = 0.5f * std::exp(-i / 40.0f) * ((i % 2) ? 1.0f : -1.0f);
  const std::vector<double> refined = RefineBeatTimes(signal, kRate, {click / double{kRate} - 0.015});
  ASSERT_EQ(refined.size(), 1u);
  EXPECT_NEAR(refined[0], click / double{kRate}, 0.0005);
}

TEST(BeatRefinerTest, LeavesBeatsWithoutAttackAlone) {
  const std::vector<float> silence(22050, 0.0f);
  EXPECT_EQ(RefineBeatTimes(silence, 22050, {0.5}), std::vector<double>{0.5});
}

TEST(DownbeatEstimatorTest, PicksThePhaseWithTheStrongestLowBand) {
  const std::vector<double> beats = {0, 1, 2, 3, 4, 5, 6, 7, 8};
  const std::vector<float> low = {0.1f, 0.9f, 0.1f, 0.2f, 0.1f, 1.0f, 0.1f, 0.2f, 0.1f};
  EXPECT_EQ(EstimateDownbeats(beats, low), (std::vector<double>{1, 5}));
}

TEST(MonoDownsamplerTest, MixesAndDecimatesToAbout22k) {
  AudioBuffer audio{48000, 2, std::vector<float>(48000 * 2, 0.25f)};
  const std::vector<float> mono = MixToMono(audio);
  ASSERT_EQ(mono.size(), 48000u);
  const DecimatedSignal decimated = DecimateForAnalysis(mono, 48000);
  EXPECT_EQ(decimated.rate_hz, 24000);
  ASSERT_EQ(decimated.samples.size(), 24000u);
  EXPECT_NEAR(decimated.samples[12000], 0.25f, 1e-4);  // unity gain at DC
  EXPECT_EQ(DecimateForAnalysis(mono, 22050).rate_hz, 22050);
  EXPECT_EQ(DecimateForAnalysis(mono, 44100).rate_hz, 22050);
  EXPECT_EQ(DecimateForAnalysis(mono, 96000).rate_hz, 24000);
}

}  // namespace
}  // namespace beatframe::audio_internal
