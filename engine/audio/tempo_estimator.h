// Global tempo from the onset envelope: autocorrelation weighted by a
// log-Gaussian prior around 120 BPM and by metrical support (the period's
// double), then a check that reads a slow base with a strong half-period
// pulse as double time, then one that resolves 3:4 cross-rhythms (a dotted
// eighth can correlate better than the beat) by comb support up to the bar.
#pragma once

#include <vector>

namespace beatframe::audio_internal {

struct TempoOptions {
  double min_bpm = 40.0;
  double max_bpm = 240.0;
  double prior_center_bpm = 120.0;
  double prior_width_octaves = 1.0;
  // Weight of a period's double in its score (0 scores the period alone).
  double metrical_weight = 0.5;
  // A slow base tempo whose half period is nearly as periodic (at least
  // double_time_ratio of the period's autocorrelation) is taken at double
  // speed: strong onsets fall midway between its beats too (kick on 1 and 3,
  // snare on 2 and 4 of a fast groove). Faster bases keep their tempo, as
  // their half period is usually eighth notes.
  double double_time_below_bpm = 96.0;
  double double_time_ratio = 0.7;
};

struct TempoEstimate {
  double period_frames = 0.0;  // beat period in onset frames; 0 when no pulse
  double bpm = 0.0;
  // Autocorrelation at the period over that at lag 0 (0..1): how periodic
  // the onsets are. Near 0 for noise, sweeps and speech.
  double pulse_clarity = 0.0;
};

TempoEstimate EstimateTempo(const std::vector<float>& onset, double onset_rate_hz,
                            const TempoOptions& options = {});

}  // namespace beatframe::audio_internal
