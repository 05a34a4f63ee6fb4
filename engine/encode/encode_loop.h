// FFmpeg's send/receive encode loop (doc/examples/mux.c): hands one frame (or
// the end of stream) to an encoder and writes every packet it yields to the
// muxer. Shared by the video and audio encoders. Internal to bf_encode.
#pragma once

#include <mutex>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include "absl/status/status.h"

namespace beatframe::encode_internal {

// The one door to an output context's av_interleaved_write_frame, so the
// video encoder (caller's thread) and the audio encoder (its own thread) can
// both write packets. Header and trailer are written outside, while no
// encoder runs.
class Muxer {
 public:
  explicit Muxer(AVFormatContext* format) : format_(format) {}
  // Thread-safe. Takes the packet's data (leaves `packet` blank).
  absl::Status Write(AVPacket* packet);

 private:
  AVFormatContext* format_;
  std::mutex mutex_;
};

// Sends `frame` (nullptr = flush, after which the encoder is finished) to
// `codec`, then receives packets until the encoder wants more input (EAGAIN)
// or has nothing left (EOF). Each packet's pts/dts are rescaled from the
// codec's time base to `stream`'s before it goes to `muxer`. `packet` is
// scratch space, unreferenced on return.
absl::Status EncodeAndMux(AVCodecContext* codec, const AVFrame* frame, AVStream* stream, Muxer& muxer,
                          AVPacket* packet);

// Fills the stream's codec parameters from an opened encoder; call after
// avcodec_open2 and before avformat_write_header.
absl::Status PublishCodecParameters(const AVCodecContext* codec, AVStream* stream);

}  // namespace beatframe::encode_internal
