#include "engine/audio/downbeat_estimator.h"

#include <array>
#include <cstddef>

namespace beatframe::audio_internal {

std::vector<double> EstimateDownbeats(const std::vector<double>& beat_times_s,
                                      const std::vector<float>& low_strength_at_beat) {
  constexpr int kBeatsPerBar = 4;
  std::array<double, kBeatsPerBar> phase_strength = {};
  for (size_t i = 0; i < beat_times_s.size() && i < low_strength_at_beat.size(); ++i) {
    phase_strength[i % kBeatsPerBar] += low_strength_at_beat[i];
  }
  int phase = 0;
  // Strictly greater: ties go to the earliest phase, so results are stable.
  for (int p = 1; p < kBeatsPerBar; ++p) {
    if (phase_strength[p] > phase_strength[phase]) phase = p;
  }
  std::vector<double> downbeats;
  for (size_t i = phase; i < beat_times_s.size(); i += kBeatsPerBar) downbeats.push_back(beat_times_s[i]);
  return downbeats;
}

}  // namespace beatframe::audio_internal
