// Moves beats that a tracker put on swung off-beats back onto the beat. In
// swing the off-beat note comes late (at 0.6-0.7 of the beat, or of the half
// beat for swung sixteenths), and it is often the loudest onset: a jazz ride
// or comping "push", a shuffled hi-hat. An onset-driven tracker then locks to
// it. The on-beat note is the one followed by the LONG gap of the long-short
// pair, which is what this checks.
#pragma once

#include <vector>

namespace beatframe::audio_internal {

// `beat_times_s` ascending (at least 4), `onset` the envelope the tracker
// used at `onset_rate_hz`. Returns the beats, each shifted forward by the
// same fraction of its beat (or half-beat) interval when the onsets relative
// to the beats form a clear long-short swing pair that the beats sit on the
// wrong side of; otherwise returns them unchanged.
std::vector<double> CorrectSwing(const std::vector<float>& onset, double onset_rate_hz,
                                 const std::vector<double>& beat_times_s);

}  // namespace beatframe::audio_internal
