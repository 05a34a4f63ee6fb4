#include "engine/audio/audio_input.h"

#include <cstdint>
#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/common/av_error.h"
#include "engine/common/status_macros.h"

extern "C" {
#include <libavutil/dict.h>
}

namespace beatframe::audio_internal {
namespace {

// libavformat demuxer name -> the user-facing format name.
struct AcceptedContainer {
  const char* demuxer;
  const char* format;
};
constexpr AcceptedContainer kAcceptedContainers[] = {
    {"mp3", "mp3"}, {"wav", "wav"}, {"flac", "flac"}, {"mov,mp4,m4a,3gp,3g2,mj2", "m4a"},
    {"aac", "aac"}, {"ogg", "ogg"},
};

const char* FormatForDemuxer(const char* demuxer) {
  for (const AcceptedContainer& container : kAcceptedContainers) {
    if (std::string_view(container.demuxer) == demuxer) return container.format;
  }
  return nullptr;
}

bool IsAcceptedCodec(AVCodecID codec_id) {
  switch (codec_id) {
    case AV_CODEC_ID_MP1:
    case AV_CODEC_ID_MP2:
    case AV_CODEC_ID_MP3:
    case AV_CODEC_ID_AAC:
    case AV_CODEC_ID_FLAC:
    case AV_CODEC_ID_ALAC:
    case AV_CODEC_ID_VORBIS:
    case AV_CODEC_ID_OPUS:
    case AV_CODEC_ID_ADPCM_MS:
    case AV_CODEC_ID_ADPCM_IMA_WAV:
      return true;
    default:
      break;
  }
  // Every PCM flavour a WAV may carry (s16le, s24le, f32le, u8, mulaw, ...).
  const AVCodecDescriptor* descriptor = avcodec_descriptor_get(codec_id);
  return descriptor != nullptr && descriptor->type == AVMEDIA_TYPE_AUDIO &&
         absl::StartsWith(descriptor->name, "pcm_");
}

// NOT_FOUND / "file is empty" before libavformat sees the path, so those two
// cases get their own codes and messages instead of a generic open failure.
absl::Status CheckFile(const std::string& path, int64_t* size_bytes) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    return absl::NotFoundError(absl::StrCat("'", path, "': no such file"));
  }
  if (status.type() == std::filesystem::file_type::directory) {
    return NotAcceptedError(path, "it is a directory");
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size == 0) {
    return absl::InvalidArgumentError(absl::StrCat("'", path, "': file is empty"));
  }
  *size_bytes = error ? 0 : static_cast<int64_t>(size);
  return absl::OkStatus();
}

std::string Tag(const AVFormatContext& format, const AVStream& stream, const char* key) {
  // Container tags (ID3, MP4 atoms, RIFF INFO) first; Ogg keeps its Vorbis
  // comments on the stream.
  for (const AVDictionary* dict : {format.metadata, stream.metadata}) {
    const AVDictionaryEntry* entry = av_dict_get(dict, key, nullptr, 0);
    if (entry != nullptr && entry->value != nullptr && entry->value[0] != '\0') return entry->value;
  }
  return "";
}

double DurationSeconds(const AVFormatContext& format, const AVStream& stream, int64_t bit_rate,
                       int64_t size_bytes) {
  if (format.duration != AV_NOPTS_VALUE && format.duration > 0) {
    return static_cast<double>(format.duration) / AV_TIME_BASE;
  }
  if (stream.duration != AV_NOPTS_VALUE && stream.duration > 0) {
    return static_cast<double>(stream.duration) * av_q2d(stream.time_base);
  }
  // No duration in the header: estimate from the size, as players do.
  if (bit_rate > 0 && size_bytes > 0) return static_cast<double>(size_bytes) * 8.0 / bit_rate;
  return 0.0;
}

bool HasVideo(const AVFormatContext& format) {
  for (unsigned i = 0; i < format.nb_streams; ++i) {
    const AVStream& stream = *format.streams[i];
    if (stream.codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
        !(stream.disposition & AV_DISPOSITION_ATTACHED_PIC)) {
      return true;
    }
  }
  return false;
}

AudioFileInfo DescribeStream(const AVFormatContext& format, const AVStream& stream,
                             const char* user_format, int64_t size_bytes) {
  const AVCodecParameters& params = *stream.codecpar;
  AudioFileInfo info;
  info.container = format.iformat->name;
  info.format = user_format;
  info.codec = avcodec_get_name(params.codec_id);
  info.sample_rate_hz = params.sample_rate;
  info.channels = params.ch_layout.nb_channels;
  info.bit_rate = params.bit_rate > 0 ? params.bit_rate : format.bit_rate;
  info.duration_s = DurationSeconds(format, stream, info.bit_rate, size_bytes);
  info.tags.title = Tag(format, stream, "title");
  info.tags.artist = Tag(format, stream, "artist");
  info.tags.album = Tag(format, stream, "album");
  return info;
}

}  // namespace

absl::Status NotAcceptedError(const std::string& path, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("'", path, "' is not a supported audio file (", why,
                                                 "); accepted formats: ", AcceptedAudioFormatsText()));
}

absl::StatusOr<AudioInput> OpenAudioInput(const std::string& path) {
  int64_t size_bytes = 0;
  BF_RETURN_IF_ERROR(CheckFile(path, &size_bytes));

  AVFormatContext* raw_format = nullptr;
  int ret = avformat_open_input(&raw_format, path.c_str(), nullptr, nullptr);
  if (ret == AVERROR(ENOENT)) return AvErrorToStatus(ret, absl::StrCat("open '", path, "'"));
  if (ret < 0) return NotAcceptedError(path, AvErrorToStatus(ret, "cannot open").message());
  AudioInput input;
  input.format.reset(raw_format);
  AVFormatContext& format = *input.format;

  // libavformat also opens images (image2 pipes), video and subtitles: only
  // audio containers we name in AcceptedAudioFormatsText() get further.
  const char* user_format = FormatForDemuxer(format.iformat->name);
  if (user_format == nullptr) {
    return NotAcceptedError(path, absl::StrCat("detected '", format.iformat->name, "'"));
  }
  ret = avformat_find_stream_info(&format, nullptr);
  if (ret < 0) return NotAcceptedError(path, AvErrorToStatus(ret, "unreadable").message());

  ret = av_find_best_stream(&format, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  if (ret < 0) {
    return NotAcceptedError(path, HasVideo(format) ? "video without an audio stream" : "no audio stream");
  }
  input.stream_index = ret;
  const AVStream& stream = *format.streams[ret];
  const AVCodecParameters& params = *stream.codecpar;
  if (!IsAcceptedCodec(params.codec_id) || avcodec_find_decoder(params.codec_id) == nullptr) {
    return NotAcceptedError(path, absl::StrCat("audio codec '", avcodec_get_name(params.codec_id), "'"));
  }
  if (params.sample_rate <= 0 || params.ch_layout.nb_channels <= 0) {
    return NotAcceptedError(path, "no sample rate or channel count in the audio stream");
  }
  // Cover art and other streams would only cost demuxing time.
  for (unsigned i = 0; i < format.nb_streams; ++i) {
    if (static_cast<int>(i) != input.stream_index) format.streams[i]->discard = AVDISCARD_ALL;
  }
  input.info = DescribeStream(format, stream, user_format, size_bytes);
  return input;
}

}  // namespace beatframe::audio_internal
