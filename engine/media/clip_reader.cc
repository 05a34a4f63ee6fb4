#include "engine/media/clip_reader.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "engine/common/av_error.h"
#include "engine/common/status_macros.h"
#include "engine/media/av_orientation.h"
#include "engine/media/media_probe.h"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace beatframe {
namespace {

// Frames this close to an output time count as due (timestamp rounding).
constexpr double kTimeSlackS = 1e-4;

int SwsColorspace(const AVFrame& frame) {
  switch (frame.colorspace) {
    case AVCOL_SPC_BT709: return SWS_CS_ITU709;
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M: return SWS_CS_ITU601;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL: return SWS_CS_BT2020;
    default: break;
  }
  // Untagged: what players assume, HD is BT.709 and SD BT.601.
  return frame.height >= 720 ? SWS_CS_ITU709 : SWS_CS_ITU601;
}

bool FullRange(const AVFrame& frame) {
  if (frame.color_range == AVCOL_RANGE_JPEG) return true;
  const AVPixelFormat format = static_cast<AVPixelFormat>(frame.format);
  return format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUVJ444P;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ClipReader>> ClipReader::Open(const std::string& path,
                                                             const ClipReaderOptions& options) {
  if (options.width <= 0 || options.height <= 0 || options.fps_num <= 0 || options.fps_den <= 0) {
    return absl::InvalidArgumentError("clip reader: bad output size or frame rate");
  }
  std::unique_ptr<ClipReader> reader(new ClipReader());
  reader->path_ = path;
  reader->options_ = options;
  BF_RETURN_IF_ERROR(reader->OpenInput());
  reader->packet_.reset(av_packet_alloc());
  reader->current_.reset(av_frame_alloc());
  reader->next_.reset(av_frame_alloc());
  if (!reader->packet_ || !reader->current_ || !reader->next_) return absl::ResourceExhaustedError("out of memory");
  const size_t luma = static_cast<size_t>(options.width) * options.height;
  const size_t chroma = static_cast<size_t>((options.width + 1) / 2) * ((options.height + 1) / 2);
  reader->y_.assign(luma, 16);
  reader->u_.assign(chroma, 128);
  reader->v_.assign(chroma, 128);
  // Scaled as stored, then turned: the turn runs at the output size.
  DisplayedSize(reader->orientation_, options.width, options.height, &reader->stored_width_,
                &reader->stored_height_);
  if (reader->orientation_ != Orientation::kNormal) {
    reader->stored_y_.assign(luma, 16);
    reader->stored_u_.assign(chroma, 128);
    reader->stored_v_.assign(chroma, 128);
  }
  return reader;
}

absl::Status ClipReader::OpenInput() {
  BF_ASSIGN_OR_RETURN(format_, OpenInputByContent(path_));
  int ret = avformat_find_stream_info(format_.get(), nullptr);
  if (ret < 0) return Annotate(AvErrorToStatus(ret, "read"), absl::StrCat("clip '", path_, "'"));
  // The best video stream that is not cover art.
  stream_index_ = -1;
  for (unsigned i = 0; i < format_->nb_streams; ++i) {
    AVStream* stream = format_->streams[i];
    const bool picture = stream->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
                         !(stream->disposition & AV_DISPOSITION_ATTACHED_PIC);
    if (picture && stream_index_ < 0) {
      stream_index_ = static_cast<int>(i);
    } else {
      stream->discard = AVDISCARD_ALL;  // the clip's audio is never read
    }
  }
  if (stream_index_ < 0) return absl::InvalidArgumentError(absl::StrCat("clip '", path_, "' has no video stream"));
  const AVStream& stream = *format_->streams[stream_index_];
  time_base_ = stream.time_base;
  orientation_ = StreamOrientation(stream);
  const AVCodec* codec = avcodec_find_decoder(stream.codecpar->codec_id);
  if (codec == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("clip '", path_, "': no decoder for ",
                                                   avcodec_get_name(stream.codecpar->codec_id)));
  }
  decoder_.reset(avcodec_alloc_context3(codec));
  if (!decoder_) return absl::ResourceExhaustedError("out of memory");
  ret = avcodec_parameters_to_context(decoder_.get(), stream.codecpar);
  // One thread: the render shares two cores with the H.264 encoder.
  decoder_->thread_count = 1;
  if (ret >= 0) ret = avcodec_open2(decoder_.get(), codec, nullptr);
  if (ret < 0) return Annotate(AvErrorToStatus(ret, "open decoder"), absl::StrCat("clip '", path_, "'"));
  flushing_ = false;
  return absl::OkStatus();
}

double ClipReader::FrameSeconds(const AVFrame& frame) {
  int64_t pts = frame.best_effort_timestamp;
  if (pts == AV_NOPTS_VALUE) pts = frame.pts;
  if (pts == AV_NOPTS_VALUE) return have_current_ ? current_s_ + std::max(last_frame_s_, 1e-3) : 0.0;
  if (first_pts_ == AV_NOPTS_VALUE) first_pts_ = pts;
  return std::max(0.0, static_cast<double>(pts - first_pts_) * av_q2d(time_base_));
}

absl::StatusOr<bool> ClipReader::DecodeNext() {
  while (true) {
    int ret = avcodec_receive_frame(decoder_.get(), next_.get());
    if (ret >= 0) {
      next_s_ = FrameSeconds(*next_);
      have_next_ = true;
      return true;
    }
    if (ret == AVERROR_EOF) return false;
    // A frame that fails to decode ends the pass early rather than the render.
    if (ret != AVERROR(EAGAIN) || flushing_) return false;
    ret = av_read_frame(format_.get(), packet_.get());
    if (ret < 0) {
      avcodec_send_packet(decoder_.get(), nullptr);  // end of the file (or unreadable rest): drain
      flushing_ = true;
      continue;
    }
    if (packet_->stream_index == stream_index_) avcodec_send_packet(decoder_.get(), packet_.get());
    av_packet_unref(packet_.get());
  }
}

absl::Status ClipReader::Rewind() {
  have_next_ = false;
  const int64_t start = first_pts_ != AV_NOPTS_VALUE ? first_pts_ : 0;
  if (av_seek_frame(format_.get(), stream_index_, start, AVSEEK_FLAG_BACKWARD) >= 0) {
    avcodec_flush_buffers(decoder_.get());
    flushing_ = false;
    return absl::OkStatus();
  }
  // Not seekable: open it again.
  decoder_.reset();
  format_.reset();
  return OpenInput();
}

absl::StatusOr<Yuv420Image> ClipReader::FrameAt(int64_t index) {
  if (index < 0) index = 0;
  if (index < last_index_) {
    BF_RETURN_IF_ERROR(Rewind());
    have_current_ = false;
    loop_base_s_ = 0.0;
  }
  last_index_ = index;
  const double target_s = static_cast<double>(index) * options_.fps_den / options_.fps_num;
  // Whole passes of a clip of known length are skipped, not decoded.
  if (loop_duration_s_ > 0.0 && target_s - loop_base_s_ >= 2.0 * loop_duration_s_) {
    loop_base_s_ += loop_duration_s_ * std::floor((target_s - loop_base_s_) / loop_duration_s_ - 1.0);
  }
  for (int passes = 0; passes < 3; ++passes) {
    const double local_s = target_s - loop_base_s_;
    bool ended = false;
    while (true) {
      if (!have_next_) {
        BF_ASSIGN_OR_RETURN(const bool decoded, DecodeNext());
        if (!decoded) {
          ended = true;
          break;
        }
      }
      if (have_current_ && next_s_ > local_s + kTimeSlackS) break;
      if (have_current_ && next_s_ > current_s_) last_frame_s_ = next_s_ - current_s_;
      std::swap(current_, next_);
      current_s_ = next_s_;
      have_current_ = true;
      have_next_ = false;
      scaled_valid_ = false;
    }
    if (!have_current_) {
      return absl::InvalidArgumentError(absl::StrCat("clip '", path_, "': no video frame decodes"));
    }
    if (!ended) break;
    // The pass ended: hold its last frame for its duration, then loop. A
    // one-frame clip is a still: it holds.
    const double step = last_frame_s_ > 0.0 ? last_frame_s_ : 1.0 / 25.0;
    const double duration = current_s_ + step;
    if (current_s_ <= 0.0 || local_s < duration - kTimeSlackS) break;
    loop_duration_s_ = duration;
    loop_base_s_ += duration;
    BF_RETURN_IF_ERROR(Rewind());
  }
  if (!scaled_valid_) BF_RETURN_IF_ERROR(ScaleCurrent());
  Yuv420Image image;
  image.width = options_.width;
  image.height = options_.height;
  image.planes[0] = y_.data();
  image.planes[1] = u_.data();
  image.planes[2] = v_.data();
  image.strides[0] = options_.width;
  image.strides[1] = image.strides[2] = (options_.width + 1) / 2;
  return image;
}

absl::Status ClipReader::ScaleCurrent() {
  AVFrame& frame = *current_;
  // Centre crop to the output's shape as stored (taking non-square pixels
  // into account), so the scale below fills the frame without stretching.
  // The crop is centred, so it is the same whichever way the picture turns.
  const double sar = frame.sample_aspect_ratio.num > 0 && frame.sample_aspect_ratio.den > 0
                         ? av_q2d(frame.sample_aspect_ratio)
                         : 1.0;
  const double source_aspect = frame.width * sar / frame.height;
  const double target_aspect = static_cast<double>(stored_width_) / stored_height_;
  frame.crop_left = frame.crop_right = frame.crop_top = frame.crop_bottom = 0;
  if (source_aspect > target_aspect) {
    const int keep = std::clamp(static_cast<int>(std::lround(frame.height * target_aspect / sar)), 1, frame.width);
    frame.crop_left = (frame.width - keep) / 2;
    frame.crop_right = frame.width - keep - frame.crop_left;
  } else {
    const int keep = std::clamp(static_cast<int>(std::lround(frame.width * sar / target_aspect)), 1, frame.height);
    frame.crop_top = (frame.height - keep) / 2;
    frame.crop_bottom = frame.height - keep - frame.crop_top;
  }
  if (av_frame_apply_cropping(&frame, AV_FRAME_CROP_UNALIGNED) < 0) {
    return absl::InternalError(absl::StrCat("clip '", path_, "': cannot crop a frame"));
  }
  SwsContext* const previous = sws_.release();  // getCachedContext frees it when it cannot reuse it
  SwsContext* context = sws_getCachedContext(previous, frame.width, frame.height,
                                             static_cast<AVPixelFormat>(frame.format), stored_width_,
                                             stored_height_, AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr,
                                             nullptr);
  if (context == nullptr) {
    const char* name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame.format));
    return absl::InvalidArgumentError(
        absl::StrCat("clip '", path_, "': cannot convert pixel format ", name != nullptr ? name : "?"));
  }
  const bool changed = context != previous;
  sws_.reset(context);
  const int colorspace = SwsColorspace(frame), range = FullRange(frame) ? 1 : 0;
  if (changed || colorspace != sws_colorspace_ || range != sws_range_) {
    // The encoder writes BT.709 limited range; convert whatever the clip uses.
    sws_setColorspaceDetails(sws_.get(), sws_getCoefficients(colorspace), range,
                             sws_getCoefficients(SWS_CS_ITU709), 0, 0, 1 << 16, 1 << 16);
    sws_colorspace_ = colorspace;
    sws_range_ = range;
  }
  const bool turned = orientation_ != Orientation::kNormal;
  uint8_t* dst[4] = {turned ? stored_y_.data() : y_.data(), turned ? stored_u_.data() : u_.data(),
                     turned ? stored_v_.data() : v_.data(), nullptr};
  const int chroma_stride = (stored_width_ + 1) / 2;
  int dst_stride[4] = {stored_width_, chroma_stride, chroma_stride, 0};
  sws_scale(sws_.get(), frame.data, frame.linesize, 0, frame.height, dst, dst_stride);
  if (turned) {
    const int chroma_width = (stored_width_ + 1) / 2, chroma_height = (stored_height_ + 1) / 2;
    const int out_chroma_stride = (options_.width + 1) / 2;
    OrientPlane(stored_y_.data(), stored_width_, stored_width_, stored_height_, orientation_, y_.data(),
                options_.width);
    OrientPlane(stored_u_.data(), chroma_stride, chroma_width, chroma_height, orientation_, u_.data(),
                out_chroma_stride);
    OrientPlane(stored_v_.data(), chroma_stride, chroma_width, chroma_height, orientation_, v_.data(),
                out_chroma_stride);
  }
  scaled_valid_ = true;
  return absl::OkStatus();
}

}  // namespace beatframe
