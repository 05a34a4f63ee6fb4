#include "engine/audio/streaming_analyzer.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/audio/beat_refiner.h"
#include "engine/audio/frame_features.h"
#include "engine/audio/harmonic_features.h"
#include "engine/audio/loudness_meter.h"
#include "engine/audio/meter_tracker.h"
#include "engine/audio/mono_downsampler.h"
#include "engine/audio/onset_envelope.h"
#include "engine/audio/rhythm_tracker.h"
#include "engine/audio/section_segmenter.h"

namespace beatframe {

using audio_internal::AttackEnvelopeBuilder;
using audio_internal::Decimator;
using audio_internal::FrameFeatureBuilder;
using audio_internal::FrameFeatureOptions;
using audio_internal::HarmonicFeatureBuilder;
using audio_internal::LoudnessMeter;
using audio_internal::OnsetEnvelopeBuilder;

// Every block-wise stage, in the order a block flows through them.
struct StreamingAnalyzer::Stages {
  Stages(int rate_hz, int channel_count, const AnalysisOptions& analysis_options)
      : options(analysis_options),
        sample_rate_hz(rate_hz),
        channels(channel_count),
        loudness(rate_hz, channel_count),
        features(rate_hz, FeatureOptions(analysis_options)),
        decimator(rate_hz),
        onsets(decimator.output_rate_hz()),
        attacks(decimator.output_rate_hz()),
        harmonics(decimator.output_rate_hz()) {}

  static FrameFeatureOptions FeatureOptions(const AnalysisOptions& options) {
    FrameFeatureOptions feature_options;
    feature_options.feature_rate_hz = options.feature_rate_hz;
    feature_options.band_count = options.band_count;
    return feature_options;
  }

  // The analysis signal (mono, ~22 kHz) goes to the stages that read it.
  void PushDecimated() {
    const int64_t count = static_cast<int64_t>(decimated.size());
    onsets.Push(decimated.data(), count);
    attacks.Push(decimated.data(), count);
    harmonics.Push(decimated.data(), count);
    decimated.clear();
  }

  AnalysisOptions options;
  int sample_rate_hz;
  int channels;
  int64_t frames_seen = 0;
  bool finished = false;
  LoudnessMeter loudness;
  FrameFeatureBuilder features;
  Decimator decimator;
  OnsetEnvelopeBuilder onsets;
  AttackEnvelopeBuilder attacks;
  HarmonicFeatureBuilder harmonics;
  std::vector<float> mono;       // scratch for one block
  std::vector<float> decimated;  // scratch for one block
};

absl::StatusOr<std::unique_ptr<StreamingAnalyzer>> StreamingAnalyzer::Create(int sample_rate_hz, int channels,
                                                                             const AnalysisOptions& options) {
  if (sample_rate_hz <= 0 || sample_rate_hz > 768000 || channels <= 0 || channels > 64) {
    return absl::InvalidArgumentError(
        absl::StrCat("analyse: bad format: ", sample_rate_hz, " Hz, ", channels, " channels"));
  }
  if (!(options.feature_rate_hz > 0.0 && options.feature_rate_hz <= 1000.0) || options.band_count < 1 ||
      options.band_count > 256) {
    return absl::InvalidArgumentError(absl::StrCat("analyse: bad options: feature rate ", options.feature_rate_hz,
                                                   " Hz, ", options.band_count, " bands"));
  }
  return std::unique_ptr<StreamingAnalyzer>(
      new StreamingAnalyzer(std::make_unique<Stages>(sample_rate_hz, channels, options)));
}

StreamingAnalyzer::StreamingAnalyzer(std::unique_ptr<Stages> stages) : stages_(std::move(stages)) {}
StreamingAnalyzer::~StreamingAnalyzer() = default;

int StreamingAnalyzer::sample_rate_hz() const { return stages_->sample_rate_hz; }
int StreamingAnalyzer::channels() const { return stages_->channels; }

void StreamingAnalyzer::Process(const float* interleaved, int64_t frame_count) {
  Stages& s = *stages_;
  if (s.finished || frame_count <= 0) return;
  s.frames_seen += frame_count;
  s.loudness.Process(interleaved, frame_count);
  s.mono.resize(frame_count);
  audio_internal::MixBlockToMono(interleaved, frame_count, s.channels, s.mono.data());
  s.features.Push(s.mono.data(), frame_count);
  s.decimator.Push(s.mono.data(), frame_count, s.decimated);
  s.PushDecimated();
}

absl::StatusOr<Analysis> StreamingAnalyzer::Finish() {
  Stages& s = *stages_;
  if (s.finished) return absl::FailedPreconditionError("analyse: Finish called twice");
  s.finished = true;
  if (s.frames_seen == 0) return absl::InvalidArgumentError("analyse: no samples");
  s.decimator.Finish(s.decimated);
  s.PushDecimated();

  Analysis result;
  result.duration_s = static_cast<double>(s.frames_seen) / s.sample_rate_hz;
  // One feature frame per video frame that starts inside the track.
  const int64_t feature_frames =
      std::max<int64_t>(1, static_cast<int64_t>(std::ceil(result.duration_s * s.options.feature_rate_hz - 1e-9)));
  audio_internal::FrameFeatures features = s.features.Finish(feature_frames);
  result.feature_rate_hz = s.options.feature_rate_hz;
  result.band_count = s.options.band_count;
  result.energy = std::move(features.energy);
  result.bands = std::move(features.bands);
  result.loudness_lufs = s.loudness.Integrated();

  audio_internal::OnsetEnvelope onset = s.onsets.Finish();
  const audio_internal::AttackEnvelope attacks = s.attacks.Finish();
  const audio_internal::HarmonicFrames harmonic = s.harmonics.Finish();
  audio_internal::Rhythm rhythm = audio_internal::TrackRhythm(onset, attacks);
  const audio_internal::Meter meter = audio_internal::TrackMeter(rhythm.beat_times_s, onset, harmonic);
  result.tempo_bpm = rhythm.tempo_bpm;
  result.beat_times_s = std::move(rhythm.beat_times_s);
  result.beat_strengths = std::move(rhythm.beat_strengths);
  result.tempo_curve = audio_internal::ComputeTempoCurve(result.beat_times_s);
  result.time_signature = meter.beats_per_bar;
  result.downbeat_times_s = meter.downbeat_times_s;
  result.sections = audio_internal::SegmentSections(result.beat_times_s, result.downbeat_times_s, harmonic,
                                                     result.duration_s);
  result.onset_rate_hz = onset.rate_hz;
  result.onset_envelope = std::move(onset.strength);
  return result;
}

}  // namespace beatframe
