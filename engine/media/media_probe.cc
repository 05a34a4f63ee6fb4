#include "engine/media/media_probe.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/common/av_error.h"
#include "engine/common/status_macros.h"
#include "engine/media/av_orientation.h"
#include "engine/media/clip_reader.h"
#include "engine/media/still_image.h"

extern "C" {
#include <libavutil/dict.h>
}

namespace beatframe {
namespace {

// Bytes read for the content probe: enough for every format we accept
// (their signatures sit in the first few bytes), and for most audio files.
constexpr size_t kProbeBytes = 1 << 20;

struct ImageDemuxer {
  const char* demuxer;
  const char* format;
};
constexpr ImageDemuxer kImageDemuxers[] = {
    {"jpeg_pipe", "jpeg"}, {"png_pipe", "png"}, {"webp_pipe", "webp"}, {"gif", "gif"}, {"gif_pipe", "gif"},
};
constexpr char kMovDemuxer[] = "mov,mp4,m4a,3gp,3g2,mj2";
constexpr char kMatroskaDemuxer[] = "matroska,webm";

const char* ImageFormatFor(absl::string_view demuxer) {
  for (const ImageDemuxer& image : kImageDemuxers) {
    if (demuxer == absl::string_view(image.demuxer)) return image.format;
  }
  return nullptr;
}

absl::Status NotAccepted(const std::string& path, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("'", path, "' is not a supported image or video (", why,
                                                 "); accepted: ", AcceptedVisualFormatsText()));
}

absl::StatusOr<std::vector<uint8_t>> ReadHead(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) {
    return absl::NotFoundError(absl::StrCat("'", path, "': no such file"));
  }
  if (status.type() != std::filesystem::file_type::regular) return NotAccepted(path, "not a regular file");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return absl::PermissionDeniedError(absl::StrCat("cannot read '", path, "'"));
  // libavformat's probes may read a little past the end: keep it zeroed.
  std::vector<uint8_t> head(kProbeBytes + AVPROBE_PADDING_SIZE, 0);
  const size_t got = std::fread(head.data(), 1, kProbeBytes, file);
  std::fclose(file);
  if (got == 0) return absl::InvalidArgumentError(absl::StrCat("'", path, "': file is empty"));
  head.resize(got + AVPROBE_PADDING_SIZE);
  return head;
}

const AVStream* BestVideoStream(const AVFormatContext& format) {
  const AVStream* best = nullptr;
  for (unsigned i = 0; i < format.nb_streams; ++i) {
    const AVStream* stream = format.streams[i];
    if (stream->codecpar->codec_type != AVMEDIA_TYPE_VIDEO) continue;
    if (stream->disposition & AV_DISPOSITION_ATTACHED_PIC) continue;  // cover art, not a clip
    if (best == nullptr || stream->codecpar->width * stream->codecpar->height >
                               best->codecpar->width * best->codecpar->height) {
      best = stream;
    }
  }
  return best;
}

bool HasAudioStream(const AVFormatContext& format) {
  for (unsigned i = 0; i < format.nb_streams; ++i) {
    if (format.streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) return true;
  }
  return false;
}

// "mp4" or "mov" from the MP4 family's major brand; "webm" or "mkv" from the
// EBML DocType near the start of a Matroska file.
std::string ContainerName(const AVFormatContext& format, const std::vector<uint8_t>& head) {
  if (std::string_view(format.iformat->name) == kMatroskaDemuxer) {
    const std::string_view bytes(reinterpret_cast<const char*>(head.data()), std::min<size_t>(head.size(), 64));
    return bytes.find("webm") != std::string_view::npos ? "webm" : "mkv";
  }
  const AVDictionaryEntry* brand = av_dict_get(format.metadata, "major_brand", nullptr, 0);
  return brand != nullptr && absl::StartsWith(brand->value, "qt") ? "mov" : "mp4";
}

double DurationSeconds(const AVFormatContext& format, const AVStream* stream) {
  if (format.duration != AV_NOPTS_VALUE && format.duration > 0) {
    return static_cast<double>(format.duration) / AV_TIME_BASE;
  }
  if (stream != nullptr && stream->duration != AV_NOPTS_VALUE && stream->duration > 0) {
    return static_cast<double>(stream->duration) * av_q2d(stream->time_base);
  }
  return 0.0;
}

absl::StatusOr<MediaInfo> ProbeImage(const std::string& path, AVFormatContext& format, const char* user_format) {
  MediaInfo info;
  info.kind = MediaKind::kImage;
  info.format = user_format;
  const AVStream* stream = BestVideoStream(format);
  if (stream == nullptr) return NotAccepted(path, absl::StrCat("no picture in the ", user_format, " data"));
  info.codec = avcodec_get_name(stream->codecpar->codec_id);
  // Decoding is the real check (truncated or corrupt data fails here); a
  // tiny RGBA copy is all it keeps. It reports the upright size.
  StillImageOptions thumbnail;
  thumbnail.cover_width = thumbnail.cover_height = 16;
  BF_RETURN_IF_ERROR(DecodeStillImage(path, thumbnail, &info.width, &info.height).status());
  return info;
}

