// The onset strength envelope: log-compressed, multi-band spectral flux with
// SuperFlux-style max filtering (so vibrato and sweeps do not read as onsets),
// at about 100 frames per second. Tempo and beat tracking run on it.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/audio/log_filterbank.h"
#include "engine/audio/sample_history.h"
#include "engine/audio/stft.h"

namespace beatframe::audio_internal {

struct OnsetEnvelope {
  int hop = 0;            // samples (at the analysed rate) between frames
  double rate_hz = 0.0;   // frames per second: analysed rate / hop, exactly
  // Frame t is centred on sample t * hop, i.e. at t / rate_hz seconds.
  std::vector<float> strength;      // >= 0; low, mid and high band flux combined
  std::vector<float> low_strength;  // >= 0; the flux below ~150 Hz alone (kick drums)
};

// Builds the envelope block by block: Push the mono signal at `rate_hz`
// (ideally ~22 kHz; any rate works) in pieces of any size, then Finish once.
// The result does not depend on how the signal was split.
class OnsetEnvelopeBuilder {
 public:
  explicit OnsetEnvelopeBuilder(int rate_hz);

  void Push(const float* samples, int64_t count);
  OnsetEnvelope Finish();

 private:
  void ComputeFrame();

  int rate_hz_;
  Stft stft_;
  LogFilterbank filterbank_;
  std::vector<int> group_of_band_;
  std::array<float, 3> group_size_ = {0.0f, 0.0f, 0.0f};
  SampleHistory history_;
  OnsetEnvelope envelope_;
  std::vector<float> block_;
  std::vector<float> bands_;
  std::vector<float> previous_;
};

// A whole signal through OnsetEnvelopeBuilder in one go.
OnsetEnvelope ComputeOnsetEnvelope(const std::vector<float>& signal, int rate_hz);

}  // namespace beatframe::audio_internal
