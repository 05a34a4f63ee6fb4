// Decoded PCM audio as the engine passes it between stages: interleaved float
// samples in [-1, 1] with their rate and channel count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace beatframe {

struct AudioBuffer {
  int sample_rate_hz = 0;
  int channels = 0;
  // Interleaved: samples[frame * channels + channel].
  std::vector<float> samples;

  int64_t frame_count() const {
    return channels > 0 ? static_cast<int64_t>(samples.size()) / channels : 0;
  }
  double duration_s() const {
    return sample_rate_hz > 0 ? static_cast<double>(frame_count()) / sample_rate_hz : 0.0;
  }
};

// Text tags read from the container (ID3, Vorbis comments, MP4 atoms).
struct MediaTags {
  std::string title;
  std::string artist;
  std::string album;
};

}  // namespace beatframe
