#include "engine/media/still_image.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/common/av_error.h"
#include "engine/common/av_handles.h"
#include "engine/common/status_macros.h"
#include "engine/media/av_orientation.h"
#include "engine/media/media_probe.h"
#include "engine/media/picture_orientation.h"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace beatframe {
namespace {

absl::Status Corrupt(const std::string& path, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("'", path, "' is not a readable image (", why,
                                                 "); accepted: ", AcceptedVisualFormatsText()));
}

absl::Status CheckSize(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return Corrupt(path, "no picture size");
  if (width > kMaxImageSide || height > kMaxImageSide ||
      static_cast<int64_t>(width) * height > kMaxImagePixels) {
    return absl::InvalidArgumentError(absl::StrCat("'", path, "' is ", width, "x", height,
                                                   " pixels; images may have at most ", kMaxImageSide,
                                                   " pixels a side and ", kMaxImagePixels / 1000000,
                                                   " megapixels"));
  }
  return absl::OkStatus();
}

// Decodes the first picture of the file's video stream.
absl::StatusOr<av::FramePtr> DecodeFirstPicture(const std::string& path, AVFormatContext& format) {
  const int index = av_find_best_stream(&format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) return Corrupt(path, "no picture in it");
  const AVStream& stream = *format.streams[index];
  // The header's size, before a single pixel is decoded.
  if (stream.codecpar->width > 0 || stream.codecpar->height > 0) {
    BF_RETURN_IF_ERROR(CheckSize(path, stream.codecpar->width, stream.codecpar->height));
  }
  const AVCodec* codec = avcodec_find_decoder(stream.codecpar->codec_id);
  if (codec == nullptr) return Corrupt(path, absl::StrCat("no decoder for ", avcodec_get_name(stream.codecpar->codec_id)));
  av::CodecContextPtr decoder(avcodec_alloc_context3(codec));
  if (!decoder) return absl::ResourceExhaustedError("out of memory");
  int ret = avcodec_parameters_to_context(decoder.get(), stream.codecpar);
  if (ret < 0) return AvErrorToStatus(ret, absl::StrCat("decode '", path, "'"));
  decoder->thread_count = 1;
  // Refuse damaged data instead of concealing it: a truncated upload should
  // fail now, not show as a grey half picture in the video.
  decoder->err_recognition = AV_EF_EXPLODE | AV_EF_CRCCHECK | AV_EF_BITSTREAM;
  // The decoder checks the size again from the bitstream itself.
  decoder->max_pixels = kMaxImagePixels;
  ret = avcodec_open2(decoder.get(), codec, nullptr);
  if (ret < 0) return AvErrorToStatus(ret, absl::StrCat("decode '", path, "'"));

  av::PacketPtr packet(av_packet_alloc());
  av::FramePtr frame(av_frame_alloc());
  if (!packet || !frame) return absl::ResourceExhaustedError("out of memory");
  bool flushed = false;
  while (true) {
    ret = avcodec_receive_frame(decoder.get(), frame.get());
    if (ret >= 0) break;
    if (ret == AVERROR_EOF) return Corrupt(path, "it holds no complete picture");
    if (ret != AVERROR(EAGAIN)) return Corrupt(path, AvErrorToStatus(ret, "decode").message());
    if (flushed) return Corrupt(path, "it holds no complete picture");
    ret = av_read_frame(&format, packet.get());
    if (ret == AVERROR_EOF) {
      ret = avcodec_send_packet(decoder.get(), nullptr);
      flushed = true;
    } else if (ret < 0) {
      return Corrupt(path, AvErrorToStatus(ret, "read").message());
    } else {
      if (packet->stream_index == index) ret = avcodec_send_packet(decoder.get(), packet.get());
      av_packet_unref(packet.get());
    }
    if (ret < 0 && ret != AVERROR(EAGAIN)) return Corrupt(path, AvErrorToStatus(ret, "decode").message());
  }
  if (frame->decode_error_flags != 0 || (frame->flags & AV_FRAME_FLAG_CORRUPT)) {
    return Corrupt(path, "the picture data is damaged or truncated");
  }
  BF_RETURN_IF_ERROR(CheckSize(path, frame->width, frame->height));
  return frame;
}

// The output size from the upright picture's: its own, or smaller so it just
// covers the target.
void OutputSize(int source_width, int source_height, const StillImageOptions& options, int* width, int* height) {
  *width = source_width;
  *height = source_height;
  if (options.cover_width <= 0 || options.cover_height <= 0) return;
  const double scale = std::max(static_cast<double>(options.cover_width) / source_width,
                                static_cast<double>(options.cover_height) / source_height);
  if (scale >= 1.0) return;
  *width = std::max(1, static_cast<int>(std::ceil(source_width * scale)));
  *height = std::max(1, static_cast<int>(std::ceil(source_height * scale)));
}

}  // namespace

absl::StatusOr<Picture> DecodeStillImage(const std::string& path, const StillImageOptions& options,
                                         int* source_width, int* source_height) {
  BF_ASSIGN_OR_RETURN(av::InputFormatPtr format, OpenInputByContent(path));
  BF_ASSIGN_OR_RETURN(av::FramePtr frame, DecodeFirstPicture(path, *format));
  // Phone photos are stored sideways with an EXIF Orientation: the cover
  // size and the reported size are those of the upright picture; it is
  // scaled as stored and turned last (the turn is cheaper at the smaller size).
  const Orientation orientation = FrameOrientation(*frame);
  int upright_width = 0, upright_height = 0;
  DisplayedSize(orientation, frame->width, frame->height, &upright_width, &upright_height);
  if (source_width != nullptr) *source_width = upright_width;
  if (source_height != nullptr) *source_height = upright_height;
  int width = 0, height = 0;
  OutputSize(upright_width, upright_height, options, &width, &height);
  if (SwapsWidthAndHeight(orientation)) std::swap(width, height);
  // Area averaging when shrinking (no aliasing on detailed photos).
  av::SwsPtr sws(sws_getContext(frame->width, frame->height, static_cast<AVPixelFormat>(frame->format), width,
                                height, AV_PIX_FMT_RGBA, width < frame->width ? SWS_AREA : SWS_BICUBIC, nullptr,
                                nullptr, nullptr));
  if (!sws) {
    const char* name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame->format));
    return Corrupt(path, absl::StrCat("cannot convert its pixel format ", name != nullptr ? name : "?"));
  }
  Picture picture(width, height);
  uint8_t* dst[4] = {picture.pixels.data(), nullptr, nullptr, nullptr};
  int dst_stride[4] = {width * 4, 0, 0, 0};
  sws_scale(sws.get(), frame->data, frame->linesize, 0, frame->height, dst, dst_stride);
  // Transparent parts (PNG, WebP, GIF) show as if over black, like the video does.
  for (size_t i = 0; i < picture.pixels.size(); i += 4) {
    const unsigned a = picture.pixels[i + 3];
    if (a == 255) continue;
    for (int c = 0; c < 3; ++c) picture.pixels[i + c] = static_cast<uint8_t>((picture.pixels[i + c] * a + 127) / 255);
    picture.pixels[i + 3] = 255;
  }
  return OrientPicture(std::move(picture), orientation);
}

}  // namespace beatframe
