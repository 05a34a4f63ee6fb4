#include "engine/audio/beat_tracker.h"

#include <algorithm>
#include <cmath>

namespace beatframe::audio_internal {
namespace {

// The envelope in units of its standard deviation, smoothed with a Gaussian
// of width period/32 so a beat may sit a frame off the sharpest peak.
std::vector<double> LocalScore(const std::vector<float>& onset, double period_frames) {
  const int n = static_cast<int>(onset.size());
  double mean = 0.0, square = 0.0;
  for (float v : onset) {
    mean += v;
    square += static_cast<double>(v) * v;
  }
  mean /= n;
  const double deviation = std::sqrt(std::max(0.0, square / n - mean * mean));
  if (deviation <= 1e-12) return {};
  const int radius = std::max(1, static_cast<int>(std::lround(period_frames / 8.0)));
  std::vector<double> kernel(2 * radius + 1);
  for (int k = -radius; k <= radius; ++k) {
    const double x = k * 32.0 / period_frames;
    kernel[k + radius] = std::exp(-0.5 * x * x);
  }
  std::vector<double> score(n, 0.0);
  for (int t = 0; t < n; ++t) {
    double sum = 0.0;
    for (int k = -radius; k <= radius; ++k) {
      if (t + k >= 0 && t + k < n) sum += kernel[k + radius] * onset[t + k];
    }
    score[t] = sum / deviation;
  }
  return score;
}

// The last beat: where the cumulative score peaks. Every real beat raises the
// score, while a stray onset at the very end (an encoder's last frame, a cut)
// can only inherit an off-period penalty, and beats extrapolated into
// trailing silence add nothing, so the first maximum is the last real beat.
int LastBeat(const std::vector<double>& cumulative) {
  return static_cast<int>(std::max_element(cumulative.begin(), cumulative.end()) - cumulative.begin());
}

// Drops leading and trailing beats on weak onsets (fade-in, silence after
// the music), as the DP otherwise fills those stretches with a steady pulse.
// The bar is low (a tenth of the RMS beat strength) because a snare can be
// five times weaker than the kick beside it and is still a beat.
void TrimWeakEnds(const std::vector<double>& local_score, std::vector<int>& beats) {
  if (beats.empty()) return;
  std::vector<double> strength(beats.size());
  double square_sum = 0.0;
  for (size_t i = 0; i < beats.size(); ++i) {
    strength[i] = local_score[beats[i]];
    square_sum += strength[i] * strength[i];
  }
  const double threshold = 0.1 * std::sqrt(square_sum / beats.size());
  size_t first = 0, end = beats.size();
  while (first < end && strength[first] < threshold) ++first;
  while (end > first && strength[end - 1] < threshold) --end;
  beats = std::vector<int>(beats.begin() + first, beats.begin() + end);
}

}  // namespace

std::vector<int> TrackBeats(const std::vector<float>& onset, double period_frames,
                            const BeatTrackerOptions& options) {
  const int n = static_cast<int>(onset.size());
  if (n < 3 || period_frames < 2.0) return {};
  const std::vector<double> local = LocalScore(onset, period_frames);
  if (local.empty()) return {};

  // Predecessors lie between half and twice the period back.
  const int nearest = std::max(1, static_cast<int>(std::lround(period_frames / 2.0)));
  const int farthest = static_cast<int>(std::lround(2.0 * period_frames));
  std::vector<double> transition_cost(farthest + 1, 0.0);
  for (int gap = nearest; gap <= farthest; ++gap) {
    const double deviation = std::log(gap / period_frames);
    transition_cost[gap] = -options.tightness * deviation * deviation;
  }
  const double max_local = *std::max_element(local.begin(), local.end());

  std::vector<double> cumulative(n, 0.0);
  std::vector<int> backlink(n, -1);
  bool first_beat = true;
  for (int t = 0; t < n; ++t) {
    double best = -1e300;
    int best_previous = -1;
    for (int gap = nearest; gap <= farthest; ++gap) {
      // Before the start there is no score to inherit, only the penalty.
      const double candidate = transition_cost[gap] + (t - gap >= 0 ? cumulative[t - gap] : 0.0);
      if (candidate > best) {
        best = candidate;
        best_previous = t - gap;
      }
    }
    cumulative[t] = local[t] + best;
    // Until the first real onset, beats link to nothing.
    if (first_beat && local[t] < 0.01 * max_local) {
      backlink[t] = -1;
    } else {
      backlink[t] = best_previous;
      first_beat = false;
    }
  }

  std::vector<int> beats;
  for (int t = LastBeat(cumulative); t >= 0; t = backlink[t]) beats.push_back(t);
  std::reverse(beats.begin(), beats.end());
  TrimWeakEnds(local, beats);
  return beats;
}

}  // namespace beatframe::audio_internal
