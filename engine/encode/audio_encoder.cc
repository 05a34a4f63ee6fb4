#include "engine/encode/audio_encoder.h"

#include <algorithm>
#include <utility>

extern "C" {
#include <libavutil/channel_layout.h>
}

#include "absl/strings/str_cat.h"
#include "engine/common/av_error.h"
#include "engine/common/status_macros.h"
#include "engine/encode/encode_loop.h"

namespace beatframe::encode_internal {
namespace {

// Deinterleave in blocks of this many frames so a whole-track Write does not
// need a second whole-track copy.
constexpr int64_t kDeinterleaveBlock = 8192;

}  // namespace

AudioEncoder::AudioEncoder(Muxer* muxer, AVStream* stream, CodecContextPtr codec, FramePtr frame,
                           PacketPtr packet, AudioFifoPtr fifo)
    : muxer_(muxer), stream_(stream), codec_(std::move(codec)), frame_(std::move(frame)),
      packet_(std::move(packet)), fifo_(std::move(fifo)), channels_(codec_->ch_layout.nb_channels),
      frame_size_(codec_->frame_size), planar_(channels_) {}

absl::StatusOr<std::unique_ptr<AudioEncoder>> AudioEncoder::Create(const Mp4WriterOptions& options,
                                                                   AVFormatContext* format, Muxer* muxer) {
  const AVCodec* aac = avcodec_find_encoder_by_name("aac");
  if (aac == nullptr) return absl::InternalError("libavcodec has no native aac encoder");
  AVStream* stream = avformat_new_stream(format, nullptr);
  if (stream == nullptr) return absl::ResourceExhaustedError("allocate audio stream");
  CodecContextPtr codec(avcodec_alloc_context3(aac));
  FramePtr frame(av_frame_alloc());
  PacketPtr packet(av_packet_alloc());
  if (!codec || !frame || !packet) return absl::ResourceExhaustedError("allocate audio encoder");

  codec->sample_fmt = AV_SAMPLE_FMT_FLTP;
  codec->sample_rate = options.audio_sample_rate_hz;
  av_channel_layout_default(&codec->ch_layout, options.audio_channels);
  codec->bit_rate = options.audio_bit_rate;
  codec->time_base = AVRational{1, options.audio_sample_rate_hz};
  if (format->oformat->flags & AVFMT_GLOBALHEADER) codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  int ret = avcodec_open2(codec.get(), aac, nullptr);
  if (ret < 0) return Annotate(AvErrorToStatus(ret, "avcodec_open2"), "open aac encoder");
  BF_RETURN_IF_ERROR(PublishCodecParameters(codec.get(), stream));

  frame->format = codec->sample_fmt;
  frame->sample_rate = codec->sample_rate;
  frame->nb_samples = codec->frame_size;
  ret = av_channel_layout_copy(&frame->ch_layout, &codec->ch_layout);
  if (ret < 0) return AvErrorToStatus(ret, "copy channel layout");
  ret = av_frame_get_buffer(frame.get(), 0);
  if (ret < 0) return AvErrorToStatus(ret, "allocate audio frame");
  AudioFifoPtr fifo(av_audio_fifo_alloc(codec->sample_fmt, codec->ch_layout.nb_channels, 4 * codec->frame_size));
  if (!fifo) return absl::ResourceExhaustedError("allocate audio fifo");
  return std::unique_ptr<AudioEncoder>(new AudioEncoder(muxer, stream, std::move(codec), std::move(frame),
                                                        std::move(packet), std::move(fifo)));
}

absl::Status AudioEncoder::Write(const float* interleaved, int64_t frame_count) {
  if (frame_count < 0) return absl::InvalidArgumentError("negative audio frame count");
  for (int64_t start = 0; start < frame_count; start += kDeinterleaveBlock) {
    const int block = static_cast<int>(std::min(kDeinterleaveBlock, frame_count - start));
    void* planes[AV_NUM_DATA_POINTERS] = {};
    for (int c = 0; c < channels_; ++c) {
      planar_[c].resize(block);
      const float* in = interleaved + start * channels_ + c;
      for (int i = 0; i < block; ++i) planar_[c][i] = in[static_cast<int64_t>(i) * channels_];
      planes[c] = planar_[c].data();
    }
    int ret = av_audio_fifo_write(fifo_.get(), planes, block);
    if (ret < 0) return AvErrorToStatus(ret, "queue audio");
    samples_queued_ += block;
    while (av_audio_fifo_size(fifo_.get()) >= frame_size_) BF_RETURN_IF_ERROR(EncodeFromFifo(frame_size_));
  }
  return absl::OkStatus();
}

absl::Status AudioEncoder::EncodeFromFifo(int sample_count) {
  int ret = av_frame_make_writable(frame_.get());
  if (ret < 0) return AvErrorToStatus(ret, "make audio frame writable");
  frame_->nb_samples = sample_count;
  ret = av_audio_fifo_read(fifo_.get(), reinterpret_cast<void**>(frame_->data), sample_count);
  if (ret < sample_count) return AvErrorToStatus(ret < 0 ? ret : AVERROR_BUG, "read audio fifo");
  frame_->pts = next_pts_;
  next_pts_ += sample_count;
  return EncodeAndMux(codec_.get(), frame_.get(), stream_, *muxer_, packet_.get());
}

absl::Status AudioEncoder::Flush() {
  // A short last frame is allowed (the aac encoder pads it with silence and
  // the packet keeps the true duration), so the stream ends at the last sample.
  const int left = av_audio_fifo_size(fifo_.get());
  if (left > 0) BF_RETURN_IF_ERROR(Annotate(EncodeFromFifo(left), "audio"));
  return Annotate(EncodeAndMux(codec_.get(), nullptr, stream_, *muxer_, packet_.get()), "audio");
}

}  // namespace beatframe::encode_internal
