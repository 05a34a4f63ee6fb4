// The local tempo over time, for tracks that drift or change tempo: one point
// per beat, from the beat intervals around it. The single tempo_bpm of an
// Analysis is the track's prevailing tempo; this curve shows where it moves.
#pragma once

#include <vector>

namespace beatframe {

struct TempoPoint {
  double time_s = 0.0;   // a beat time
  double bpm = 0.0;      // local tempo there
};

namespace audio_internal {

// Local tempo at each beat: 60 / the median of the inter-beat intervals in a
// window of `window_beats` intervals centred on the beat (a median, so one
// missed or extra beat does not make a spike). Empty for fewer than 3 beats.
std::vector<TempoPoint> ComputeTempoCurve(const std::vector<double>& beat_times_s, int window_beats = 8);

}  // namespace audio_internal
}  // namespace beatframe