absl::StatusOr<MediaInfo> ProbeVideo(const std::string& path, AVFormatContext& format, const AVStream& stream,
                                     const std::vector<uint8_t>& head) {
  MediaInfo info;
  info.kind = MediaKind::kVideo;
  info.format = ContainerName(format, head);
  info.codec = avcodec_get_name(stream.codecpar->codec_id);
  DisplayedSize(StreamOrientation(stream), stream.codecpar->width, stream.codecpar->height, &info.width,
                &info.height);
  info.duration_s = DurationSeconds(format, &stream);
  info.has_audio = HasAudioStream(format);
  if (avcodec_find_decoder(stream.codecpar->codec_id) == nullptr) {
    return NotAccepted(path, absl::StrCat("no decoder for its video codec '", info.codec, "'"));
  }
  if (info.width <= 0 || info.height <= 0 || info.width > kMaxVideoSide || info.height > kMaxVideoSide) {
    return NotAccepted(path, absl::StrCat("video frame size ", info.width, "x", info.height, " (at most ",
                                          kMaxVideoSide, " pixels a side)"));
  }
  // The first frame must decode: a clip that cannot would fail the render later.
  ClipReaderOptions options;
  options.width = 64;
  options.height = 36;
  BF_ASSIGN_OR_RETURN(std::unique_ptr<ClipReader> reader, ClipReader::Open(path, options));
  BF_RETURN_IF_ERROR(reader->FrameAt(0).status());
  return info;
}

}  // namespace

const char* MediaKindName(MediaKind kind) {
  switch (kind) {
    case MediaKind::kAudio: return "audio";
    case MediaKind::kImage: return "image";
    case MediaKind::kVideo: return "video";
  }
  return "unknown";
}

const char* AcceptedVisualFormatsText() { return "JPEG, PNG, WebP, GIF images; MP4, MOV, WebM, MKV video"; }

absl::StatusOr<av::InputFormatPtr> OpenInputByContent(const std::string& path) {
  BF_ASSIGN_OR_RETURN(std::vector<uint8_t> head, ReadHead(path));
  AVProbeData probe{};
  probe.filename = "";  // content only: no guessing from the extension
  probe.buf = head.data();
  probe.buf_size = static_cast<int>(head.size() - AVPROBE_PADDING_SIZE);
  int score = 0;
  const AVInputFormat* input_format = av_probe_input_format3(&probe, 1, &score);
  if (input_format == nullptr) return NotAccepted(path, "its content is not a known media format");
  AVFormatContext* raw = nullptr;
  const int ret = avformat_open_input(&raw, path.c_str(), input_format, nullptr);
  if (ret < 0) {
    const absl::Status status = AvErrorToStatus(ret, absl::StrCat("open '", path, "'"));
    return status.code() == absl::StatusCode::kNotFound ? status : NotAccepted(path, status.message());
  }
  return av::InputFormatPtr(raw);
}

absl::StatusOr<MediaInfo> ProbeMediaFile(const std::string& path) {
  BF_ASSIGN_OR_RETURN(const std::vector<uint8_t> head, ReadHead(path));
  absl::StatusOr<av::InputFormatPtr> opened = OpenInputByContent(path);
  if (!opened.ok()) {
    // Not recognised from its first bytes: maybe audio whose probe needs
    // more (a long ID3 tag); the audio decoder decides.
    if (opened.status().code() != absl::StatusCode::kInvalidArgument) return opened.status();
    AVFormatContext* raw = nullptr;
    if (avformat_open_input(&raw, path.c_str(), nullptr, nullptr) >= 0) {
      av::InputFormatPtr audio(raw);
      if (avformat_find_stream_info(audio.get(), nullptr) >= 0 && BestVideoStream(*audio) == nullptr &&
          HasAudioStream(*audio)) {
        MediaInfo info;
        info.format = audio->iformat->name;
        info.duration_s = DurationSeconds(*audio, nullptr);
        info.has_audio = true;
        return info;
      }
    }
    return opened.status();
  }
  AVFormatContext& format = **opened;
  const absl::string_view demuxer = format.iformat->name;
  if (const char* image = ImageFormatFor(demuxer); image != nullptr) {
    return ProbeImage(path, format, image);
  }
  if (absl::EndsWith(demuxer, "_pipe") || demuxer == "image2") {
    return NotAccepted(path, absl::StrCat("detected image format '", demuxer, "'"));
  }
  int ret = avformat_find_stream_info(&format, nullptr);
  if (ret < 0) return NotAccepted(path, AvErrorToStatus(ret, "unreadable").message());
  const AVStream* video = BestVideoStream(format);
  if (video == nullptr) {
    MediaInfo info;
    info.kind = MediaKind::kAudio;
    info.format = std::string(demuxer);
    info.duration_s = DurationSeconds(format, nullptr);
    info.has_audio = HasAudioStream(format);
    return info;
  }
  if (demuxer != kMovDemuxer && demuxer != kMatroskaDemuxer) {
    return NotAccepted(path, absl::StrCat("detected video container '", demuxer, "'"));
  }
  return ProbeVideo(path, format, *video, head);
}

}  // namespace beatframe
