// The soundtrack's sample steps (engine/audio/audio_mixer.h) and the peak
// limiter (engine/audio/peak_limiter.h) on synthesized buffers.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/audio/audio_mixer.h"
#include "engine/audio/peak_limiter.h"
#include "gtest/gtest.h"
#include "tools/synth/synth.h"

namespace beatframe {
namespace {

constexpr int kRate = 48000;

double Rms(const AudioBuffer& audio, double from_s, double to_s) {
  const int64_t first = static_cast<int64_t>(from_s * audio.sample_rate_hz) * audio.channels;
  const int64_t last = std::min<int64_t>(static_cast<int64_t>(to_s * audio.sample_rate_hz) * audio.channels,
                                         static_cast<int64_t>(audio.samples.size()));
  double sum = 0.0;
  for (int64_t i = first; i < last; ++i) sum += audio.samples[i] * audio.samples[i];
  return last > first ? std::sqrt(sum / static_cast<double>(last - first)) : 0.0;
}

float Peak(const AudioBuffer& audio) {
  float peak = 0.0f;
  for (float s : audio.samples) peak = std::max(peak, std::abs(s));
  return peak;
}

// Largest change between neighbouring samples of channel 0: a click or a
// wrapped sample shows as a jump far above a smooth signal's.
float LargestStep(const AudioBuffer& audio) {
  float step = 0.0f;
  for (int64_t n = 1; n < audio.frame_count(); ++n) {
    step = std::max(step, std::abs(audio.samples[n * audio.channels] - audio.samples[(n - 1) * audio.channels]));
  }
  return step;
}

TEST(AudioMixerTest, GainScalesEverySample) {
  AudioBuffer audio = SynthesizeSine(440.0, 0.5, kRate, 2, 0.5f);
  const AudioBuffer original = audio;
  ApplyGain(0.25f, audio);
  for (size_t i = 0; i < audio.samples.size(); i += 997) EXPECT_FLOAT_EQ(audio.samples[i], 0.25f * original.samples[i]);
}

TEST(AudioMixerTest, ShortBedLoopsUnderTheWholeMainTrackWithoutAClick) {
  AudioBuffer main = SynthesizeSilence(3.0, kRate, 2);
  // 0.7 s of a tone that does not fit a whole number of cycles: a hard loop
  // would jump at every seam.
  const AudioBuffer bed = SynthesizeSine(441.3, 0.7, kRate, 2, 0.5f);
  ASSERT_TRUE(MixLooped(bed, 0.5f, main).ok());
  // Present at the same level near the start and in the last repeats.
  EXPECT_NEAR(Rms(main, 0.1, 0.6), 0.25 / std::sqrt(2.0), 0.01);
  EXPECT_NEAR(Rms(main, 2.4, 2.95), 0.25 / std::sqrt(2.0), 0.02);
  // One sample of a 441 Hz tone at amplitude 0.25 moves at most 2*pi*f/rate*0.25 = 0.0144.
  EXPECT_LT(LargestStep(main), 0.02f);
}

TEST(AudioMixerTest, LongBedIsCutAndAddsToTheMainTrack) {
  AudioBuffer main = SynthesizeSine(220.0, 1.0, kRate, 2, 0.4f);
  const AudioBuffer alone = main;
  const AudioBuffer bed = SynthesizeSine(3000.0, 5.0, kRate, 2, 0.5f);
  ASSERT_TRUE(MixLooped(bed, 0.3f, main).ok());
  ASSERT_EQ(main.frame_count(), alone.frame_count());
  for (int64_t i = 0; i < static_cast<int64_t>(main.samples.size()); i += 1013) {
    EXPECT_NEAR(main.samples[i], alone.samples[i] + 0.3f * bed.samples[i], 1e-6f);
  }
}

TEST(AudioMixerTest, MismatchedOrEmptyBedIsInvalidArgument) {
  AudioBuffer main = SynthesizeSilence(1.0, kRate, 2);
  EXPECT_EQ(MixLooped(SynthesizeSine(440.0, 1.0, 44100, 2), 0.3f, main).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MixLooped(SynthesizeSine(440.0, 1.0, kRate, 1), 0.3f, main).code(), absl::StatusCode::kInvalidArgument);
  AudioBuffer empty;
  empty.sample_rate_hz = kRate;
  empty.channels = 2;
  EXPECT_EQ(MixLooped(empty, 0.3f, main).code(), absl::StatusCode::kInvalidArgument);
}

TEST(AudioMixerTest, FadesRiseFromAndFallToSilence) {
  AudioBuffer audio = SynthesizeSine(440.0, 4.0, kRate, 2, 0.5f);
  ApplyFadeInOut(1.0, 1.5, audio);
  EXPECT_EQ(audio.samples.front(), 0.0f);
  EXPECT_NEAR(audio.samples.back(), 0.0f, 1e-6f);
  // In: quiet, then louder, then full; out: the mirror image.
  EXPECT_LT(Rms(audio, 0.0, 0.2), 0.05);
  EXPECT_LT(Rms(audio, 0.0, 0.2), Rms(audio, 0.4, 0.6));
  EXPECT_LT(Rms(audio, 0.4, 0.6), Rms(audio, 1.2, 2.4));
  EXPECT_NEAR(Rms(audio, 1.2, 2.4), 0.5 / std::sqrt(2.0), 0.005);
  EXPECT_GT(Rms(audio, 2.7, 3.0), Rms(audio, 3.3, 3.6));
  EXPECT_LT(Rms(audio, 3.8, 4.0), 0.05);
}

TEST(AudioMixerTest, ZeroFadesChangeNothing) {
  AudioBuffer audio = SynthesizeSine(440.0, 0.5, kRate, 2, 0.5f);
  const AudioBuffer original = audio;
  ApplyFadeInOut(0.0, 0.0, audio);
  EXPECT_EQ(audio.samples, original.samples);
}

TEST(PeakLimiterTest, AudioUnderTheCeilingPassesUntouched) {
  AudioBuffer audio = SynthesizeSine(440.0, 1.0, kRate, 2, 0.9f);
  const AudioBuffer original = audio;
  EXPECT_EQ(LimitPeaks(audio), 0);
  EXPECT_EQ(audio.samples, original.samples);
}

TEST(PeakLimiterTest, LoudPassageIsTurnedDownSmoothlyAndRecovers) {
  // 1 s at 0.5, 1 s at 1.6 (over full scale), 1 s at 0.5 again.
  AudioBuffer audio = SynthesizeSine(200.0, 3.0, kRate, 2, 0.5f);
  for (int64_t n = kRate; n < 2 * kRate; ++n) {
    for (int c = 0; c < 2; ++c) audio.samples[n * 2 + c] *= 3.2f;
  }
  const AudioBuffer original = audio;
  const PeakLimiterOptions options;
  EXPECT_GT(LimitPeaks(audio, options), 0);
  EXPECT_LE(Peak(audio), options.ceiling);
  // Turned down, not squared off or wrapped: every sample keeps its sign and
  // the loud second is still a sine scaled near the ceiling.
  for (size_t i = 0; i < audio.samples.size(); ++i) {
    ASSERT_GE(audio.samples[i] * original.samples[i], 0.0f) << i;
  }
  EXPECT_NEAR(Rms(audio, 1.2, 1.8), options.ceiling / std::sqrt(2.0), 0.02);
  // Untouched well before the burst; back to full level a second after it.
  EXPECT_NEAR(Rms(audio, 0.2, 0.9), Rms(original, 0.2, 0.9), 1e-6);
  EXPECT_NEAR(Rms(audio, 2.7, 3.0), Rms(original, 2.7, 3.0), 0.01);
  // 200 Hz at 0.977 moves at most 0.026 per sample: the gain changes add no click.
  EXPECT_LT(LargestStep(audio), 0.03f);
}

}  // namespace
}  // namespace beatframe
