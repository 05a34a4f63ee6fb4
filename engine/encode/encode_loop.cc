#include "engine/encode/encode_loop.h"

#include "engine/common/av_error.h"

namespace beatframe::encode_internal {

absl::Status Muxer::Write(AVPacket* packet) {
  std::lock_guard<std::mutex> lock(mutex_);
  const int ret = av_interleaved_write_frame(format_, packet);
  if (ret < 0) return AvErrorToStatus(ret, "write packet");
  return absl::OkStatus();
}

absl::Status EncodeAndMux(AVCodecContext* codec, const AVFrame* frame, AVStream* stream, Muxer& muxer,
                          AVPacket* packet) {
  int ret = avcodec_send_frame(codec, frame);
  if (ret < 0) return AvErrorToStatus(ret, frame ? "send frame to encoder" : "flush encoder");
  while (true) {
    ret = avcodec_receive_packet(codec, packet);
    // EAGAIN: the encoder needs the next frame; EOF: fully flushed. Both end
    // this call normally.
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return absl::OkStatus();
    if (ret < 0) return AvErrorToStatus(ret, "receive packet from encoder");
    av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
    packet->stream_index = stream->index;
    if (absl::Status written = muxer.Write(packet); !written.ok()) return written;
  }
}

absl::Status PublishCodecParameters(const AVCodecContext* codec, AVStream* stream) {
  int ret = avcodec_parameters_from_context(stream->codecpar, codec);
  if (ret < 0) return AvErrorToStatus(ret, "copy codec parameters");
  // A hint only: the muxer picks its own time base in avformat_write_header.
  stream->time_base = codec->time_base;
  return absl::OkStatus();
}

}  // namespace beatframe::encode_internal
