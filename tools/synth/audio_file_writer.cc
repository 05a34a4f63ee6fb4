#include "tools/synth/audio_file_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "engine/audio/av_handles.h"
#include "engine/common/av_error.h"
#include "engine/common/status_macros.h"
#include "tools/synth/sample_packing.h"

extern "C" {
#include <libavutil/channel_layout.h>
}

namespace beatframe {
namespace {

using audio_internal::CodecContextPtr;
using audio_internal::FramePtr;
using audio_internal::OutputFormatPtr;
using audio_internal::PacketPtr;

struct FormatSpec {
  const char* muxer;
  const char* encoder;
  int64_t default_bit_rate;
};

FormatSpec SpecFor(AudioFileFormat format) {
  switch (format) {
    case AudioFileFormat::kWav: return {"wav", "pcm_s16le", 0};
    case AudioFileFormat::kMp3: return {"mp3", "libmp3lame", 192000};
    case AudioFileFormat::kFlac: return {"flac", "flac", 0};
    case AudioFileFormat::kM4a: return {"ipod", "aac", 160000};
    case AudioFileFormat::kAac: return {"adts", "aac", 160000};
    case AudioFileFormat::kOgg: return {"ogg", "libvorbis", 160000};
  }
  return {"wav", "pcm_s16le", 0};
}

absl::Status CheckRateAndLayout(const AVCodec& codec, const AudioBuffer& audio, AVChannelLayout* layout) {
  if (codec.supported_samplerates != nullptr) {
    bool supported = false;
    for (const int* rate = codec.supported_samplerates; *rate != 0; ++rate) supported |= *rate == audio.sample_rate_hz;
    if (!supported) {
      return absl::InvalidArgumentError(absl::StrCat(codec.name, " cannot encode ", audio.sample_rate_hz, " Hz"));
    }
  }
  av_channel_layout_default(layout, audio.channels);
  if (codec.ch_layouts == nullptr) return absl::OkStatus();
  for (const AVChannelLayout* candidate = codec.ch_layouts; candidate->nb_channels != 0; ++candidate) {
    if (candidate->nb_channels == audio.channels) return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(codec.name, " cannot encode ", audio.channels, " channels"));
}

absl::StatusOr<CodecContextPtr> OpenEncoder(const AVCodec& codec, const AudioBuffer& audio, int64_t bit_rate,
                                            bool global_header) {
  CodecContextPtr encoder(avcodec_alloc_context3(&codec));
  if (encoder == nullptr) return absl::ResourceExhaustedError("allocate encoder");
  BF_RETURN_IF_ERROR(CheckRateAndLayout(codec, audio, &encoder->ch_layout));
  encoder->sample_rate = audio.sample_rate_hz;
  encoder->sample_fmt = synth_internal::ChooseSampleFormat(codec.sample_fmts);
  if (encoder->sample_fmt == AV_SAMPLE_FMT_NONE) {
    return absl::InternalError(absl::StrCat(codec.name, " takes no sample format we can pack"));
  }
  encoder->time_base = AVRational{1, audio.sample_rate_hz};
  if (bit_rate > 0) encoder->bit_rate = bit_rate;
  if (global_header) encoder->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  const int ret = avcodec_open2(encoder.get(), &codec, nullptr);
  if (ret < 0) return AvErrorToStatus(ret, absl::StrCat("open encoder ", codec.name));
  return encoder;
}

// Moves every packet the encoder has ready into the file.
absl::Status WritePackets(AVCodecContext& encoder, AVFormatContext& output, AVPacket& packet) {
  while (true) {
    int ret = avcodec_receive_packet(&encoder, &packet);
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return absl::OkStatus();
    if (ret < 0) return AvErrorToStatus(ret, "encode");
    av_packet_rescale_ts(&packet, encoder.time_base, output.streams[0]->time_base);
    packet.stream_index = 0;
    ret = av_interleaved_write_frame(&output, &packet);
    if (ret < 0) return AvErrorToStatus(ret, "write packet");
  }
}

absl::Status EncodeAll(const AudioBuffer& audio, AVCodecContext& encoder, AVFormatContext& output) {
  PacketPtr packet(av_packet_alloc());
  FramePtr frame(av_frame_alloc());
  if (packet == nullptr || frame == nullptr) return absl::ResourceExhaustedError("allocate frame");
  // Fixed-frame encoders (MP3, AAC) take exactly frame_size samples per frame,
  // except the last, which libavcodec pads.
  const int64_t chunk = encoder.frame_size > 0 ? encoder.frame_size : 4096;
  const int64_t total = audio.frame_count();
  for (int64_t offset = 0; offset < total; offset += chunk) {
    av_frame_unref(frame.get());
    frame->nb_samples = static_cast<int>(std::min(chunk, total - offset));
    frame->format = encoder.sample_fmt;
    frame->sample_rate = encoder.sample_rate;
    int ret = av_channel_layout_copy(&frame->ch_layout, &encoder.ch_layout);
    if (ret >= 0) ret = av_frame_get_buffer(frame.get(), 0);
    if (ret < 0) return AvErrorToStatus(ret, "allocate frame");
    synth_internal::PackSamples(audio.samples.data() + offset * audio.channels, audio.channels, *frame);
    frame->pts = offset;
    ret = avcodec_send_frame(&encoder, frame.get());
    if (ret < 0) return AvErrorToStatus(ret, "encode");
    BF_RETURN_IF_ERROR(WritePackets(encoder, output, *packet));
  }
  const int ret = avcodec_send_frame(&encoder, nullptr);
  if (ret < 0) return AvErrorToStatus(ret, "flush encoder");
  return WritePackets(encoder, output, *packet);
}

void SetTags(const MediaTags& tags, AVDictionary** metadata) {
  if (!tags.title.empty()) av_dict_set(metadata, "title", tags.title.c_str(), 0);
  if (!tags.artist.empty()) av_dict_set(metadata, "artist", tags.artist.c_str(), 0);
  if (!tags.album.empty()) av_dict_set(metadata, "album", tags.album.c_str(), 0);
}

absl::Status WriteFile(const std::string& path, const AudioBuffer& audio, AudioFileFormat format,
                       int64_t bit_rate, const MediaTags& tags) {
  const FormatSpec spec = SpecFor(format);
  const AVCodec* codec = avcodec_find_encoder_by_name(spec.encoder);
  if (codec == nullptr) {
    return absl::UnimplementedError(absl::StrCat("this FFmpeg build has no '", spec.encoder, "' encoder"));
  }
  AVFormatContext* raw_output = nullptr;
  int ret = avformat_alloc_output_context2(&raw_output, nullptr, spec.muxer, path.c_str());
  if (ret < 0) return AvErrorToStatus(ret, "create output");
  OutputFormatPtr output(raw_output);

  const bool global_header = (output->oformat->flags & AVFMT_GLOBALHEADER) != 0;
  BF_ASSIGN_OR_RETURN(CodecContextPtr encoder,
                      OpenEncoder(*codec, audio, bit_rate > 0 ? bit_rate : spec.default_bit_rate, global_header));
  AVStream* stream = avformat_new_stream(output.get(), nullptr);
  if (stream == nullptr) return absl::ResourceExhaustedError("create stream");
  ret = avcodec_parameters_from_context(stream->codecpar, encoder.get());
  if (ret < 0) return AvErrorToStatus(ret, "configure stream");
  stream->time_base = encoder->time_base;
  SetTags(tags, &output->metadata);
  // Ogg keeps its Vorbis comments per stream.
  if (format == AudioFileFormat::kOgg) SetTags(tags, &stream->metadata);

  if (!(output->oformat->flags & AVFMT_NOFILE)) {
    ret = avio_open(&output->pb, path.c_str(), AVIO_FLAG_WRITE);
    if (ret < 0) return AvErrorToStatus(ret, "open for writing");
  }
  ret = avformat_write_header(output.get(), nullptr);
  if (ret < 0) return AvErrorToStatus(ret, "write header");
  BF_RETURN_IF_ERROR(EncodeAll(audio, *encoder, *output));
  ret = av_write_trailer(output.get());
  if (ret < 0) return AvErrorToStatus(ret, "write trailer");
  return absl::OkStatus();
}

}  // namespace

const char* AudioFileExtension(AudioFileFormat format) {
  switch (format) {
    case AudioFileFormat::kWav: return "wav";
    case AudioFileFormat::kMp3: return "mp3";
    case AudioFileFormat::kFlac: return "flac";
    case AudioFileFormat::kM4a: return "m4a";
    case AudioFileFormat::kAac: return "aac";
    case AudioFileFormat::kOgg: return "ogg";
  }
  return "bin";
}

absl::Status WriteAudioFile(const std::string& path, const AudioBuffer& audio, AudioFileFormat format,
                            int64_t bit_rate, const MediaTags& tags) {
  if (audio.sample_rate_hz <= 0 || audio.channels <= 0 || audio.frame_count() == 0) {
    return absl::InvalidArgumentError(absl::StrCat("write '", path, "': empty audio buffer"));
  }
  const absl::Status status = WriteFile(path, audio, format, bit_rate, tags);
  if (!status.ok()) {
    std::remove(path.c_str());
    return Annotate(status, absl::StrCat("write '", path, "'"));
  }
  return absl::OkStatus();
}

}  // namespace beatframe
