// Per-video-frame loudness and frequency-band levels: what a visual reacts to.
// Each curve is normalised to 0..1 over the track against a high percentile
// (so one peak does not flatten everything else) and smoothed with a fast
// attack and a slower release so it does not flicker.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/audio/log_filterbank.h"
#include "engine/audio/sample_history.h"
#include "engine/audio/stft.h"

namespace beatframe::audio_internal {

struct FrameFeatureOptions {
  double feature_rate_hz = 30.0;
  int band_count = 8;
  double min_band_hz = 40.0;
  double max_band_hz = 16000.0;  // clamped below the Nyquist frequency
  double dynamic_range_db = 30.0;  // levels this far below the reference map to 0
  double reference_percentile = 0.95;
  double attack_s = 0.01;
  double release_s = 0.15;
};

struct FrameFeatures {
  std::vector<float> energy;  // frame_count values
  std::vector<float> bands;   // frame_count * band_count, frame-major
};

// Frame i describes the window centred on i / feature_rate_hz. Push the mono
// signal at `rate_hz` in blocks of any size, then Finish once with the number
// of frames wanted; the result does not depend on the block sizes.
class FrameFeatureBuilder {
 public:
  FrameFeatureBuilder(int rate_hz, const FrameFeatureOptions& options);

  void Push(const float* mono, int64_t count);
  FrameFeatures Finish(int64_t frame_count);

 private:
  int64_t CentreOf(int64_t frame) const;
  void ComputeFrame();
  double RmsDb(int64_t centre);

  int rate_hz_;
  FrameFeatureOptions options_;
  Stft stft_;
  LogFilterbank filterbank_;
  int64_t rms_length_;
  SampleHistory history_;
  std::vector<double> energy_db_;
  std::vector<std::vector<double>> band_db_;
  std::vector<float> block_;
  std::vector<float> band_power_;
  std::vector<float> rms_block_;  // scratch for RmsDb
};

}  // namespace beatframe::audio_internal
