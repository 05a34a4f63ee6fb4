#include "engine/encode/mp4_writer.h"

#include <memory>
#include <utility>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
}

#include "absl/strings/str_cat.h"
#include "engine/common/av_error.h"
#include "engine/common/status_macros.h"
#include "engine/encode/audio_encoder.h"
#include "engine/encode/audio_worker.h"
#include "engine/encode/av_handles.h"
#include "engine/encode/encode_loop.h"
#include "engine/encode/video_encoder.h"

namespace beatframe {
namespace {

using encode_internal::AudioEncoder;
using encode_internal::AudioWorker;
using encode_internal::Muxer;
using encode_internal::OutputFormatPtr;
using encode_internal::VideoEncoder;

absl::Status ValidateOptions(const Mp4WriterOptions& o) {
  if (o.width <= 0 || o.height <= 0 || o.width % 2 != 0 || o.height % 2 != 0) {
    return absl::InvalidArgumentError(absl::StrCat("video size ", o.width, "x", o.height,
                                                   " must be positive and even (yuv420p)"));
  }
  if (o.fps_num <= 0 || o.fps_den <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("bad frame rate ", o.fps_num, "/", o.fps_den));
  }
  if (o.crf < 0 || o.crf > 51) return absl::InvalidArgumentError(absl::StrCat("crf ", o.crf, " not in 0..51"));
  if (o.x264_preset.empty()) return absl::InvalidArgumentError("empty x264 preset");
  if (o.audio_sample_rate_hz != 44100 && o.audio_sample_rate_hz != 48000) {
    return absl::InvalidArgumentError(
        absl::StrCat("audio rate ", o.audio_sample_rate_hz, " Hz: use 44100 or 48000"));
  }
  if (o.audio_channels < 1 || o.audio_channels > 2) {
    return absl::InvalidArgumentError(absl::StrCat("audio channels ", o.audio_channels, ": use 1 or 2"));
  }
  if (o.audio_bit_rate < 192000) {
    return absl::InvalidArgumentError(absl::StrCat("audio bit rate ", o.audio_bit_rate, " below 192 kbps"));
  }
  return absl::OkStatus();
}

class Mp4WriterImpl : public Mp4Writer {
 public:
  Mp4WriterImpl(std::string path, OutputFormatPtr format, std::unique_ptr<Muxer> muxer,
                std::unique_ptr<VideoEncoder> video, std::unique_ptr<AudioEncoder> audio)
      : path_(std::move(path)), format_(std::move(format)), muxer_(std::move(muxer)), video_(std::move(video)),
        audio_(std::make_unique<AudioWorker>(std::move(audio))) {}

  absl::Status WriteVideoFrame(const FrameView& frame) override {
    if (finished_) return absl::FailedPreconditionError("WriteVideoFrame after Finish");
    return Annotate(video_->Encode(frame), absl::StrCat("encode video frame ", video_->frames_encoded()));
  }

  absl::Status WriteAudio(const float* interleaved, int64_t frame_count) override {
    if (finished_) return absl::FailedPreconditionError("WriteAudio after Finish");
    return Annotate(audio_->Write(interleaved, frame_count), "encode audio");
  }

  absl::Status Finish() override {
    if (finished_) return absl::FailedPreconditionError("Finish called twice");
    finished_ = true;
    // The audio worker keeps encoding while the video encoder drains.
    absl::Status video = video_->Flush();
    absl::Status audio = Annotate(audio_->Finish(), "encode audio");
    BF_RETURN_IF_ERROR(video);
    BF_RETURN_IF_ERROR(audio);
    // With +faststart the trailer also moves the moov atom before mdat,
    // which rewrites the file once.
    int ret = av_write_trailer(format_.get());
    if (ret < 0) return AvErrorToStatus(ret, absl::StrCat("write trailer of '", path_, "'"));
    ret = avio_closep(&format_->pb);
    if (ret < 0) return AvErrorToStatus(ret, absl::StrCat("close '", path_, "'"));
    return absl::OkStatus();
  }

 private:
  std::string path_;
  // Destroyed in reverse: the audio thread stops first, the format goes last.
  OutputFormatPtr format_;
  std::unique_ptr<Muxer> muxer_;
  std::unique_ptr<VideoEncoder> video_;
  std::unique_ptr<AudioWorker> audio_;
  bool finished_ = false;
};

absl::StatusOr<std::unique_ptr<Mp4Writer>> CreateWriter(const std::string& path,
                                                        const Mp4WriterOptions& options) {
  BF_RETURN_IF_ERROR(ValidateOptions(options));
  AVFormatContext* raw = nullptr;
  // The format is named, not guessed: callers write to "*.mp4.partial".
  int ret = avformat_alloc_output_context2(&raw, nullptr, "mp4", path.c_str());
  if (ret < 0 || raw == nullptr) return AvErrorToStatus(ret, "allocate mp4 muxer");
  OutputFormatPtr format(raw);
  auto muxer = std::make_unique<Muxer>(format.get());

  BF_ASSIGN_OR_RETURN(auto video, VideoEncoder::Create(options, format.get(), muxer.get()));
  BF_ASSIGN_OR_RETURN(auto audio, AudioEncoder::Create(options, format.get(), muxer.get()));

  ret = avio_open(&format->pb, path.c_str(), AVIO_FLAG_WRITE);
  if (ret < 0) return AvErrorToStatus(ret, "open for writing");
  AVDictionary* muxer_options = nullptr;
  av_dict_set(&muxer_options, "movflags", "+faststart", 0);
  ret = avformat_write_header(format.get(), &muxer_options);
  av_dict_free(&muxer_options);
  if (ret < 0) return AvErrorToStatus(ret, "write mp4 header");
  // The audio thread starts here, after the header.
  return std::unique_ptr<Mp4Writer>(
      new Mp4WriterImpl(path, std::move(format), std::move(muxer), std::move(video), std::move(audio)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Mp4Writer>> Mp4Writer::Create(const std::string& path,
                                                             const Mp4WriterOptions& options) {
  auto writer = CreateWriter(path, options);
  if (!writer.ok()) return Annotate(writer.status(), absl::StrCat("mp4 writer for '", path, "'"));
  return writer;
}

}  // namespace beatframe
