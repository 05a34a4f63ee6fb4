// FFmpeg's send/receive encode loop (doc/examples/mux.c): hands one frame (or
// the end of stream) to an encoder and writes every packet it yields to the
// muxer. Shared by the video and audio encoders. Internal to bf_encode.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include "absl/status/status.h"

namespace beatframe::encode_internal {

// Sends `frame` (nullptr = flush, after which the encoder is finished) to
// `codec`, then receives packets until the encoder wants more input (EAGAIN)
// or has nothing left (EOF). Each packet's pts/dts are rescaled from the
// codec's time base to `stream`'s before av_interleaved_write_frame.
// `packet` is scratch space, unreferenced on return.
absl::Status EncodeAndMux(AVCodecContext* codec, const AVFrame* frame, AVStream* stream,
                          AVFormatContext* format, AVPacket* packet);

// Fills the stream's codec parameters from an opened encoder; call after
// avcodec_open2 and before avformat_write_header.
absl::Status PublishCodecParameters(const AVCodecContext* codec, AVStream* stream);

}  // namespace beatframe::encode_internal
