#include "tests/audio/test_media.h"

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "engine/audio/av_handles.h"
#include "engine/common/av_error.h"
#include "tests/audio/test_util.h"

namespace beatframe::testing_util {
namespace {

using audio_internal::CodecContextPtr;
using audio_internal::FramePtr;
using audio_internal::OutputFormatPtr;
using audio_internal::PacketPtr;

constexpr int kWidth = 64;
constexpr int kHeight = 48;

absl::StatusOr<CodecContextPtr> OpenVideoEncoder(AVCodecID codec_id, AVPixelFormat format, bool global_header) {
  const AVCodec* codec = avcodec_find_encoder(codec_id);
  if (codec == nullptr) return absl::UnimplementedError(absl::StrCat("no encoder ", avcodec_get_name(codec_id)));
  CodecContextPtr encoder(avcodec_alloc_context3(codec));
  encoder->width = kWidth;
  encoder->height = kHeight;
  encoder->pix_fmt = format;
  encoder->time_base = AVRational{1, 10};
  encoder->framerate = AVRational{10, 1};
  if (global_header) encoder->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  const int ret = avcodec_open2(encoder.get(), codec, nullptr);
  if (ret < 0) return AvErrorToStatus(ret, "open video encoder");
  return encoder;
}

// A frame with a gradient in every plane, so the encoders have content.
FramePtr GradientFrame(AVPixelFormat format, int64_t pts) {
  FramePtr frame(av_frame_alloc());
  frame->format = format;
  frame->width = kWidth;
  frame->height = kHeight;
  if (av_frame_get_buffer(frame.get(), 0) < 0) return nullptr;
  for (int plane = 0; plane < 4 && frame->data[plane] != nullptr; ++plane) {
    const int rows = plane == 0 ? kHeight : kHeight / 2;  // yuv420p chroma is half height
    for (int y = 0; y < rows; ++y) {
      for (int x = 0; x < frame->linesize[plane]; ++x) {
        frame->data[plane][y * frame->linesize[plane] + x] = static_cast<uint8_t>(x * 3 + y + pts * 7);
      }
    }
  }
  frame->pts = pts;
  return frame;
}

}  // namespace

absl::Status WritePng(const std::string& path) {
  auto encoder = OpenVideoEncoder(AV_CODEC_ID_PNG, AV_PIX_FMT_RGB24, false);
  if (!encoder.ok()) return encoder.status();
  FramePtr frame = GradientFrame(AV_PIX_FMT_RGB24, 0);
  PacketPtr packet(av_packet_alloc());
  int ret = avcodec_send_frame(encoder->get(), frame.get());
  if (ret >= 0) ret = avcodec_send_frame(encoder->get(), nullptr);
  if (ret >= 0) ret = avcodec_receive_packet(encoder->get(), packet.get());
  if (ret < 0) return AvErrorToStatus(ret, "encode png");
  WriteBytes(path, std::string(reinterpret_cast<const char*>(packet->data), packet->size));
  return absl::OkStatus();
}

absl::Status WriteVideoOnlyMp4(const std::string& path) {
  AVFormatContext* raw = nullptr;
  int ret = avformat_alloc_output_context2(&raw, nullptr, "mp4", path.c_str());
  if (ret < 0) return AvErrorToStatus(ret, "create mp4");
  OutputFormatPtr output(raw);
  auto encoder = OpenVideoEncoder(AV_CODEC_ID_MPEG4, AV_PIX_FMT_YUV420P, true);
  if (!encoder.ok()) return encoder.status();
  AVStream* stream = avformat_new_stream(output.get(), nullptr);
  avcodec_parameters_from_context(stream->codecpar, encoder->get());
  stream->time_base = (*encoder)->time_base;
  ret = avio_open(&output->pb, path.c_str(), AVIO_FLAG_WRITE);
  if (ret >= 0) ret = avformat_write_header(output.get(), nullptr);
  if (ret < 0) return AvErrorToStatus(ret, "write mp4 header");
  PacketPtr packet(av_packet_alloc());
  for (int64_t i = 0; i <= 10; ++i) {
    FramePtr frame = i < 10 ? GradientFrame(AV_PIX_FMT_YUV420P, i) : nullptr;
    ret = avcodec_send_frame(encoder->get(), frame.get());
    if (ret < 0) return AvErrorToStatus(ret, "encode video");
    while (avcodec_receive_packet(encoder->get(), packet.get()) >= 0) {
      av_packet_rescale_ts(packet.get(), (*encoder)->time_base, stream->time_base);
      packet->stream_index = 0;
      ret = av_interleaved_write_frame(output.get(), packet.get());
      if (ret < 0) return AvErrorToStatus(ret, "write video");
    }
  }
  ret = av_write_trailer(output.get());
  return ret < 0 ? AvErrorToStatus(ret, "write mp4 trailer") : absl::OkStatus();
}

}  // namespace beatframe::testing_util
