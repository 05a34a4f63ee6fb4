#include "tests/encode/mp4_probe.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>
}

#include "absl/strings/str_cat.h"
#include "engine/common/av_error.h"
#include "engine/common/status_macros.h"
#include "engine/encode/av_handles.h"

namespace beatframe::testing {
namespace {

using encode_internal::CodecContextPtr;
using encode_internal::FramePtr;
using encode_internal::PacketPtr;

struct InputDeleter {
  void operator()(AVFormatContext* format) const { avformat_close_input(&format); }
};
using InputPtr = std::unique_ptr<AVFormatContext, InputDeleter>;

absl::StatusOr<InputPtr> OpenInput(const std::string& path) {
  AVFormatContext* raw = nullptr;
  int ret = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  if (ret < 0) return AvErrorToStatus(ret, absl::StrCat("open '", path, "'"));
  InputPtr input(raw);
  ret = avformat_find_stream_info(input.get(), nullptr);
  if (ret < 0) return AvErrorToStatus(ret, "find stream info");
  return input;
}

absl::StatusOr<CodecContextPtr> OpenDecoder(const AVStream* stream) {
  const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
  if (codec == nullptr) return absl::NotFoundError("no decoder");
  CodecContextPtr context(avcodec_alloc_context3(codec));
  int ret = avcodec_parameters_to_context(context.get(), stream->codecpar);
  if (ret < 0) return AvErrorToStatus(ret, "decoder parameters");
  context->pkt_timebase = stream->time_base;
  ret = avcodec_open2(context.get(), codec, nullptr);
  if (ret < 0) return AvErrorToStatus(ret, "open decoder");
  return context;
}

double StreamDuration(const AVStream* stream) {
  return stream->duration == AV_NOPTS_VALUE ? 0.0 : stream->duration * av_q2d(stream->time_base);
}

// Decodes every packet of `media` type, calling on_frame(frame) for each
// decoded frame until it returns false.
template <typename OnFrame>
absl::Status DecodeStream(const std::string& path, AVMediaType media, OnFrame on_frame) {
  BF_ASSIGN_OR_RETURN(InputPtr input, OpenInput(path));
  int index = av_find_best_stream(input.get(), media, -1, -1, nullptr, 0);
  if (index < 0) return AvErrorToStatus(index, "find stream");
  BF_ASSIGN_OR_RETURN(CodecContextPtr decoder, OpenDecoder(input->streams[index]));
  PacketPtr packet(av_packet_alloc());
  FramePtr frame(av_frame_alloc());
  bool draining = false;
  while (true) {
    if (!draining) {
      int ret = av_read_frame(input.get(), packet.get());
      if (ret == AVERROR_EOF) {
        draining = true;
        avcodec_send_packet(decoder.get(), nullptr);
      } else if (ret < 0) {
        return AvErrorToStatus(ret, "read packet");
      } else {
        if (packet->stream_index == index) {
          ret = avcodec_send_packet(decoder.get(), packet.get());
          if (ret < 0) return AvErrorToStatus(ret, "send packet");
        }
        av_packet_unref(packet.get());
      }
    }
    while (true) {
      int ret = avcodec_receive_frame(decoder.get(), frame.get());
      if (ret == AVERROR(EAGAIN)) break;
      if (ret == AVERROR_EOF) return absl::OkStatus();
      if (ret < 0) return AvErrorToStatus(ret, "decode");
      bool more = on_frame(frame.get());
      av_frame_unref(frame.get());
      if (!more) return absl::OkStatus();
    }
  }
}

}  // namespace

absl::StatusOr<Mp4Facts> ProbeMp4(const std::string& path) {
  BF_ASSIGN_OR_RETURN(InputPtr input, OpenInput(path));
  Mp4Facts facts;
  facts.format = input->iformat->name;
  facts.stream_count = static_cast<int>(input->nb_streams);
  std::error_code ec;
  facts.size_bytes = static_cast<int64_t>(std::filesystem::file_size(path, ec));
  int video_index = -1;
  for (unsigned i = 0; i < input->nb_streams; ++i) {
    const AVStream* stream = input->streams[i];
    const AVCodecParameters* par = stream->codecpar;
    if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
      video_index = static_cast<int>(i);
      VideoStreamFacts& v = facts.video;
      v.codec = avcodec_get_name(par->codec_id);
      const char* pix = av_get_pix_fmt_name(static_cast<AVPixelFormat>(par->format));
      v.pix_fmt = pix ? pix : "";
      v.width = par->width;
      v.height = par->height;
      v.profile = par->profile;
      v.level = par->level;
      v.color_range = par->color_range;
      v.color_primaries = par->color_primaries;
      v.color_space = par->color_space;
      v.fps = av_q2d(stream->avg_frame_rate);
      v.duration_s = StreamDuration(stream);
    } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
      AudioStreamFacts& a = facts.audio;
      a.codec = avcodec_get_name(par->codec_id);
      a.sample_rate_hz = par->sample_rate;
      a.channels = par->ch_layout.nb_channels;
      a.bit_rate = par->bit_rate;
      a.duration_s = StreamDuration(stream);
    }
  }
  PacketPtr packet(av_packet_alloc());
  while (av_read_frame(input.get(), packet.get()) >= 0) {
    if (packet->stream_index == video_index) {
      if (packet->flags & AV_PKT_FLAG_KEY) facts.video.keyframes.push_back(facts.video.frame_count);
      ++facts.video.frame_count;
    }
    av_packet_unref(packet.get());
  }
  return facts;
}

