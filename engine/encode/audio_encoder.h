// The AAC half of Mp4Writer: FFmpeg's native `aac` encoder on planar float
// input. An AVAudioFifo cuts the caller's arbitrary-length interleaved blocks
// into the encoder's frame_size chunks. Internal to bf_encode.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/encode/av_handles.h"
#include "engine/encode/encode_loop.h"
#include "engine/encode/mp4_writer.h"

namespace beatframe::encode_internal {

class AudioEncoder {
 public:
  // Adds an audio stream to `format` and opens the AAC encoder at the
  // options' rate, channel count and bit rate; packets go to `muxer`. Both
  // must outlive the encoder. Not thread-safe: use from one thread at a time.
  static absl::StatusOr<std::unique_ptr<AudioEncoder>> Create(const Mp4WriterOptions& options,
                                                              AVFormatContext* format, Muxer* muxer);

  // Queues `frame_count` interleaved frames and encodes every full AAC frame.
  absl::Status Write(const float* interleaved, int64_t frame_count);
  // Encodes what is left (a short last frame, padded with silence by the
  // encoder so the stream ends exactly at the last sample) and drains the
  // encoder. Call once, after the last Write.
  absl::Status Flush();

  int channels() const { return channels_; }
  int64_t samples_written() const { return samples_queued_; }

 private:
  AudioEncoder(Muxer* muxer, AVStream* stream, CodecContextPtr codec, FramePtr frame, PacketPtr packet,
               AudioFifoPtr fifo);
  // Encodes `sample_count` samples from the fifo as one frame.
  absl::Status EncodeFromFifo(int sample_count);

  Muxer* muxer_;
  AVStream* stream_;
  CodecContextPtr codec_;
  FramePtr frame_;
  PacketPtr packet_;
  AudioFifoPtr fifo_;
  int channels_;
  int frame_size_;
  int64_t next_pts_ = 0;        // in 1/sample_rate
  int64_t samples_queued_ = 0;  // per channel, everything passed to Write
  std::vector<std::vector<float>> planar_;   // deinterleave scratch, one per channel
};

}  // namespace beatframe::encode_internal
