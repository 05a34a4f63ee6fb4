#include "engine/audio/analysis.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/audio/beat_refiner.h"
#include "engine/audio/beat_tracker.h"
#include "engine/audio/downbeat_estimator.h"
#include "engine/audio/frame_features.h"
#include "engine/audio/mono_downsampler.h"
#include "engine/audio/onset_envelope.h"
#include "engine/audio/tempo_estimator.h"

namespace beatframe {
namespace {

using audio_internal::ComputeFrameFeatures;
using audio_internal::ComputeOnsetEnvelope;
using audio_internal::DecimatedSignal;
using audio_internal::DecimateForAnalysis;
using audio_internal::EstimateDownbeats;
using audio_internal::EstimateTempo;
using audio_internal::FrameFeatureOptions;
using audio_internal::FrameFeatures;
using audio_internal::MixToMono;
using audio_internal::OnsetEnvelope;
using audio_internal::RefineBeatTimes;
using audio_internal::TempoEstimate;
using audio_internal::TrackBeats;

// Below this the onsets have no steady pulse worth following (noise, sweeps,
// speech); a click or drum track scores 0.3 and more.
constexpr double kMinPulseClarity = 0.1;

absl::Status CheckInput(const AudioBuffer& audio, const AnalysisOptions& options) {
  if (audio.sample_rate_hz <= 0 || audio.channels <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("analyse: bad format: ", audio.sample_rate_hz, " Hz, ",
                                                   audio.channels, " channels"));
  }
  if (audio.samples.empty() || audio.samples.size() % audio.channels != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("analyse: ", audio.samples.size(), " samples is not a whole number of frames"));
  }
  if (!(options.feature_rate_hz > 0.0 && options.feature_rate_hz <= 1000.0) || options.band_count < 1 ||
      options.band_count > 256) {
    return absl::InvalidArgumentError(absl::StrCat("analyse: bad options: feature rate ",
                                                   options.feature_rate_hz, " Hz, ", options.band_count,
                                                   " bands"));
  }
  return absl::OkStatus();
}

// The tempo the beats actually follow: mean of the inter-beat intervals near
// the median one, which averages out the few-ms jitter of single beats.
double TempoFromBeats(const std::vector<double>& beat_times_s, double fallback_bpm) {
  if (beat_times_s.size() < 3) return fallback_bpm;
  std::vector<double> intervals;
  for (size_t i = 1; i < beat_times_s.size(); ++i) intervals.push_back(beat_times_s[i] - beat_times_s[i - 1]);
  std::vector<double> sorted = intervals;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const double median = sorted[sorted.size() / 2];
  double sum = 0.0;
  int count = 0;
  for (double interval : intervals) {
    if (std::abs(interval - median) <= 0.1 * median) {
      sum += interval;
      ++count;
    }
  }
  return count > 0 ? 60.0 * count / sum : fallback_bpm;
}

// The envelope's maximum within one frame of `frame` (a beat may sit beside its peak).
float PeakNear(const std::vector<float>& envelope, int frame) {
  float peak = 0.0f;
  for (int t = std::max(0, frame - 1); t <= frame + 1 && t < static_cast<int>(envelope.size()); ++t) {
    peak = std::max(peak, envelope[t]);
  }
  return peak;
}

void FillBeats(const std::vector<float>& signal, int rate_hz, const OnsetEnvelope& onset, Analysis& result) {
  const TempoEstimate tempo = EstimateTempo(onset.strength, onset.rate_hz);
  if (tempo.period_frames <= 0.0 || tempo.pulse_clarity < kMinPulseClarity) return;
  const std::vector<int> beat_frames = TrackBeats(onset.strength, tempo.period_frames);
  if (beat_frames.empty()) return;

  std::vector<double> frame_times_s;
  std::vector<float> low_at_beat;
  float strongest = 0.0f;
  for (int frame : beat_frames) {
    frame_times_s.push_back(frame / onset.rate_hz);
    result.beat_strengths.push_back(PeakNear(onset.strength, frame));
    low_at_beat.push_back(PeakNear(onset.low_strength, frame));
    strongest = std::max(strongest, result.beat_strengths.back());
  }
  for (float& strength : result.beat_strengths) strength = strongest > 0.0f ? strength / strongest : 0.0f;
  result.beat_times_s = RefineBeatTimes(signal, rate_hz, frame_times_s);
  result.tempo_bpm = TempoFromBeats(result.beat_times_s, tempo.bpm);
  result.downbeat_times_s = EstimateDownbeats(result.beat_times_s, low_at_beat);
}

}  // namespace

absl::StatusOr<Analysis> AnalyzeAudio(const AudioBuffer& audio, const AnalysisOptions& options) {
  if (absl::Status status = CheckInput(audio, options); !status.ok()) return status;
  Analysis result;
  result.duration_s = audio.duration_s();

  const std::vector<float> mono = MixToMono(audio);
  FrameFeatureOptions feature_options;
  feature_options.feature_rate_hz = options.feature_rate_hz;
  feature_options.band_count = options.band_count;
  // One frame per video frame that starts inside the track.
  const int64_t frame_count =
      std::max<int64_t>(1, static_cast<int64_t>(std::ceil(result.duration_s * options.feature_rate_hz - 1e-9)));
  FrameFeatures features = ComputeFrameFeatures(mono, audio.sample_rate_hz, frame_count, feature_options);
  result.feature_rate_hz = options.feature_rate_hz;
  result.band_count = options.band_count;
  result.energy = std::move(features.energy);
  result.bands = std::move(features.bands);

  const DecimatedSignal signal = DecimateForAnalysis(mono, audio.sample_rate_hz);
  OnsetEnvelope onset = ComputeOnsetEnvelope(signal.samples, signal.rate_hz);
  FillBeats(signal.samples, signal.rate_hz, onset, result);
  result.onset_rate_hz = onset.rate_hz;
  result.onset_envelope = std::move(onset.strength);
  return result;
}

}  // namespace beatframe
