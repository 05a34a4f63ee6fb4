// Per-video-frame loudness and frequency-band levels: what a visual reacts to.
// Each curve is normalised to 0..1 over the track against a high percentile
// (so one peak does not flatten everything else) and smoothed with a fast
// attack and a slower release so it does not flicker.
#pragma once

#include <cstdint>
#include <vector>

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

// `mono` at `rate_hz`; frame i describes the window centred on i / feature_rate_hz.
FrameFeatures ComputeFrameFeatures(const std::vector<float>& mono, int rate_hz, int64_t frame_count,
                                   const FrameFeatureOptions& options);

}  // namespace beatframe::audio_internal
