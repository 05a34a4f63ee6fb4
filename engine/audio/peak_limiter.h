// Keeps a mixed soundtrack below full scale without clipping it: a
// look-ahead peak limiter over a whole buffer. The gain falls smoothly over
// the attack time *before* a peak (the buffer is all there, so looking ahead
// costs no latency) and recovers exponentially after it, so loud passages are
// turned down rather than squared off, and wraparound or hard clipping never
// happens. Audio that stays under the ceiling passes through untouched.
#pragma once

#include <cstdint>

#include "engine/audio/audio_buffer.h"

namespace beatframe {

struct PeakLimiterOptions {
  float ceiling = 0.977f;   // -0.2 dBFS: room for the AAC encoder's overshoot
  double attack_s = 0.005;  // the gain ramps down over this time before a peak
  double release_s = 0.15;  // time constant of the recovery after it
};

// Limits `audio` in place; every channel gets the same gain so the stereo
// image stays put. Returns how many sample frames it turned down (0 when the
// audio never exceeds the ceiling). Memory: O(attack), not O(buffer).
int64_t LimitPeaks(AudioBuffer& audio, const PeakLimiterOptions& options = {});

}  // namespace beatframe
