// Prepares the analysis signal: mixes any channel count to mono, then
// decimates by an integer factor to about 22 kHz, where onsets and beats
// carry all their information at a quarter of the FFT cost of 48 kHz. Works
// block by block, so a whole track never has to be in memory at once.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/audio/audio_buffer.h"
#include "engine/audio/sample_history.h"

namespace beatframe::audio_internal {

// Mean of the channels of each frame.
std::vector<float> MixToMono(const AudioBuffer& audio);
// The same for one block: `frame_count` interleaved frames into `mono`.
void MixBlockToMono(const float* interleaved, int64_t frame_count, int channels, float* mono);

// Low-pass filters (linear phase, so no delay) and keeps every d-th sample:
// d = rate / 22050 rounded (down from .75), reduced to a divisor of the rate
// so the new rate is an exact integer. 44.1k -> 22050, 48k -> 24000, and
// rates up to ~33 kHz are kept as they are. Output j is centred on input
// j * d; the output has ceil(n / d) samples for n inputs. The result does not
// depend on how the input is split into blocks.
class Decimator {
 public:
  explicit Decimator(int rate_hz);

  int output_rate_hz() const { return rate_hz_ / factor_; }

  // Appends to `out` every output sample that the input so far completes.
  void Push(const float* mono, int64_t count, std::vector<float>& out);
  // Appends the remaining outputs (the input padded with zeros). Call once.
  void Finish(std::vector<float>& out);

 private:
  // Computes outputs [next_output_, end_output) into `out`.
  void Emit(int64_t end_output, std::vector<float>& out);

  int rate_hz_;
  int factor_;
  std::vector<float> taps_;
  int64_t half_ = 0;  // taps either side of the centre
  SampleHistory history_;
  int64_t input_count_ = 0;
  int64_t next_output_ = 0;
  std::vector<float> block_;
  std::vector<std::vector<float>> phases_;
};

struct DecimatedSignal {
  std::vector<float> samples;
  int rate_hz = 0;
};

// A whole signal through Decimator in one go.
DecimatedSignal DecimateForAnalysis(const std::vector<float>& mono, int rate_hz);

}  // namespace beatframe::audio_internal
