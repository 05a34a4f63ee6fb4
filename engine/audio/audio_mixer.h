// Sample-level steps that turn decoded tracks into a render's soundtrack:
// gain, a second track mixed under the first (looped to length), fades in
// and out. All work in place on interleaved float AudioBuffers; none of them
// keeps the result inside [-1, 1] (peak_limiter.h does that).
#pragma once

#include "absl/status/status.h"
#include "engine/audio/audio_buffer.h"

namespace beatframe {

// Crossfade where a looped background track starts over, so the seam does
// not click: this long, or a quarter of the track when it is shorter.
inline constexpr double kLoopCrossfadeS = 0.05;

// Multiplies every sample by `gain`.
void ApplyGain(float gain, AudioBuffer& audio);

// Adds `bed` * `gain` into `main` over main's whole length. A shorter bed
// repeats, each repeat overlapping the end of the one before by
// kLoopCrossfadeS (a linear crossfade); a longer one is cut. INVALID_ARGUMENT
// when the two differ in rate or channel count, or `bed` is empty.
absl::Status MixLooped(const AudioBuffer& bed, float gain, AudioBuffer& main);

// Fades the buffer in from silence over its first `fade_in_s` and out to
// silence over its last `fade_out_s` (raised-cosine curves, which start and
// end without a corner you can hear). Fades longer than the buffer are cut to
// it; overlapping fades multiply. Negative or zero lengths do nothing.
void ApplyFadeInOut(double fade_in_s, double fade_out_s, AudioBuffer& audio);

}  // namespace beatframe
