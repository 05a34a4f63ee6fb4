// The H.264 half of Mp4Writer: libx264 through libavcodec, yuv420p with BT.709
// limited-range tags, a keyframe every ~2 s. Internal to bf_encode.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/encode/av_handles.h"
#include "engine/encode/encode_loop.h"
#include "engine/encode/mp4_writer.h"
#include "engine/render/frame.h"

namespace beatframe::encode_internal {

class VideoEncoder {
 public:
  // Adds a video stream to `format` and opens libx264 with the options'
  // size, rate, preset, tune, CRF and params; packets go to `muxer`. Both
  // must outlive the encoder. INVALID_ARGUMENT when libx264 rejects an option.
  static absl::StatusOr<std::unique_ptr<VideoEncoder>> Create(const Mp4WriterOptions& options,
                                                              AVFormatContext* format, Muxer* muxer);

  // Encodes `frame` (which must have the stream's size) with pts = number of
  // frames encoded before, in the time base fps_den/fps_num. The pixels are
  // read before return; the caller may reuse the buffer.
  absl::Status Encode(const FrameView& frame);
  // Drains the encoder. Call once, after the last Encode.
  absl::Status Flush();

  int64_t frames_encoded() const { return next_pts_; }

 private:
  // AVBuffer free callback of a borrowed plane: counts it returned.
  static void ReleasePlane(void* opaque, uint8_t* data);

  VideoEncoder(Muxer* muxer, AVStream* stream, CodecContextPtr codec, FramePtr frame, PacketPtr packet);

  Muxer* muxer_;
  AVStream* stream_;
  CodecContextPtr codec_;
  FramePtr frame_;
  PacketPtr packet_;
  std::atomic<int> borrowed_planes_{0};   // planes of the current frame libavcodec still holds
  int64_t next_pts_ = 0;   // in codec_->time_base (one tick per frame)
};

}  // namespace beatframe::encode_internal
