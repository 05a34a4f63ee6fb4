// The analysis stages on their own, with inputs whose answers are known in
// closed form: the FFT against a direct DFT, the filterbank's coverage, tempo
// and beats of an ideal impulse train, the refiner on a single click.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "engine/audio/beat_refiner.h"
#include "engine/audio/beat_tracker.h"
#include "engine/audio/meter_tracker.h"
#include "engine/audio/fft.h"
#include "engine/audio/log_filterbank.h"
#include "engine/audio/mono_downsampler.h"
#include "engine/audio/sample_history.h"
#include "engine/audio/swing_corrector.h"
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

// A loud 3-3-4-3-3 sixteenth-note figure (metal riffs, tresillo-based
// grooves) over soft eighth-note hats: the figure's dotted-eighth spacing
// correlates better than the beat, but only the beat's multiples line up
// with the bar.
TEST(TempoEstimatorTest, ThreeThreeTwoFigureKeepsTheBeat) {
  constexpr double kBpm = 100.0;
  const double sixteenth = 60.0 * 100.0 / kBpm / 4.0;  // frames at 100 Hz
  std::vector<float> onset(4000, 0.0f);
  for (int bar = 0; (bar + 1) * 16 * sixteenth < onset.size(); ++bar) {
    for (int step = 0; step < 16; step += 2) onset[static_cast<int>(std::lround((bar * 16 + step) * sixteenth))] = 0.3f;
    for (const int step : {0, 3, 6, 10, 13}) {
      onset[static_cast<int>(std::lround((bar * 16 + step) * sixteenth))] = step == 0 ? 1.5f : 1.0f;
    }
  }
  EXPECT_NEAR(EstimateTempo(onset, 100.0).bpm, kBpm, 1.0);
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

// Onsets on every beat (soft) and on the swung eighth at 2/3 of it (loud).
std::vector<float> SwingEnvelope(int frames, double period, double first) {
  std::vector<float> onset(frames, 0.0f);
  for (double t = first; t + period < frames; t += period) {
    onset[static_cast<int>(std::lround(t))] = 0.3f;
    onset[static_cast<int>(std::lround(t + 2.0 * period / 3.0))] = 1.0f;
  }
  return onset;
}

TEST(SwingCorrectorTest, MovesBeatsOffTheSwungEighth) {
  const std::vector<float> onset = SwingEnvelope(3000, 60.0, 10.0);
  std::vector<double> on_swung;
  for (double t = 50.0; t < 2900.0; t += 60.0) on_swung.push_back(t / 100.0);
  const std::vector<double> corrected = CorrectSwing(onset, 100.0, on_swung);
  ASSERT_EQ(corrected.size(), on_swung.size());
  for (size_t i = 0; i < corrected.size(); ++i) EXPECT_NEAR(corrected[i], on_swung[i] + 0.2, 0.015) << i;
}

TEST(SwingCorrectorTest, LeavesBeatsOnTheBeatAndStraightEighthsAlone) {
  std::vector<double> on_beat;
  for (double t = 10.0; t < 2900.0; t += 60.0) on_beat.push_back(t / 100.0);
  EXPECT_EQ(CorrectSwing(SwingEnvelope(3000, 60.0, 10.0), 100.0, on_beat), on_beat);
  std::vector<float> straight(3000, 0.0f);
  for (int t = 10; t + 30 < 3000; t += 60) {
    straight[t] = 1.0f;
    straight[t + 30] = 0.6f;
  }
  EXPECT_EQ(CorrectSwing(straight, 100.0, on_beat), on_beat);
}

TEST(BeatRefinerTest, MovesABeatOntoTheClick) {
  constexpr int kRate = 22050;
  std::vector<float> signal(kRate, 0.0f);
  const int click = 11111;
  for (int i = 0; i < 200; ++i) signal[click + i] = 0.5f * std::exp(-i / 40.0f) * ((i % 2) ? 1.0f : -1.0f);
  const std::vector<double> refined =
      RefineBeatTimes(ComputeAttackEnvelope(signal, kRate), {click / double{kRate} - 0.015});
  ASSERT_EQ(refined.size(), 1u);
  EXPECT_NEAR(refined[0], click / double{kRate}, 0.0005);
}

TEST(BeatRefinerTest, LeavesBeatsWithoutAttackAlone) {
  const std::vector<float> silence(22050, 0.0f);
  EXPECT_EQ(RefineBeatTimes(ComputeAttackEnvelope(silence, 22050), {0.5}), std::vector<double>{0.5});
}

// Evidence that peaks every `period` beats from `phase`, with a little
// deterministic ripple so it is not a perfect pattern.
std::vector<double> PeriodicEvidence(int beats, int period, int phase) {
  std::vector<double> evidence(beats);
  for (int i = 0; i < beats; ++i) evidence[i] = (i % period == phase ? 1.5 : -0.5) + 0.2 * std::sin(1.7 * i);
  return evidence;
}

TEST(MeterTrackerTest, DecodesFourFourAndItsPhase) {
  const BarPath path = DecodeBars(PeriodicEvidence(40, 4, 1));
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(path.beats_per_bar[i], 4) << i;
    EXPECT_EQ(path.position[i], (i + 3) % 4) << i;
  }
}

TEST(MeterTrackerTest, DecodesThreeFour) {
  const BarPath path = DecodeBars(PeriodicEvidence(42, 3, 0));
  for (int i = 0; i < 42; ++i) {
    EXPECT_EQ(path.beats_per_bar[i], 3) << i;
    EXPECT_EQ(path.position[i], i % 3) << i;
  }
}

TEST(MeterTrackerTest, FlatEvidenceStaysInFourFour) {
  const BarPath path = DecodeBars(std::vector<double>(24, 0.0));
  for (int meter : path.beats_per_bar) EXPECT_EQ(meter, 4);
  EXPECT_TRUE(DecodeBars({}).position.empty());
}

TEST(MonoDownsamplerTest, BlockSizesDoNotChangeTheOutput) {
  std::vector<float> signal(100000);
  for (size_t i = 0; i < signal.size(); ++i) signal[i] = static_cast<float>(std::sin(0.01 * i) + 0.3 * std::sin(1.3 * i));
  for (const int rate_hz : {44100, 48000, 96000}) {
    const DecimatedSignal whole = DecimateForAnalysis(signal, rate_hz);
    Decimator decimator(rate_hz);
    std::vector<float> pieces;
    size_t done = 0;
    for (size_t size = 1; done < signal.size(); size = size * 5 % 7919 + 1) {
      const size_t count = std::min(size, signal.size() - done);
      decimator.Push(signal.data() + done, static_cast<int64_t>(count), pieces);
      done += count;
    }
    decimator.Finish(pieces);
    EXPECT_EQ(pieces, whole.samples) << rate_hz;
  }
}

TEST(SampleHistoryTest, ReadsZerosOutsideWhatItHolds) {
  SampleHistory history;
  const std::vector<float> data = {1, 2, 3, 4, 5, 6};
  history.Append(data.data(), 6);
  std::vector<float> out(10);
  history.Read(-2, 10, out.data());
  EXPECT_EQ(out, (std::vector<float>{0, 0, 1, 2, 3, 4, 5, 6, 0, 0}));
  history.DiscardBefore(4);
  EXPECT_EQ(history.At(5), 6.0f);
  EXPECT_EQ(history.end(), 6);
  history.Read(4, 3, out.data());
  EXPECT_EQ(out[0], 5.0f);
  EXPECT_EQ(out[2], 0.0f);
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
