// Moves each tracked beat from its ~10 ms onset frame onto the attack in the
// waveform itself: the sample where the energy just after rises most above
// the energy just before. Gives beat times to within a few milliseconds.
#pragma once

#include <vector>

namespace beatframe::audio_internal {

struct BeatRefinerOptions {
  double search_radius_s = 0.035;  // how far an attack may lie from the frame time
  double compare_window_s = 0.005; // energy windows before / after a candidate
  double min_rise_db = 6.0;        // weaker attacks leave the beat where it was
};

// `signal` is the mono analysis signal at `rate_hz`; `beat_times_s` are the
// tracker's frame times. Returns refined times, ascending, one per beat.
std::vector<double> RefineBeatTimes(const std::vector<float>& signal, int rate_hz,
                                    const std::vector<double>& beat_times_s,
                                    const BeatRefinerOptions& options = {});

}  // namespace beatframe::audio_internal