absl::StatusOr<std::vector<Atom>> ReadTopLevelAtoms(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("open '", path, "'"));
  std::vector<Atom> atoms;
  int64_t offset = 0;
  while (true) {
    unsigned char header[16];
    in.seekg(offset);
    if (!in.read(reinterpret_cast<char*>(header), 8)) break;
    int64_t size = (int64_t{header[0]} << 24) | (header[1] << 16) | (header[2] << 8) | header[3];
    Atom atom{std::string(reinterpret_cast<char*>(header) + 4, 4), offset, size};
    if (size == 1) {  // 64-bit size follows the type
      if (!in.read(reinterpret_cast<char*>(header) + 8, 8)) break;
      atom.size = 0;
      for (int i = 8; i < 16; ++i) atom.size = (atom.size << 8) | header[i];
    }
    if (atom.size < 8) break;   // 0 ("to end of file") does not occur in our files
    atoms.push_back(atom);
    offset += atom.size;
  }
  return atoms;
}

absl::StatusOr<int64_t> DecodedAudioSampleCount(const std::string& path) {
  int64_t samples = 0;
  BF_RETURN_IF_ERROR(DecodeStream(path, AVMEDIA_TYPE_AUDIO, [&](const AVFrame* frame) {
    samples += frame->nb_samples;
    return true;
  }));
  return samples;
}

double DecodedFrame::MeanLuma(double x0, double y0, double x1, double y1) const {
  const int ax = static_cast<int>(x0 * width), bx = static_cast<int>(x1 * width);
  const int ay = static_cast<int>(y0 * height), by = static_cast<int>(y1 * height);
  double sum = 0;
  int64_t count = 0;
  for (int row = ay; row < by; ++row) {
    for (int col = ax; col < bx; ++col) sum += y[static_cast<size_t>(row) * width + col];
    count += bx - ax;
  }
  return count > 0 ? sum / count : 0.0;
}

namespace {

absl::StatusOr<DecodedFrame> CopyFrame(const AVFrame* frame) {
  if (frame->format != AV_PIX_FMT_YUV420P) return absl::InternalError("decoded frame is not yuv420p");
  DecodedFrame copy;
  copy.width = frame->width;
  copy.height = frame->height;
  const int cw = (frame->width + 1) / 2, ch = (frame->height + 1) / 2;
  std::vector<uint8_t>* planes[3] = {&copy.y, &copy.u, &copy.v};
  for (int p = 0; p < 3; ++p) {
    const int w = p == 0 ? frame->width : cw, h = p == 0 ? frame->height : ch;
    planes[p]->resize(static_cast<size_t>(w) * h);
    for (int row = 0; row < h; ++row) {
      const uint8_t* src = frame->data[p] + static_cast<ptrdiff_t>(row) * frame->linesize[p];
      std::copy(src, src + w, planes[p]->data() + static_cast<size_t>(row) * w);
    }
  }
  return copy;
}

}  // namespace

absl::Status ForEachVideoFrame(const std::string& path,
                               const std::function<bool(int64_t, const DecodedFrame&)>& on_frame) {
  int64_t index = 0;
  absl::Status copy_status;
  BF_RETURN_IF_ERROR(DecodeStream(path, AVMEDIA_TYPE_VIDEO, [&](const AVFrame* frame) {
    absl::StatusOr<DecodedFrame> copy = CopyFrame(frame);
    if (!copy.ok()) {
      copy_status = copy.status();
      return false;
    }
    return on_frame(index++, *copy);
  }));
  return copy_status;
}

absl::StatusOr<std::vector<DecodedFrame>> DecodeVideoFrames(const std::string& path,
                                                            const std::vector<int64_t>& indices) {
  std::vector<DecodedFrame> out;
  int64_t frames_seen = 0;
  BF_RETURN_IF_ERROR(ForEachVideoFrame(path, [&](int64_t index, const DecodedFrame& frame) {
    frames_seen = index + 1;
    if (out.size() < indices.size() && index == indices[out.size()]) out.push_back(frame);
    return out.size() < indices.size();
  }));
  if (out.size() < indices.size()) {
    return absl::OutOfRangeError(
        absl::StrCat("video has ", frames_seen, " frames, wanted frame ", indices[out.size()]));
  }
  return out;
}

}  // namespace beatframe::testing
