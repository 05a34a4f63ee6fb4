// Beat tracking by dynamic programming over the onset envelope (Ellis 2007):
// each beat maximises onset strength plus a penalty for deviating from the
// tempo period, found over the whole track at once.
#pragma once

#include <vector>

namespace beatframe::audio_internal {

struct BeatTrackerOptions {
  // Penalty weight for inter-beat intervals that stray from the period;
  // larger keeps the tempo steadier.
  double tightness = 100.0;
};

// Returns ascending onset-frame indices of beats. `period_frames` is the beat
// period from EstimateTempo. Empty when the envelope is flat or the period is 0.
std::vector<int> TrackBeats(const std::vector<float>& onset, double period_frames,
                            const BeatTrackerOptions& options = {});

}  // namespace beatframe::audio_internal
