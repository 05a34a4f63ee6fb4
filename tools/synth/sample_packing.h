// Converts interleaved float samples into whatever sample format an audio
// encoder takes (16/32-bit integer or float, packed or planar).
#pragma once

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/samplefmt.h>
}

namespace beatframe::synth_internal {

// The best format in an encoder's AV_SAMPLE_FMT_NONE-terminated list that
// PackSamples can write: float first (no rounding), then 16-bit, then 32-bit.
// A null list (any format) gives AV_SAMPLE_FMT_FLT.
AVSampleFormat ChooseSampleFormat(const AVSampleFormat* supported);

// Fills frame.nb_samples frames of `frame` (allocated, format from
// ChooseSampleFormat) from `interleaved`, which has `channels` per frame.
// Values are clamped to [-1, 1], scaled by 2^15 (or 2^31) and rounded to nearest.
void PackSamples(const float* interleaved, int channels, AVFrame& frame);

}  // namespace beatframe::synth_internal
