// A simple bar-start estimate: every fourth beat, with the phase whose beats
// carry the most low-band (kick drum) onset energy. Assumes 4/4.
#pragma once

#include <vector>

namespace beatframe::audio_internal {

// `low_strength_at_beat[i]` is the low-band onset strength at beat i.
// Returns the downbeat times, a subset of `beat_times_s`.
std::vector<double> EstimateDownbeats(const std::vector<double>& beat_times_s,
                                      const std::vector<float>& low_strength_at_beat);

}  // namespace beatframe::audio_internal
