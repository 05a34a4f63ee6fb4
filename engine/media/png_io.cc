#include "engine/media/png_io.h"

#include <cstdio>
#include <memory>

#include "absl/strings/str_cat.h"
#include "engine/common/av_error.h"
#include "engine/common/av_handles.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

namespace beatframe {
namespace {

using InputDeleter = av::InputFormatDeleter;
using CodecDeleter = av::CodecContextDeleter;
using av::FrameDeleter;
using av::PacketDeleter;
using av::SwsDeleter;
struct FileCloser {
  void operator()(FILE* file) const { std::fclose(file); }
};

}  // namespace

absl::Status WriteYuv420Png(int width, int height, const uint8_t* const planes[3], const int strides[3],
                            const std::string& path) {
  if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
    return absl::InvalidArgumentError(absl::StrCat("png '", path, "': bad size ", width, "x", height));
  }
  std::unique_ptr<SwsContext, SwsDeleter> sws(sws_getContext(width, height, AV_PIX_FMT_YUV420P, width, height,
                                                             AV_PIX_FMT_RGB24, SWS_BICUBIC | SWS_ACCURATE_RND,
                                                             nullptr, nullptr, nullptr));
  if (!sws) return absl::InternalError("png: no yuv420p -> rgb24 converter");
  // The frames are BT.709 limited range; PNG is full-range RGB.
  const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
  sws_setColorspaceDetails(sws.get(), bt709, 0, bt709, 1, 0, 1 << 16, 1 << 16);
  std::unique_ptr<AVFrame, FrameDeleter> rgb(av_frame_alloc());
  rgb->format = AV_PIX_FMT_RGB24;
  rgb->width = width;
  rgb->height = height;
  int ret = av_frame_get_buffer(rgb.get(), 0);
  if (ret < 0) return AvErrorToStatus(ret, "png: allocate frame");
  sws_scale(sws.get(), planes, strides, 0, height, rgb->data, rgb->linesize);

  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_PNG);
  if (codec == nullptr) return absl::UnimplementedError("png: FFmpeg has no PNG encoder");
  std::unique_ptr<AVCodecContext, CodecDeleter> encoder(avcodec_alloc_context3(codec));
  encoder->width = width;
  encoder->height = height;
  encoder->pix_fmt = AV_PIX_FMT_RGB24;
  encoder->time_base = AVRational{1, 1};
  ret = avcodec_open2(encoder.get(), codec, nullptr);
  if (ret < 0) return AvErrorToStatus(ret, "png: open encoder");
  std::unique_ptr<AVPacket, PacketDeleter> packet(av_packet_alloc());
  ret = avcodec_send_frame(encoder.get(), rgb.get());
  if (ret >= 0) ret = avcodec_receive_packet(encoder.get(), packet.get());
  if (ret < 0) return AvErrorToStatus(ret, "png: encode");

  std::unique_ptr<FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
  if (!file) return absl::NotFoundError(absl::StrCat("png: cannot create '", path, "'"));
  if (std::fwrite(packet->data, 1, packet->size, file.get()) != static_cast<size_t>(packet->size) ||
      std::fflush(file.get()) != 0) {
    return absl::InternalError(absl::StrCat("png: write '", path, "'"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Picture> ReadImageFile(const std::string& path) {
  AVFormatContext* raw = nullptr;
  int ret = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  if (ret < 0) return AvErrorToStatus(ret, absl::StrCat("open '", path, "'"));
  std::unique_ptr<AVFormatContext, InputDeleter> input(raw);
  ret = avformat_find_stream_info(input.get(), nullptr);
  if (ret < 0) return AvErrorToStatus(ret, absl::StrCat("read '", path, "'"));
  const int index = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) return absl::InvalidArgumentError(absl::StrCat("'", path, "' holds no picture"));
  const AVCodecParameters* params = input->streams[index]->codecpar;
  const AVCodec* codec = avcodec_find_decoder(params->codec_id);
  if (codec == nullptr) return absl::InvalidArgumentError(absl::StrCat("'", path, "': no decoder"));
  std::unique_ptr<AVCodecContext, CodecDeleter> decoder(avcodec_alloc_context3(codec));
  ret = avcodec_parameters_to_context(decoder.get(), params);
  if (ret >= 0) ret = avcodec_open2(decoder.get(), codec, nullptr);
  if (ret < 0) return AvErrorToStatus(ret, absl::StrCat("'", path, "': open decoder"));
  std::unique_ptr<AVPacket, PacketDeleter> packet(av_packet_alloc());
  std::unique_ptr<AVFrame, FrameDeleter> frame(av_frame_alloc());
  bool got = false;
  while (!got && av_read_frame(input.get(), packet.get()) >= 0) {
    if (packet->stream_index == index && avcodec_send_packet(decoder.get(), packet.get()) >= 0) {
      got = avcodec_receive_frame(decoder.get(), frame.get()) >= 0;
    }
    av_packet_unref(packet.get());
  }
  if (!got) {
    avcodec_send_packet(decoder.get(), nullptr);
    got = avcodec_receive_frame(decoder.get(), frame.get()) >= 0;
  }
  if (!got) return absl::InvalidArgumentError(absl::StrCat("'", path, "': the picture does not decode"));
  std::unique_ptr<SwsContext, SwsDeleter> sws(sws_getContext(frame->width, frame->height,
                                                             static_cast<AVPixelFormat>(frame->format), frame->width,
                                                             frame->height, AV_PIX_FMT_RGBA, SWS_BICUBIC, nullptr,
                                                             nullptr, nullptr));
  if (!sws) return absl::InvalidArgumentError(absl::StrCat("'", path, "': cannot convert to RGBA"));
  Picture picture(frame->width, frame->height);
  uint8_t* dst[4] = {picture.pixels.data(), nullptr, nullptr, nullptr};
  int dst_stride[4] = {frame->width * 4, 0, 0, 0};
  sws_scale(sws.get(), frame->data, frame->linesize, 0, frame->height, dst, dst_stride);
  return picture;
}

}  // namespace beatframe
