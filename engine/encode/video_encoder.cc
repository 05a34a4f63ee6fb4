#include "engine/encode/video_encoder.h"

#include <algorithm>
#include <cmath>
#include <thread>
#include <utility>

extern "C" {
#include <libavutil/buffer.h>
#include <libavutil/frame.h>
#include <libavutil/opt.h>
}

#include "absl/strings/str_cat.h"
#include "engine/common/av_error.h"
#include "engine/common/status_macros.h"
#include "engine/encode/encode_loop.h"

namespace beatframe::encode_internal {
namespace {

constexpr double kKeyframeIntervalS = 2.0;

absl::Status SetPrivateOption(AVCodecContext* codec, const char* name, const std::string& value) {
  int ret = av_opt_set(codec->priv_data, name, value.c_str(), 0);
  if (ret < 0) {
    return absl::InvalidArgumentError(absl::StrCat("libx264 option ", name, "='", value, "' rejected"));
  }
  return absl::OkStatus();
}

int EncoderThreads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return static_cast<int>(std::clamp(2u * std::max(cores, 1u), 2u, 32u));
}

// Everything a browser or phone needs to play the stream: High profile as the
// ceiling (x264 reports the lowest profile the chosen tools need), the level
// picked by x264 from size and rate, 8-bit 4:2:0, BT.709 limited range.
absl::Status ConfigureCodec(const Mp4WriterOptions& options, AVCodecContext* codec) {
  codec->width = options.width;
  codec->height = options.height;
  codec->sample_aspect_ratio = AVRational{1, 1};
  codec->pix_fmt = AV_PIX_FMT_YUV420P;
  codec->time_base = AVRational{options.fps_den, options.fps_num};
  codec->framerate = AVRational{options.fps_num, options.fps_den};
  codec->gop_size = static_cast<int>(std::lround(kKeyframeIntervalS * options.fps_num / options.fps_den));
  codec->color_range = AVCOL_RANGE_MPEG;
  codec->color_primaries = AVCOL_PRI_BT709;
  codec->color_trc = AVCOL_TRC_BT709;
  codec->colorspace = AVCOL_SPC_BT709;
  codec->chroma_sample_location = AVCHROMA_LOC_LEFT;
  // Two x264 frame threads per core, where x264's own default is 1.5: the
  // renderer shares the cores, and an extra frame in flight keeps both busy
  // while it draws. 4% less wall time for a 1080p render on 2 cores
  // (bench/render_psnr, 3 runs each); "threads=" in x264_params still wins.
  codec->thread_count = EncoderThreads();
  BF_RETURN_IF_ERROR(SetPrivateOption(codec, "preset", options.x264_preset));
  if (!options.x264_tune.empty()) BF_RETURN_IF_ERROR(SetPrivateOption(codec, "tune", options.x264_tune));
  BF_RETURN_IF_ERROR(SetPrivateOption(codec, "crf", std::to_string(options.crf)));
  BF_RETURN_IF_ERROR(SetPrivateOption(codec, "profile", "high"));
  if (!options.x264_params.empty()) {
    BF_RETURN_IF_ERROR(SetPrivateOption(codec, "x264-params", options.x264_params));
  }
  return absl::OkStatus();
}

}  // namespace

VideoEncoder::VideoEncoder(Muxer* muxer, AVStream* stream, CodecContextPtr codec, FramePtr frame,
                           PacketPtr packet)
    : muxer_(muxer), stream_(stream), codec_(std::move(codec)), frame_(std::move(frame)),
      packet_(std::move(packet)) {}

