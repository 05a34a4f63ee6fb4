// Integrated loudness against ITU-R BS.1770-4 and the EBU Tech 3341
// compliance cases, with signals made here: the K-weighting filters against
// the standard's 48 kHz coefficient table, sines at known levels, the
// gates, and silence.
#include "engine/audio/loudness_meter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

#include "engine/audio/analysis.h"
#include "tools/synth/synth.h"

namespace beatframe::audio_internal {
namespace {

// BS.1770-4, Tables 1 and 2: the K-weighting stages at 48 kHz.
constexpr Biquad kTableShelf = {1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241,
                                0.73248077421585};
constexpr Biquad kTableHighPass = {1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621};

// |H(f)|^2 of a biquad at `rate_hz`.
double PowerGain(const Biquad& f, double hz, double rate_hz) {
  const std::complex<double> z1 = std::polar(1.0, -2.0 * std::numbers::pi * hz / rate_hz);
  const std::complex<double> z2 = z1 * z1;
  return std::norm((f.b0 + f.b1 * z1 + f.b2 * z2) / (1.0 + f.a1 * z1 + f.a2 * z2));
}

// The loudness BS.1770 defines for a steady sine of peak `amplitude` in
// `channels` channels, computed from the standard's own 48 kHz table (not
// from the code under test): -0.691 + 10 log10(sum over channels of the
// K-weighted mean square).
double ExpectedSineLufs(double amplitude, double hz, int channels) {
  const double gain = PowerGain(kTableShelf, hz, 48000.0) * PowerGain(kTableHighPass, hz, 48000.0);
  return -0.691 + 10.0 * std::log10(channels * 0.5 * amplitude * amplitude * gain);
}

double DbfsToAmplitude(double dbfs) { return std::pow(10.0, dbfs / 20.0); }

double Measure(const AudioBuffer& audio) {
  LoudnessMeter meter(audio.sample_rate_hz, audio.channels);
  meter.Process(audio.samples.data(), audio.frame_count());
  return meter.Integrated();
}

// Stereo (both channels alike) 1 kHz tone: `segments` of (seconds, dBFS).
AudioBuffer ToneSequence(const std::vector<std::pair<double, double>>& segments, int rate_hz) {
  AudioBuffer audio;
  audio.sample_rate_hz = rate_hz;
  audio.channels = 2;
  int64_t i = 0;
  for (const auto& [seconds, dbfs] : segments) {
    const float amplitude = static_cast<float>(DbfsToAmplitude(dbfs));
    for (int64_t end = i + static_cast<int64_t>(seconds * rate_hz); i < end; ++i) {
      const float v = amplitude * static_cast<float>(std::sin(2.0 * std::numbers::pi * 1000.0 * i / rate_hz));
      audio.samples.push_back(v);
      audio.samples.push_back(v);
    }
  }
  return audio;
}

TEST(KWeightingTest, MatchesTheStandardTableAt48k) {
  const std::array<Biquad, 2> filters = KWeightingFilters(48000);
  const Biquad* table[] = {&kTableShelf, &kTableHighPass};
  for (int s = 0; s < 2; ++s) {
    EXPECT_NEAR(filters[s].b0, table[s]->b0, 1e-8) << s;
    EXPECT_NEAR(filters[s].b1, table[s]->b1, 1e-8) << s;
    EXPECT_NEAR(filters[s].b2, table[s]->b2, 1e-8) << s;
    EXPECT_NEAR(filters[s].a1, table[s]->a1, 1e-8) << s;
    EXPECT_NEAR(filters[s].a2, table[s]->a2, 1e-8) << s;
  }
}

TEST(KWeightingTest, OtherRatesHaveTheSameResponse) {
  const std::array<Biquad, 2> at44 = KWeightingFilters(44100);
  for (const double hz : {30.0, 100.0, 1000.0, 4000.0, 10000.0}) {
    const double reference = PowerGain(kTableShelf, hz, 48000) * PowerGain(kTableHighPass, hz, 48000);
    const double actual = PowerGain(at44[0], hz, 44100) * PowerGain(at44[1], hz, 44100);
    EXPECT_NEAR(10.0 * std::log10(actual), 10.0 * std::log10(reference), 0.05) << hz << " Hz";
  }
}

// The brief's case: a 1 kHz sine at -20 dBFS (peak 0.1) in both channels.
// BS.1770 reads a full-scale 1 kHz sine in ONE channel as -3.01 LKFS, so in
// two channels it reads 0 and at -20 dBFS, -20.0 LUFS (not -23: that is the
// one-channel or -23 dBFS figure). The expectation is computed exactly from
// the standard's table.
TEST(LoudnessMeterTest, StereoSineAtMinus20Dbfs) {
  const double expected = ExpectedSineLufs(0.1, 1000.0, 2);
  EXPECT_NEAR(expected, -20.0, 0.01);
  EXPECT_NEAR(Measure(ToneSequence({{20.0, -20.0}}, 48000)), expected, 0.2);
  EXPECT_NEAR(Measure(ToneSequence({{20.0, -20.0}}, 44100)), expected, 0.2);
}

TEST(LoudnessMeterTest, MonoSineReadsThreeDbLower) {
  const AudioBuffer mono = SynthesizeSine(1000.0, 20.0, 48000, 1, 0.1f);
  EXPECT_NEAR(Measure(mono), ExpectedSineLufs(0.1, 1000.0, 1), 0.2);
  EXPECT_NEAR(Measure(mono), -23.01, 0.2);
}

// EBU Tech 3341, cases 1, 3 and 4 (the gates): each reads -23.0 +/- 0.1.
TEST(LoudnessMeterTest, EbuTech3341GatingCases) {
  EXPECT_NEAR(Measure(ToneSequence({{20.0, -23.0}}, 48000)), -23.0, 0.1);
  EXPECT_NEAR(Measure(ToneSequence({{10.0, -36.0}, {60.0, -23.0}, {10.0, -36.0}}, 48000)), -23.0, 0.1);
  EXPECT_NEAR(Measure(ToneSequence({{10.0, -72.0}, {10.0, -36.0}, {60.0, -23.0}, {10.0, -36.0}, {10.0, -72.0}},
                                   48000)),
              -23.0, 0.1);
}

TEST(LoudnessMeterTest, SilenceAndTooShortReadTheFloor) {
  EXPECT_EQ(Measure(SynthesizeSilence(5.0, 44100, 2)), kLoudnessFloorLufs);
  EXPECT_EQ(Measure(ToneSequence({{0.3, -20.0}}, 48000)), kLoudnessFloorLufs);  // shorter than one block
}

TEST(LoudnessMeterTest, BlockSizesDoNotChangeTheResult) {
  const AudioBuffer audio = ToneSequence({{3.0, -30.0}, {4.0, -18.0}}, 44100);
  LoudnessMeter meter(44100, 2);
  int64_t done = 0;
  for (int64_t step = 1; done < audio.frame_count(); step = step * 3 % 10007 + 1) {
    const int64_t count = std::min(step, audio.frame_count() - done);
    meter.Process(audio.samples.data() + done * 2, count);
    done += count;
  }
  EXPECT_EQ(meter.Integrated(), Measure(audio));
}

TEST(LoudnessMeterTest, AnalysisReportsIt) {
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(ToneSequence({{10.0, -20.0}}, 44100));
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  EXPECT_NEAR(analysis->loudness_lufs, -20.0, 0.2);
}

}  // namespace
}  // namespace beatframe::audio_internal
