#include "engine/audio/beat_refiner.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace beatframe::audio_internal {
namespace {

// Energy floor (about -80 dBFS per sample) so rises out of digital silence
// stay finite and tiny rises in near-silence do not count.
constexpr double kEnergyFloorPerSample = 1e-8;

double RefineOne(const std::vector<float>& signal, int rate_hz, double time_s,
                 const BeatRefinerOptions& options) {
  const int64_t n = static_cast<int64_t>(signal.size());
  const int64_t radius = std::lround(options.search_radius_s * rate_hz);
  const int64_t window = std::max<int64_t>(1, std::lround(options.compare_window_s * rate_hz));
  const int64_t centre = std::lround(time_s * rate_hz);
  const int64_t begin = std::max<int64_t>(1, centre - radius - window);
  const int64_t end = std::min<int64_t>(n, centre + radius + window);
  if (end - begin < 2 * window + 1) return time_s;

  // Prefix sums of the first difference squared: the difference emphasises
  // the broadband click of an attack over sustained bass.
  std::vector<double> prefix(end - begin + 1, 0.0);
  for (int64_t i = begin; i < end; ++i) {
    const double diff = static_cast<double>(signal[i]) - signal[i - 1];
    prefix[i - begin + 1] = prefix[i - begin] + diff * diff;
  }
  const double floor = kEnergyFloorPerSample * window;
  double best_rise = 0.0;
  int64_t best_sample = -1;
  for (int64_t s = begin + window; s + window <= end; ++s) {
    const double before = prefix[s - begin] - prefix[s - begin - window] + floor;
    const double after = prefix[s - begin + window] - prefix[s - begin] + floor;
    const double rise = after / before;
    if (rise > best_rise) {
      best_rise = rise;
      best_sample = s;
    }
  }
  const double min_rise = std::pow(10.0, options.min_rise_db / 10.0);
  if (best_sample < 0 || best_rise < min_rise) return time_s;
  return static_cast<double>(best_sample) / rate_hz;
}

}  // namespace

std::vector<double> RefineBeatTimes(const std::vector<float>& signal, int rate_hz,
                                    const std::vector<double>& beat_times_s,
                                    const BeatRefinerOptions& options) {
  std::vector<double> refined;
  refined.reserve(beat_times_s.size());
  for (double time_s : beat_times_s) {
    const double t = RefineOne(signal, rate_hz, time_s, options);
    // Two beats must not swap or merge; keep the tracker's order.
    if (refined.empty() || t > refined.back()) {
      refined.push_back(t);
    } else {
      refined.push_back(std::max(time_s, refined.back() + 1.0 / rate_hz));
    }
  }
  return refined;
}

}  // namespace beatframe::audio_internal
