#include "engine/media/cover_art.h"

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

using InputPtr = av::InputFormatPtr;
using CodecPtr = av::CodecContextPtr;
using av::FramePtr;
using av::SwsPtr;

// Decodes the one packet an attached-picture stream carries.
absl::StatusOr<FramePtr> DecodePicture(const AVStream& stream, const std::string& what) {
  const AVCodec* codec = avcodec_find_decoder(stream.codecpar->codec_id);
  if (codec == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": no decoder for ", avcodec_get_name(stream.codecpar->codec_id)));
  }
  CodecPtr decoder(avcodec_alloc_context3(codec));
  if (!decoder) return absl::ResourceExhaustedError(absl::StrCat(what, ": out of memory"));
  int ret = avcodec_parameters_to_context(decoder.get(), stream.codecpar);
  if (ret >= 0) ret = avcodec_open2(decoder.get(), codec, nullptr);
  if (ret < 0) return AvErrorToStatus(ret, absl::StrCat(what, ": open decoder"));
  // A const packet: send_packet only reads it (it references the data).
  ret = avcodec_send_packet(decoder.get(), &stream.attached_pic);
  if (ret >= 0) ret = avcodec_send_packet(decoder.get(), nullptr);  // flush: one picture
  if (ret < 0) return AvErrorToStatus(ret, absl::StrCat(what, ": decode"));
  FramePtr frame(av_frame_alloc());
  ret = avcodec_receive_frame(decoder.get(), frame.get());
  if (ret < 0) return AvErrorToStatus(ret == AVERROR_EOF ? AVERROR_INVALIDDATA : ret, absl::StrCat(what, ": decode"));
  return frame;
}

absl::StatusOr<Picture> ToRgba(const AVFrame& frame, const std::string& what) {
  if (frame.width <= 0 || frame.height <= 0 || frame.width > 16384 || frame.height > 16384) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": bad picture size ", frame.width, "x", frame.height));
  }
  SwsPtr sws(sws_getContext(frame.width, frame.height, static_cast<AVPixelFormat>(frame.format), frame.width,
                            frame.height, AV_PIX_FMT_RGBA, SWS_BICUBIC, nullptr, nullptr, nullptr));
  if (!sws) return absl::InvalidArgumentError(absl::StrCat(what, ": cannot convert the picture to RGBA"));
  Picture image(frame.width, frame.height);
  uint8_t* dst[4] = {image.pixels.data(), nullptr, nullptr, nullptr};
  int dst_stride[4] = {frame.width * 4, 0, 0, 0};
  sws_scale(sws.get(), frame.data, frame.linesize, 0, frame.height, dst, dst_stride);
  return image;
}

}  // namespace

absl::StatusOr<std::optional<Picture>> ExtractCoverArt(const std::string& path) {
  const std::string what = absl::StrCat("cover art of '", path, "'");
  AVFormatContext* raw = nullptr;
  const int ret = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  if (ret < 0) return AvErrorToStatus(ret, absl::StrCat("open '", path, "'"));
  InputPtr input(raw);
  // No avformat_find_stream_info: the demuxer reads the picture while
  // opening, and probing the audio would decode part of the track.
  for (unsigned i = 0; i < input->nb_streams; ++i) {
    const AVStream& stream = *input->streams[i];
    if (!(stream.disposition & AV_DISPOSITION_ATTACHED_PIC) || stream.attached_pic.size <= 0) continue;
    absl::StatusOr<FramePtr> frame = DecodePicture(stream, what);
    if (!frame.ok()) return frame.status();
    absl::StatusOr<Picture> image = ToRgba(**frame, what);
    if (!image.ok()) return image.status();
    return std::optional<Picture>(std::move(*image));
  }
  return std::optional<Picture>();
}

}  // namespace beatframe
