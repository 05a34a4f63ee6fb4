#include "tests/media/visual_media_writer.h"

#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/av_error.h"
#include "engine/common/av_handles.h"
#include "engine/common/status_macros.h"
#include "tools/synth/sample_packing.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

namespace beatframe::testing {
namespace {

struct Target {
  const char* muxer;
  const char* encoder;
  AVPixelFormat pix_fmt;
};

Target ImageTarget(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg: return {"image2", "mjpeg", AV_PIX_FMT_YUVJ420P};
    case ImageFormat::kPng: return {"image2", "png", AV_PIX_FMT_RGB24};
    case ImageFormat::kWebp: return {"webp", "libwebp", AV_PIX_FMT_YUV420P};
    case ImageFormat::kGif: return {"gif", "gif", AV_PIX_FMT_RGB8};
  }
  return {};
}

Target ClipTarget(ClipFormat format) {
  switch (format) {
    case ClipFormat::kMp4H264: return {"mp4", "libx264", AV_PIX_FMT_YUV420P};
    case ClipFormat::kMovH264: return {"mov", "libx264", AV_PIX_FMT_YUV420P};
    case ClipFormat::kWebmVp8: return {"webm", "libvpx", AV_PIX_FMT_YUV420P};
    case ClipFormat::kWebmVp9: return {"webm", "libvpx-vp9", AV_PIX_FMT_YUV420P};
    case ClipFormat::kMkvH264: return {"matroska", "libx264", AV_PIX_FMT_YUV420P};
  }
  return {};
}

absl::Status WritePackets(AVCodecContext& encoder, AVStream& stream, AVFormatContext& out, const AVFrame* frame) {
  int ret = avcodec_send_frame(&encoder, frame);
  if (ret < 0) return AvErrorToStatus(ret, "encode");
  av::PacketPtr packet(av_packet_alloc());
  while (true) {
    ret = avcodec_receive_packet(&encoder, packet.get());
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return absl::OkStatus();
    if (ret < 0) return AvErrorToStatus(ret, "encode");
    // One tick per video frame, or MP4 drops the last frame from its edit list.
    if (packet->duration <= 0 && encoder.codec_type == AVMEDIA_TYPE_VIDEO) packet->duration = 1;
    av_packet_rescale_ts(packet.get(), encoder.time_base, stream.time_base);
    packet->stream_index = stream.index;
    ret = av_interleaved_write_frame(&out, packet.get());
    if (ret < 0) return AvErrorToStatus(ret, "write packet");
  }
}

struct Encoded {
  av::CodecContextPtr encoder;
  AVStream* stream = nullptr;
};

absl::StatusOr<Encoded> AddVideo(AVFormatContext& out, const Target& target, int width, int height, int fps) {
  const AVCodec* codec = avcodec_find_encoder_by_name(target.encoder);
  if (codec == nullptr) return absl::UnimplementedError(absl::StrCat("no encoder ", target.encoder));
  Encoded video;
  video.encoder.reset(avcodec_alloc_context3(codec));
  AVCodecContext& c = *video.encoder;
  c.width = width;
  c.height = height;
  c.pix_fmt = target.pix_fmt;
  c.time_base = AVRational{1, fps};
  c.framerate = AVRational{fps, 1};
  c.gop_size = 12;
  c.bit_rate = 400000;
  c.thread_count = 1;
  if (target.pix_fmt == AV_PIX_FMT_YUVJ420P) c.color_range = AVCOL_RANGE_JPEG;
  if (out.oformat->flags & AVFMT_GLOBALHEADER) c.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  AVDictionary* options = nullptr;
  if (std::string(target.encoder) == "libx264") av_dict_set(&options, "preset", "ultrafast", 0);
  if (std::string(target.encoder).rfind("libvpx", 0) == 0) {
    av_dict_set(&options, "deadline", "realtime", 0);
    av_dict_set(&options, "cpu-used", "8", 0);
  }
  int ret = avcodec_open2(&c, codec, &options);
  av_dict_free(&options);
  if (ret < 0) return AvErrorToStatus(ret, absl::StrCat("open ", target.encoder));
  video.stream = avformat_new_stream(&out, nullptr);
  ret = avcodec_parameters_from_context(video.stream->codecpar, &c);
  if (ret < 0) return AvErrorToStatus(ret, "stream parameters");
  video.stream->time_base = c.time_base;
  return video;
}

absl::StatusOr<Encoded> AddAudio(AVFormatContext& out, bool webm) {
  const AVCodec* codec = avcodec_find_encoder_by_name(webm ? "libopus" : "aac");
  if (codec == nullptr) return absl::UnimplementedError("no audio encoder");
  Encoded audio;
  audio.encoder.reset(avcodec_alloc_context3(codec));
  AVCodecContext& c = *audio.encoder;
  c.sample_rate = 48000;
  av_channel_layout_default(&c.ch_layout, 2);
  c.sample_fmt = synth_internal::ChooseSampleFormat(codec->sample_fmts);
  c.bit_rate = 128000;
  c.time_base = AVRational{1, 48000};
  if (out.oformat->flags & AVFMT_GLOBALHEADER) c.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  int ret = avcodec_open2(&c, codec, nullptr);
  if (ret < 0) return AvErrorToStatus(ret, "open audio encoder");
  audio.stream = avformat_new_stream(&out, nullptr);
  ret = avcodec_parameters_from_context(audio.stream->codecpar, &c);
  if (ret < 0) return AvErrorToStatus(ret, "stream parameters");
  audio.stream->time_base = c.time_base;
  return audio;
}

absl::Status EncodeVideoFrames(Encoded& video, AVFormatContext& out, int frames, const RgbPainter& paint) {
  AVCodecContext& c = *video.encoder;
  std::vector<uint8_t> rgb(static_cast<size_t>(c.width) * c.height * 3);
  av::SwsPtr sws(sws_getContext(c.width, c.height, AV_PIX_FMT_RGB24, c.width, c.height, c.pix_fmt, SWS_POINT, nullptr,
                                nullptr, nullptr));
  if (!sws) return absl::InternalError("sws");
  for (int i = 0; i < frames; ++i) {
    paint(i, c.width, c.height, rgb.data());
    av::FramePtr frame(av_frame_alloc());
    frame->format = c.pix_fmt;
    frame->width = c.width;
    frame->height = c.height;
    if (av_frame_get_buffer(frame.get(), 0) < 0) return absl::ResourceExhaustedError("frame");
    const uint8_t* src[4] = {rgb.data(), nullptr, nullptr, nullptr};
    const int src_stride[4] = {c.width * 3, 0, 0, 0};
    sws_scale(sws.get(), src, src_stride, 0, c.height, frame->data, frame->linesize);
    frame->pts = i;
    BF_RETURN_IF_ERROR(WritePackets(c, *video.stream, out, frame.get()));
  }
  return WritePackets(c, *video.stream, out, nullptr);
}

absl::Status EncodeTone(Encoded& audio, AVFormatContext& out, double seconds, double tone_hz) {
  AVCodecContext& c = *audio.encoder;
  const int chunk = c.frame_size > 0 ? c.frame_size : 1024;
  const int64_t total = static_cast<int64_t>(seconds * c.sample_rate);
  std::vector<float> samples(static_cast<size_t>(chunk) * 2);
  for (int64_t start = 0; start < total; start += chunk) {
    av::FramePtr frame(av_frame_alloc());
    frame->format = c.sample_fmt;
    frame->nb_samples = chunk;
    frame->sample_rate = c.sample_rate;
    av_channel_layout_copy(&frame->ch_layout, &c.ch_layout);
    if (av_frame_get_buffer(frame.get(), 0) < 0) return absl::ResourceExhaustedError("frame");
    for (int i = 0; i < chunk; ++i) {
      const float v = 0.7f * static_cast<float>(std::sin(2.0 * M_PI * tone_hz * (start + i) / c.sample_rate));
      samples[2 * i] = samples[2 * i + 1] = v;
    }
    synth_internal::PackSamples(samples.data(), 2, *frame);
    frame->pts = start;
    BF_RETURN_IF_ERROR(WritePackets(c, *audio.stream, out, frame.get()));
  }
  return WritePackets(c, *audio.stream, out, nullptr);
}

absl::Status Encode(const std::string& path, const Target& target, int width, int height, int fps, int frames,
                    double tone_hz, const RgbPainter& paint) {
  av_log_set_level(AV_LOG_ERROR);  // the encoders' statistics are noise in test logs
  AVFormatContext* raw = nullptr;
  int ret = avformat_alloc_output_context2(&raw, nullptr, target.muxer, path.c_str());
  if (ret < 0 || raw == nullptr) return AvErrorToStatus(ret, "output context");
  av::OutputFormatPtr out(raw);
  BF_ASSIGN_OR_RETURN(Encoded video, AddVideo(*out, target, width, height, fps));
  Encoded audio;
  if (tone_hz > 0.0) {
    BF_ASSIGN_OR_RETURN(audio, AddAudio(*out, std::string(target.muxer) == "webm"));
  }
  ret = avio_open(&out->pb, path.c_str(), AVIO_FLAG_WRITE);
  if (ret < 0) return AvErrorToStatus(ret, "open output");
  AVDictionary* options = nullptr;
  if (std::string(target.muxer) == "image2") av_dict_set(&options, "update", "1", 0);
  ret = avformat_write_header(out.get(), &options);
  av_dict_free(&options);
  if (ret < 0) return AvErrorToStatus(ret, "write header");
  BF_RETURN_IF_ERROR(EncodeVideoFrames(video, *out, frames, paint));
  if (audio.encoder) BF_RETURN_IF_ERROR(EncodeTone(audio, *out, static_cast<double>(frames) / fps, tone_hz));
  ret = av_write_trailer(out.get());
  if (ret < 0) return AvErrorToStatus(ret, "write trailer");
  return absl::OkStatus();
}

}  // namespace

