#include "engine/audio/tempo_curve.h"

#include <algorithm>
#include <cstddef>

namespace beatframe::audio_internal {

std::vector<TempoPoint> ComputeTempoCurve(const std::vector<double>& beat_times_s, int window_beats) {
  std::vector<TempoPoint> curve;
  if (beat_times_s.size() < 3) return curve;
  const std::size_t interval_count = beat_times_s.size() - 1;
  const std::size_t half = static_cast<std::size_t>(std::max(1, window_beats / 2));
  std::vector<double> window;
  window.reserve(2 * half + 1);
  curve.reserve(beat_times_s.size());
  for (std::size_t beat = 0; beat < beat_times_s.size(); ++beat) {
    // Intervals i (from beat i to i+1) in [beat - half, beat + half), clamped.
    const std::size_t first = beat > half ? beat - half : 0;
    const std::size_t last = std::min(interval_count, beat + half);
    window.clear();
    for (std::size_t i = first; i < last; ++i) window.push_back(beat_times_s[i + 1] - beat_times_s[i]);
    std::nth_element(window.begin(), window.begin() + window.size() / 2, window.end());
    const double median_s = window[window.size() / 2];
    if (median_s > 0) curve.push_back({beat_times_s[beat], 60.0 / median_s});
  }
  return curve;
}

}  // namespace beatframe::audio_internal
