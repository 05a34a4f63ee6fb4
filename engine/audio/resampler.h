// Converts decoded AVFrames (any sample format, layout and rate) into
// interleaved float samples at a fixed output rate and channel count, using
// libswresample. Internal to the decoder.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "engine/audio/av_handles.h"

namespace beatframe::audio_internal {

class Resampler {
 public:
  // `output_rate_hz` 0 keeps the first frame's rate; `output_channels` 0 keeps
  // the first frame's layout, 1 mixes to mono, 2 to stereo (5.1 is downmixed
  // with libswresample's standard matrix).
  Resampler(int output_rate_hz, int output_channels);
  ~Resampler();
  Resampler(const Resampler&) = delete;
  Resampler& operator=(const Resampler&) = delete;

  // Appends `frame` converted to `out`. The input format may change between
  // frames (e.g. HE-AAC switching rate); the converter is rebuilt when it does.
  absl::Status Convert(const AVFrame& frame, std::vector<float>& out);
  // Appends what the resampling filter still holds. Call once after the last frame.
  absl::Status Flush(std::vector<float>& out);

  // Valid after the first Convert().
  int output_rate_hz() const { return output_rate_hz_; }
  int output_channels() const { return output_layout_.nb_channels; }

 private:
  absl::Status Configure(const AVFrame& frame);
  bool MatchesInput(const AVFrame& frame) const;

  int requested_channels_;
  int output_rate_hz_;
  AVChannelLayout output_layout_{};
  AVChannelLayout input_layout_{};
  int input_rate_hz_ = 0;
  int input_format_ = -1;
  SwrPtr swr_;
};

}  // namespace beatframe::audio_internal