absl::StatusOr<std::unique_ptr<VideoEncoder>> VideoEncoder::Create(const Mp4WriterOptions& options,
                                                                   AVFormatContext* format, Muxer* muxer) {
  const AVCodec* x264 = avcodec_find_encoder_by_name("libx264");
  if (x264 == nullptr) return absl::InternalError("libavcodec was built without libx264");
  AVStream* stream = avformat_new_stream(format, nullptr);
  if (stream == nullptr) return absl::ResourceExhaustedError("allocate video stream");
  CodecContextPtr codec(avcodec_alloc_context3(x264));
  FramePtr frame(av_frame_alloc());
  PacketPtr packet(av_packet_alloc());
  if (!codec || !frame || !packet) return absl::ResourceExhaustedError("allocate video encoder");

  BF_RETURN_IF_ERROR(ConfigureCodec(options, codec.get()));
  if (format->oformat->flags & AVFMT_GLOBALHEADER) codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  int ret = avcodec_open2(codec.get(), x264, nullptr);
  if (ret < 0) {
    // Nearly always an option x264 refused (unknown preset or tune, odd size).
    return absl::InvalidArgumentError(absl::StrCat("open libx264 (preset '", options.x264_preset, "', tune '",
                                                   options.x264_tune, "', params '", options.x264_params,
                                                   "'): ", AvErrorToStatus(ret, "avcodec_open2").message()));
  }
  BF_RETURN_IF_ERROR(PublishCodecParameters(codec.get(), stream));
  stream->avg_frame_rate = codec->framerate;

  return std::unique_ptr<VideoEncoder>(
      new VideoEncoder(muxer, stream, std::move(codec), std::move(frame), std::move(packet)));
}

absl::Status VideoEncoder::Encode(const FrameView& view) {
  if (view.width != codec_->width || view.height != codec_->height) {
    return absl::InvalidArgumentError(absl::StrCat("video frame is ", view.width, "x", view.height,
                                                   ", the stream is ", codec_->width, "x", codec_->height));
  }
  // The frame borrows the caller's planes instead of copying them (a 1080p
  // copy was 5% of a render's CPU): libx264 copies every picture into its
  // own padded frames inside x264_encoder_encode, and libavcodec drops its
  // references once the encode call returns. Each plane is wrapped in a
  // reference-counted buffer that owns nothing, so libavcodec takes
  // references instead of copies, and the count below proves the frame was
  // let go before the caller may reuse it.
  borrowed_planes_.store(0);
  frame_->format = codec_->pix_fmt;
  frame_->width = view.width;
  frame_->height = view.height;
  for (int plane = 0; plane < 3; ++plane) {
    const int height = plane == 0 ? view.height : (view.height + 1) / 2;
    const size_t size = static_cast<size_t>(view.strides[plane]) * height;
    frame_->buf[plane] = av_buffer_create(view.planes[plane], size, &VideoEncoder::ReleasePlane, &borrowed_planes_,
                                          AV_BUFFER_FLAG_READONLY);
    if (frame_->buf[plane] == nullptr) {
      av_frame_unref(frame_.get());
      return absl::ResourceExhaustedError("wrap video frame");
    }
    borrowed_planes_.fetch_add(1);
    frame_->data[plane] = view.planes[plane];
    frame_->linesize[plane] = view.strides[plane];
  }
  frame_->pts = next_pts_++;
  frame_->color_range = AVCOL_RANGE_MPEG;
  frame_->colorspace = AVCOL_SPC_BT709;
  absl::Status status = EncodeAndMux(codec_.get(), frame_.get(), stream_, *muxer_, packet_.get());
  av_frame_unref(frame_.get());
  if (status.ok() && borrowed_planes_.load() != 0) {
    // Only a libavcodec that queues input frames could get here; the caller
    // is about to overwrite pixels the encoder has not read.
    return absl::InternalError("the H.264 encoder kept a reference to a frame it was given");
  }
  return status;
}

void VideoEncoder::ReleasePlane(void* opaque, uint8_t* /*data: the caller's, not ours to free*/) {
  static_cast<std::atomic<int>*>(opaque)->fetch_sub(1);
}

absl::Status VideoEncoder::Flush() {
  return Annotate(EncodeAndMux(codec_.get(), nullptr, stream_, *muxer_, packet_.get()), "video");
}

}  // namespace beatframe::encode_internal
