// Writes an MP4 with one H.264 video stream (yuv420p) and one AAC audio
// stream, moov atom up front (faststart). Follows FFmpeg's send/receive loop.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/render/frame.h"

namespace beatframe {

struct Mp4WriterOptions {
  int width = 1920;
  int height = 1080;
  int fps_num = 30;
  int fps_den = 1;
  std::string x264_preset = "veryfast";
  int crf = 20;
  // Optional libx264 tuning ("animation", "zerolatency", ...); empty for none.
  std::string x264_tune;
  // Optional extra libx264 options, "key=value:key=value" (x264 CLI names),
  // applied after the preset and tune, e.g. "rc-lookahead=10:bframes=2".
  std::string x264_params;
  int audio_sample_rate_hz = 48000;   // 44100 or 48000
  int audio_channels = 2;
  int64_t audio_bit_rate = 192000;    // >= 192 kbps
};

// Not thread-safe: call from one thread at a time. Internally the AAC encoder
// runs on a thread of its own, so WriteAudio returns quickly.
class Mp4Writer {
 public:
  // Opens `path` for writing (the caller writes to a temporary name and
  // renames on success). INVALID_ARGUMENT for bad options.
  static absl::StatusOr<std::unique_ptr<Mp4Writer>> Create(const std::string& path,
                                                           const Mp4WriterOptions& options);
  virtual ~Mp4Writer() = default;

  // Encodes the next video frame (frame pts counts up from 0). The frame's
  // pixels are read before return, so the caller may reuse the buffer.
  virtual absl::Status WriteVideoFrame(const FrameView& frame) = 0;
  // Encodes interleaved float audio at the writer's rate and channel count.
  // The samples are copied and encoded on the writer's audio thread: an
  // encoding error shows up on a later WriteAudio or on Finish.
  virtual absl::Status WriteAudio(const float* interleaved, int64_t frame_count) = 0;
  // Flushes both encoders and writes the trailer. Call once, after the last write.
  virtual absl::Status Finish() = 0;
};

}  // namespace beatframe
