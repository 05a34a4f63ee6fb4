#include "engine/audio/meter_tracker.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace beatframe::audio_internal {
namespace {

constexpr std::array<int, 2> kMeters = {3, 4};
constexpr int kStateCount = 7;  // (3, 0..2) then (4, 0..3)

int MeterOf(int state) { return state < 3 ? 3 : 4; }
int PositionOf(int state) { return state < 3 ? state : state - 3; }
int StateOf(int meter, int position) { return meter == 3 ? position : 3 + position; }

// The onset envelope's maximum within 20 ms of `time_s`.
double PeakAt(const std::vector<float>& envelope, double rate_hz, double time_s) {
  const int centre = static_cast<int>(std::lround(time_s * rate_hz));
  double peak = 0.0;
  for (int t = centre - 2; t <= centre + 2; ++t) {
    if (t >= 0 && t < static_cast<int>(envelope.size())) peak = std::max(peak, static_cast<double>(envelope[t]));
  }
  return peak;
}

// Unit-length mean chroma of the frames centred in [from_s, to_s) (the
// nearest frame when none is).
std::array<double, kChromaBins> MeanChroma(const HarmonicFrames& harmonic, double from_s, double to_s) {
  std::array<double, kChromaBins> chroma = {};
  const int count = harmonic.frame_count();
  if (count == 0) return chroma;
  int first = std::max(0, static_cast<int>(std::ceil(from_s * harmonic.rate_hz)));
  int end = std::min(count, static_cast<int>(std::ceil(to_s * harmonic.rate_hz)));
  if (end <= first) {
    first = std::clamp(static_cast<int>(std::lround(0.5 * (from_s + to_s) * harmonic.rate_hz)), 0, count - 1);
    end = first + 1;
  }
  for (int f = first; f < end; ++f) {
    for (int k = 0; k < kChromaBins; ++k) chroma[k] += harmonic.chroma[static_cast<size_t>(f) * kChromaBins + k];
  }
  double norm = 0.0;
  for (double v : chroma) norm += v * v;
  norm = std::sqrt(norm);
  if (norm > 0.0) {
    for (double& v : chroma) v /= norm;
  }
  return chroma;
}

// In place: mean 0, standard deviation 1 (all zeros when the values are flat).
void ZScore(std::vector<double>& values) {
  if (values.empty()) return;
  double mean = 0.0;
  for (double v : values) mean += v;
  mean /= values.size();
  double variance = 0.0;
  for (double v : values) variance += (v - mean) * (v - mean);
  const double deviation = std::sqrt(variance / values.size());
  for (double& v : values) v = deviation > 1e-12 ? (v - mean) / deviation : 0.0;
}

}  // namespace

std::vector<double> DownbeatEvidence(const std::vector<double>& beat_times_s, const OnsetEnvelope& onset,
                                     const HarmonicFrames& harmonic, const MeterOptions& options) {
  const size_t n = beat_times_s.size();
  std::vector<double> harmony(n), low(n), strength(n);
  for (size_t i = 0; i < n; ++i) {
    const double t = beat_times_s[i];
    const double period_s = 2.0 * (n < 2 ? 0.5 : i > 0 ? t - beat_times_s[i - 1] : beat_times_s[1] - t);
    const std::array<double, kChromaBins> before = MeanChroma(harmonic, t - period_s, t);
    const std::array<double, kChromaBins> after = MeanChroma(harmonic, t, t + period_s);
    double similarity = 0.0;
    for (int k = 0; k < kChromaBins; ++k) similarity += before[k] * after[k];
    harmony[i] = 1.0 - similarity;
    low[i] = PeakAt(onset.low_strength, onset.rate_hz, t);
    strength[i] = PeakAt(onset.strength, onset.rate_hz, t);
  }
  ZScore(harmony);
  ZScore(low);
  ZScore(strength);
  std::vector<double> evidence(n);
  for (size_t i = 0; i < n; ++i) {
    evidence[i] = options.harmony_weight * harmony[i] + options.low_weight * low[i] + options.onset_weight * strength[i];
  }
  return evidence;
}

BarPath DecodeBars(const std::vector<double>& evidence, const MeterOptions& options) {
  const size_t n = evidence.size();
  BarPath path;
  if (n == 0) return path;
  // score[k]: best total evidence of downbeats so far, ending in state k.
  std::array<double, kStateCount> score;
  for (int k = 0; k < kStateCount; ++k) {
    score[k] = (PositionOf(k) == 0 ? evidence[0] : 0.0) - (MeterOf(k) == 3 ? options.three_four_cost : 0.0);
  }
  std::vector<std::array<int8_t, kStateCount>> from(n);
  for (size_t i = 1; i < n; ++i) {
    std::array<double, kStateCount> next;
    for (int k = 0; k < kStateCount; ++k) {
      const int meter = MeterOf(k);
      const int position = PositionOf(k);
      double best = -1e300;
      int best_from = 0;
      if (position > 0) {
        // Inside a bar: only from the previous position of the same meter.
        best = score[StateOf(meter, position - 1)];
        best_from = StateOf(meter, position - 1);
      } else {
        // A new bar: from the last position of either meter.
        for (const int previous_meter : kMeters) {
          double candidate = score[StateOf(previous_meter, previous_meter - 1)];
          if (previous_meter != meter) {
            candidate -= options.meter_change_cost + (meter == 3 ? options.three_four_cost : 0.0);
          }
          if (candidate > best) {
            best = candidate;
            best_from = StateOf(previous_meter, previous_meter - 1);
          }
        }
      }
      next[k] = best + (position == 0 ? evidence[i] : 0.0);
      from[i][k] = static_cast<int8_t>(best_from);
    }
    score = next;
  }
  int state = static_cast<int>(std::max_element(score.begin(), score.end()) - score.begin());
  path.position.resize(n);
  path.beats_per_bar.resize(n);
  for (size_t i = n; i-- > 0;) {
    path.position[i] = PositionOf(state);
    path.beats_per_bar[i] = MeterOf(state);
    if (i > 0) state = from[i][state];
  }
  return path;
}

Meter TrackMeter(const std::vector<double>& beat_times_s, const OnsetEnvelope& onset,
                 const HarmonicFrames& harmonic, const MeterOptions& options) {
  Meter meter;
  if (beat_times_s.empty()) return meter;
  const BarPath path = DecodeBars(DownbeatEvidence(beat_times_s, onset, harmonic, options), options);
  int beats_in_three = 0;
  for (size_t i = 0; i < beat_times_s.size(); ++i) {
    if (path.position[i] == 0) meter.downbeat_times_s.push_back(beat_times_s[i]);
    beats_in_three += path.beats_per_bar[i] == 3 ? 1 : 0;
  }
  meter.beats_per_bar = 2 * beats_in_three > static_cast<int>(beat_times_s.size()) ? 3 : 4;
  return meter;
}

}  // namespace beatframe::audio_internal
