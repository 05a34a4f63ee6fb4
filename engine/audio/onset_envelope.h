// The onset strength envelope: log-compressed, multi-band spectral flux with
// SuperFlux-style max filtering (so vibrato and sweeps do not read as onsets),
// at about 100 frames per second. Tempo and beat tracking run on it.
#pragma once

#include <vector>

namespace beatframe::audio_internal {

struct OnsetEnvelope {
  int hop = 0;            // samples (at the analysed rate) between frames
  double rate_hz = 0.0;   // frames per second: analysed rate / hop, exactly
  // Frame t is centred on sample t * hop, i.e. at t / rate_hz seconds.
  std::vector<float> strength;      // >= 0; low, mid and high band flux combined
  std::vector<float> low_strength;  // >= 0; the flux below ~150 Hz alone (kick drums)
};

// `signal` is mono at `rate_hz` (ideally ~22 kHz; any rate works).
OnsetEnvelope ComputeOnsetEnvelope(const std::vector<float>& signal, int rate_hz);

}  // namespace beatframe::audio_internal
