// AnalyzeAudio's contract beyond beat accuracy: silence and pulse-free
// signals, determinism, the shape and range of every curve, and the band
// and energy features reacting to what a person would hear.
#include "engine/audio/analysis.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tools/synth/synth.h"

namespace beatframe {
namespace {

// Mean of band `band` over all feature frames.
double MeanBand(const Analysis& analysis, int band) {
  double sum = 0.0;
  for (int i = 0; i < analysis.feature_frame_count(); ++i) sum += analysis.bands_at(i)[band];
  return sum / analysis.feature_frame_count();
}

TEST(AnalysisTest, SilenceHasNoBeatsAndNoError) {
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(SynthesizeSilence(10.0, 44100, 2));
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  EXPECT_EQ(analysis->tempo_bpm, 0.0);
  EXPECT_TRUE(analysis->beat_times_s.empty());
  EXPECT_TRUE(analysis->downbeat_times_s.empty());
  EXPECT_EQ(analysis->time_signature, 0);
  EXPECT_EQ(analysis->loudness_lufs, -70.0);
  ASSERT_EQ(analysis->sections.size(), 1u);
  EXPECT_EQ(analysis->sections[0].label, "silence");
  for (float e : analysis->energy) ASSERT_EQ(e, 0.0f);
  for (float b : analysis->bands) ASSERT_EQ(b, 0.0f);
}

TEST(AnalysisTest, SineSweepHasNoBeats) {
  for (const double seconds : {5.0, 20.0, 60.0}) {
    const absl::StatusOr<Analysis> analysis = AnalyzeAudio(SynthesizeSweep(50.0, 10000.0, seconds, 44100, 2));
    ASSERT_TRUE(analysis.ok());
    EXPECT_TRUE(analysis->beat_times_s.empty()) << seconds << " s: " << analysis->beat_times_s.size() << " beats";
    EXPECT_EQ(analysis->tempo_bpm, 0.0);
  }
}

TEST(AnalysisTest, NoiseHasNoBeats) {
  AudioBuffer noise = SynthesizeSilence(15.0, 44100, 1);
  uint64_t state = 12345;
  for (float& v : noise.samples) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    v = 0.3f * (static_cast<float>(state >> 40) / static_cast<float>(1 << 24) - 0.5f);
  }
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(noise);
  ASSERT_TRUE(analysis.ok());
  EXPECT_LE(analysis->beat_times_s.size(), 2u);
}

TEST(AnalysisTest, SteadySineHasNoBeats) {
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(SynthesizeSine(440.0, 10.0, 44100, 1));
  ASSERT_TRUE(analysis.ok());
  EXPECT_LE(analysis->beat_times_s.size(), 1u);
}

TEST(AnalysisTest, RepeatedRunsGiveIdenticalResults) {
  SynthOptions options;
  options.duration_s = 15.0;
  options.bpm = 137.0;
  const AudioBuffer audio = SynthesizeBeatTrack(options).audio;
  const absl::StatusOr<Analysis> first = AnalyzeAudio(audio);
  ASSERT_TRUE(first.ok());
  for (int run = 0; run < 3; ++run) {
    const absl::StatusOr<Analysis> again = AnalyzeAudio(audio);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(first->tempo_bpm, again->tempo_bpm);
    EXPECT_EQ(first->beat_times_s, again->beat_times_s);
    EXPECT_EQ(first->beat_strengths, again->beat_strengths);
    EXPECT_EQ(first->downbeat_times_s, again->downbeat_times_s);
    EXPECT_EQ(first->time_signature, again->time_signature);
    EXPECT_EQ(first->loudness_lufs, again->loudness_lufs);
    ASSERT_EQ(first->sections.size(), again->sections.size());
    for (size_t i = 0; i < first->sections.size(); ++i) {
      EXPECT_EQ(first->sections[i].start_s, again->sections[i].start_s);
      EXPECT_EQ(first->sections[i].label, again->sections[i].label);
    }
    EXPECT_EQ(first->onset_envelope, again->onset_envelope);
    EXPECT_EQ(first->energy, again->energy);
    EXPECT_EQ(first->bands, again->bands);
  }
}

TEST(AnalysisTest, CurvesHaveTheDocumentedShapeAndRange) {
  SynthOptions options;
  options.duration_s = 10.01;
  const AudioBuffer audio = SynthesizeBeatTrack(options).audio;
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(audio, {.feature_rate_hz = 25.0, .band_count = 12});
  ASSERT_TRUE(analysis.ok());
  EXPECT_DOUBLE_EQ(analysis->duration_s, audio.duration_s());
  EXPECT_EQ(analysis->feature_rate_hz, 25.0);
  EXPECT_EQ(analysis->band_count, 12);
  EXPECT_EQ(analysis->feature_frame_count(), 251);  // frames starting before 10.01 s
  EXPECT_EQ(analysis->bands.size(), 251u * 12u);
  EXPECT_NEAR(analysis->onset_rate_hz, 100.0, 0.5);
  EXPECT_NEAR(analysis->onset_envelope.size() / analysis->onset_rate_hz, audio.duration_s(), 0.02);
  for (float v : analysis->energy) ASSERT_TRUE(v >= 0.0f && v <= 1.0f);
  for (float v : analysis->bands) ASSERT_TRUE(v >= 0.0f && v <= 1.0f);
  ASSERT_EQ(analysis->beat_strengths.size(), analysis->beat_times_s.size());
  float strongest = 0.0f;
  for (float s : analysis->beat_strengths) {
    ASSERT_TRUE(s >= 0.0f && s <= 1.0f);
    strongest = std::max(strongest, s);
  }
  EXPECT_EQ(strongest, 1.0f);
  for (size_t i = 1; i < analysis->beat_times_s.size(); ++i) {
    ASSERT_GT(analysis->beat_times_s[i], analysis->beat_times_s[i - 1]);
  }
}

TEST(AnalysisTest, LowAndHighSinesLightUpDifferentBands) {
  const absl::StatusOr<Analysis> low = AnalyzeAudio(SynthesizeSine(60.0, 3.0, 44100, 2));
  const absl::StatusOr<Analysis> high = AnalyzeAudio(SynthesizeSine(9000.0, 3.0, 44100, 2));
  ASSERT_TRUE(low.ok() && high.ok());
  const int bands = low->band_count;
  ASSERT_EQ(bands, 8);
  // The lowest band holds the 60 Hz tone; the window's main lobe may leak
  // into its neighbour, but the upper half of the spectrum stays dark.
  EXPECT_GT(MeanBand(*low, 0), 0.8);
  for (int b = bands / 2; b < bands; ++b) EXPECT_LT(MeanBand(*low, b), 0.1) << "band " << b;
  EXPECT_GT(MeanBand(*high, bands - 1), 0.8);
  for (int b = 0; b < bands / 2; ++b) EXPECT_LT(MeanBand(*high, b), 0.1) << "band " << b;
}

TEST(AnalysisTest, EnergyFollowsLoudness) {
  // 3 s at -6 dBFS, then 3 s 24 dB quieter.
  AudioBuffer audio = SynthesizeSine(440.0, 6.0, 44100, 1, 0.5f);
  for (size_t i = audio.samples.size() / 2; i < audio.samples.size(); ++i) audio.samples[i] *= 0.063f;
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(audio, {.feature_rate_hz = 30.0});
  ASSERT_TRUE(analysis.ok());
  EXPECT_GT(analysis->energy[45], 0.9f);   // 1.5 s
  EXPECT_LT(analysis->energy[135], 0.4f);  // 4.5 s
  EXPECT_GT(analysis->energy[135], 0.0f);  // quieter, not silent
}

TEST(AnalysisTest, EnergyPulsesOnDrumHits) {
  SynthOptions options;
  options.style = SynthStyle::kClicks;
  options.bpm = 60.0;
  options.duration_s = 6.0;
  options.first_beat_s = 1.0;
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(SynthesizeBeatTrack(options).audio);
  ASSERT_TRUE(analysis.ok());
  // A click at 2.0 s (frame 60 at 30 fps); half a second later it has decayed.
  EXPECT_GT(analysis->energy[60], analysis->energy[75] + 0.3f);
}

TEST(AnalysisTest, RejectsEmptyOrMalformedInput) {
  EXPECT_EQ(AnalyzeAudio(AudioBuffer{}).status().code(), absl::StatusCode::kInvalidArgument);
  AudioBuffer no_rate = SynthesizeSine(440.0, 1.0, 44100, 1);
  no_rate.sample_rate_hz = 0;
  EXPECT_EQ(AnalyzeAudio(no_rate).status().code(), absl::StatusCode::kInvalidArgument);
  AudioBuffer ragged = SynthesizeSine(440.0, 1.0, 44100, 2);
  ragged.samples.pop_back();
  EXPECT_EQ(AnalyzeAudio(ragged).status().code(), absl::StatusCode::kInvalidArgument);
  const AudioBuffer fine = SynthesizeSine(440.0, 1.0, 44100, 1);
  EXPECT_EQ(AnalyzeAudio(fine, {.feature_rate_hz = 0.0}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AnalyzeAudio(fine, {.band_count = 0}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(AnalysisTest, VeryShortClipsAnalyseWithoutBeats) {
  const absl::StatusOr<Analysis> analysis = AnalyzeAudio(SynthesizeSine(440.0, 0.01, 8000, 1));
  ASSERT_TRUE(analysis.ok()) << analysis.status();
  EXPECT_EQ(analysis->feature_frame_count(), 1);
  EXPECT_TRUE(analysis->beat_times_s.empty());
  EXPECT_EQ(analysis->loudness_lufs, -70.0);  // shorter than one 400 ms gating block
}

TEST(AnalysisTest, ManyChannelsAndOddRates) {
  for (const auto& [rate_hz, channels] : {std::pair{8000, 1}, {11025, 6}, {32000, 2}, {192000, 2}}) {
    SCOPED_TRACE(rate_hz);
    SynthOptions options;
    options.duration_s = 12.0;
    options.sample_rate_hz = rate_hz;
    options.channels = channels;
    options.bpm = 110.0;
    const absl::StatusOr<Analysis> analysis = AnalyzeAudio(SynthesizeBeatTrack(options).audio);
    ASSERT_TRUE(analysis.ok()) << analysis.status();
    EXPECT_NEAR(analysis->tempo_bpm, 110.0, 1.5);
    EXPECT_GT(analysis->loudness_lufs, -40.0);
  }
}

}  // namespace
}  // namespace beatframe