const char* ImageExtension(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg: return "jpg";
    case ImageFormat::kPng: return "png";
    case ImageFormat::kWebp: return "webp";
    case ImageFormat::kGif: return "gif";
  }
  return "";
}

absl::Status WriteAnimatedGif(const std::string& path, int width, int height, int frames, const RgbPainter& paint) {
  return Encode(path, ImageTarget(ImageFormat::kGif), width, height, 10, frames, 0.0, paint);
}

const char* ClipExtension(ClipFormat format) {
  switch (format) {
    case ClipFormat::kMp4H264: return "mp4";
    case ClipFormat::kMovH264: return "mov";
    case ClipFormat::kWebmVp8:
    case ClipFormat::kWebmVp9: return "webm";
    case ClipFormat::kMkvH264: return "mkv";
  }
  return "";
}

absl::Status WriteImage(const std::string& path, ImageFormat format, int width, int height, const RgbPainter& paint) {
  return Encode(path, ImageTarget(format), width, height, 1, 1, 0.0, paint);
}

absl::Status WriteClip(const std::string& path, const ClipSpec& spec, const RgbPainter& paint) {
  return Encode(path, ClipTarget(spec.format), spec.width, spec.height, spec.fps, spec.frames, spec.tone_hz, paint);
}

RgbPainter TexturedColor(uint8_t r, uint8_t g, uint8_t b) {
  return [r, g, b](int, int width, int height, uint8_t* rgb) {
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) {
        // Diagonal stripes +-24 around the colour, a few per picture.
        const int period = std::max(8, width / 12);
        const int shade = ((x + y) / (period / 2)) % 2 == 0 ? 24 : -24;
        uint8_t* p = rgb + (static_cast<size_t>(y) * width + x) * 3;
        p[0] = static_cast<uint8_t>(std::clamp(r + shade, 0, 255));
        p[1] = static_cast<uint8_t>(std::clamp(g + shade, 0, 255));
        p[2] = static_cast<uint8_t>(std::clamp(b + shade, 0, 255));
      }
    }
  };
}

}  // namespace beatframe::testing
