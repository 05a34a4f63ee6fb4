#include "engine/audio/rhythm_tracker.h"

#include <algorithm>
#include <cmath>

#include "engine/audio/beat_tracker.h"
#include "engine/audio/swing_corrector.h"
#include "engine/audio/tempo_estimator.h"

namespace beatframe::audio_internal {
namespace {

// Below this the onsets have no steady pulse worth following (noise, sweeps,
// speech); a click or drum track scores 0.3 and more.
constexpr double kMinPulseClarity = 0.1;
// The median onset strength at the beats must reach this: a real onset
// raises many bands at once and scores 0.1 and more (0.04 for the softest
// beats of the benchmark's music, and for clicks at -40 dBFS), while the
// ripple of a sine gliding across bands, which can look periodic, stays
// below 0.003.
constexpr float kMinBeatOnsetStrength = 0.01f;

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

}  // namespace

Rhythm TrackRhythm(const OnsetEnvelope& onset, const AttackEnvelope& attacks) {
  Rhythm rhythm;
  const TempoEstimate tempo = EstimateTempo(onset.strength, onset.rate_hz);
  if (tempo.period_frames <= 0.0 || tempo.pulse_clarity < kMinPulseClarity) return rhythm;
  const std::vector<int> beat_frames = TrackBeats(onset.strength, tempo.period_frames);
  if (beat_frames.empty()) return rhythm;

  std::vector<double> frame_times_s;
  for (int frame : beat_frames) frame_times_s.push_back(frame / onset.rate_hz);
  frame_times_s = CorrectSwing(onset.strength, onset.rate_hz, frame_times_s);
  float strongest = 0.0f;
  for (double time_s : frame_times_s) {
    rhythm.beat_strengths.push_back(PeakNear(onset.strength, static_cast<int>(std::lround(time_s * onset.rate_hz))));
    strongest = std::max(strongest, rhythm.beat_strengths.back());
  }
  std::vector<float> sorted = rhythm.beat_strengths;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  if (sorted[sorted.size() / 2] < kMinBeatOnsetStrength) return Rhythm{};
  for (float& strength : rhythm.beat_strengths) strength = strongest > 0.0f ? strength / strongest : 0.0f;
  rhythm.beat_times_s = RefineBeatTimes(attacks, frame_times_s);
  rhythm.tempo_bpm = TempoFromBeats(rhythm.beat_times_s, tempo.bpm);
  return rhythm;
}

}  // namespace beatframe::audio_internal
