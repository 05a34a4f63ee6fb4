// Chroma (energy per pitch class) and a coarse spectrum (power in 24
// log-spaced bands, the raw material of a timbre description) ten times a
// second: what repeats when a chorus comes back and changes at a section
// boundary or on a new chord. The structure segmenter and the downbeat model
// read them, averaged per beat.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/audio/log_filterbank.h"
#include "engine/audio/sample_history.h"
#include "engine/audio/stft.h"

namespace beatframe::audio_internal {

inline constexpr int kChromaBins = 12;   // C, C#, ..., B
inline constexpr int kSpectrumBands = 24;

struct HarmonicFrames {
  double rate_hz = 0.0;           // frames per second; frame t is centred on t / rate_hz
  std::vector<float> chroma;      // kChromaBins per frame, frame-major: power per pitch class
  std::vector<float> band_power;  // kSpectrumBands per frame, frame-major: 60 Hz - 10 kHz, log-spaced
  std::vector<float> level_db;    // per frame: total power in dB
  int frame_count() const { return static_cast<int>(level_db.size()); }
};

// Push the mono analysis signal (~22 kHz) in blocks of any size, then Finish once.
class HarmonicFeatureBuilder {
 public:
  explicit HarmonicFeatureBuilder(int rate_hz);

  void Push(const float* samples, int64_t count);
  HarmonicFrames Finish();

 private:
  void ComputeFrame();

  int hop_;
  Stft stft_;
  LogFilterbank bands_;
  std::vector<int> pitch_class_of_bin_;  // -1 outside the chroma range
  SampleHistory history_;
  HarmonicFrames frames_;
  std::vector<float> block_;
};

}  // namespace beatframe::audio_internal
