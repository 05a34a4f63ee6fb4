// Prepares the analysis signal: mixes any channel count to mono, then
// decimates by an integer factor to about 22 kHz, where onsets and beats
// carry all their information at a quarter of the FFT cost of 48 kHz.
#pragma once

#include <vector>

#include "engine/audio/audio_buffer.h"

namespace beatframe::audio_internal {

// Mean of the channels of each frame.
std::vector<float> MixToMono(const AudioBuffer& audio);

struct DecimatedSignal {
  std::vector<float> samples;
  int rate_hz = 0;
};

// Low-pass filters (linear phase, so no delay) and keeps every d-th sample:
// d = rate / 22050 rounded (down from .75), reduced to a divisor of the rate
// so the new rate is an exact integer. 44.1k -> 22050, 48k -> 24000, and
// rates up to ~33 kHz are kept as they are.
DecimatedSignal DecimateForAnalysis(const std::vector<float>& mono, int rate_hz);

}  // namespace beatframe::audio_internal
