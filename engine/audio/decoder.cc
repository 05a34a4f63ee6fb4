#include "engine/audio/decoder.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/audio/audio_input.h"
#include "engine/audio/av_handles.h"
#include "engine/audio/resampler.h"
#include "engine/common/av_error.h"
#include "engine/common/status_macros.h"

namespace beatframe {
namespace {

using audio_internal::AudioInput;
using audio_internal::CodecContextPtr;
using audio_internal::FramePtr;
using audio_internal::PacketPtr;
using audio_internal::Resampler;

absl::StatusOr<CodecContextPtr> OpenDecoder(const AVStream& stream) {
  const AVCodec* codec = avcodec_find_decoder(stream.codecpar->codec_id);
  if (codec == nullptr) return absl::InternalError("decoder vanished after probing");
  CodecContextPtr decoder(avcodec_alloc_context3(codec));
  if (decoder == nullptr) return absl::ResourceExhaustedError("allocate decoder");
  int ret = avcodec_parameters_to_context(decoder.get(), stream.codecpar);
  if (ret < 0) return AvErrorToStatus(ret, "configure decoder");
  decoder->pkt_timebase = stream.time_base;
  // One thread keeps decoding deterministic and the caller owns parallelism.
  decoder->thread_count = 1;
  ret = avcodec_open2(decoder.get(), codec, nullptr);
  if (ret < 0) return AvErrorToStatus(ret, "open decoder");
  return decoder;
}

// Only running out of memory stops a decode. Every other decoder error means
// damaged data (decoders report it as INVALIDDATA, PATCHWELCOME, EINVAL, ...):
// that packet is skipped, so a truncated or glitched file still plays, and a
// file that yields nothing is rejected by the caller.
bool IsFatal(int av_error) { return av_error == AVERROR(ENOMEM); }

// Pulls every frame the decoder has ready into `samples`.
absl::Status DrainDecoder(AVCodecContext& decoder, AVFrame& frame, Resampler& resampler,
                          std::vector<float>& samples) {
  while (true) {
    const int ret = avcodec_receive_frame(&decoder, &frame);
    if (ret < 0 && IsFatal(ret)) return AvErrorToStatus(ret, "decode");
    if (ret < 0) return absl::OkStatus();  // EAGAIN, EOF, or damage in this packet
    const absl::Status status = resampler.Convert(frame, samples);
    av_frame_unref(&frame);
    BF_RETURN_IF_ERROR(status);
  }
}

// Decodes the whole stream into `samples`, calling `after_packet` whenever
// a packet's frames have been appended (a block consumer may take them).
absl::Status DecodeStream(AudioInput& input, AVCodecContext& decoder, Resampler& resampler,
                          std::vector<float>& samples, absl::FunctionRef<absl::Status()> after_packet) {
  PacketPtr packet(av_packet_alloc());
  FramePtr frame(av_frame_alloc());
  if (packet == nullptr || frame == nullptr) return absl::ResourceExhaustedError("allocate frame");
  // Any read error ends the stream: a truncated file decodes up to the damage.
  while (av_read_frame(input.format.get(), packet.get()) >= 0) {
    if (packet->stream_index != input.stream_index) {
      av_packet_unref(packet.get());
      continue;
    }
    const int ret = avcodec_send_packet(&decoder, packet.get());
    av_packet_unref(packet.get());
    if (ret < 0 && IsFatal(ret)) return AvErrorToStatus(ret, "decode");
    BF_RETURN_IF_ERROR(DrainDecoder(decoder, *frame, resampler, samples));
    BF_RETURN_IF_ERROR(after_packet());
  }
  avcodec_send_packet(&decoder, nullptr);
  BF_RETURN_IF_ERROR(DrainDecoder(decoder, *frame, resampler, samples));
  BF_RETURN_IF_ERROR(resampler.Flush(samples));
  return after_packet();
}

absl::Status CheckOptions(const std::string& path, const DecodeOptions& options) {
  if (options.sample_rate_hz < 0 || options.channels < 0 || options.channels > 8) {
    return absl::InvalidArgumentError(absl::StrCat("decode '", path, "': bad options: rate ",
                                                   options.sample_rate_hz, " Hz, ", options.channels,
                                                   " channels"));
  }
  return absl::OkStatus();
}

// Lossy decoders overshoot slightly; the AudioBuffer contract is [-1, 1].
void ClampToFullScale(float* samples, size_t count) {
  for (size_t i = 0; i < count; ++i) samples[i] = std::clamp(samples[i], -1.0f, 1.0f);
}

}  // namespace

const char* AcceptedAudioFormatsText() { return "MP3, WAV, AAC/M4A, FLAC"; }

absl::StatusOr<AudioFileInfo> ProbeAudioFile(const std::string& path) {
  BF_ASSIGN_OR_RETURN(AudioInput input, audio_internal::OpenAudioInput(path));
  return std::move(input.info);
}

absl::StatusOr<AudioBuffer> DecodeAudioFile(const std::string& path, const DecodeOptions& options) {
  BF_RETURN_IF_ERROR(CheckOptions(path, options));
  BF_ASSIGN_OR_RETURN(AudioInput input, audio_internal::OpenAudioInput(path));
  BF_ASSIGN_OR_RETURN(CodecContextPtr decoder, OpenDecoder(*input.format->streams[input.stream_index]));
  Resampler resampler(options.sample_rate_hz, options.channels);

  std::vector<float> samples;
  const int expected_rate = options.sample_rate_hz > 0 ? options.sample_rate_hz : input.info.sample_rate_hz;
  const int expected_channels = options.channels > 0 ? options.channels : input.info.channels;
  // The header's duration is only a hint (and may lie): reserve at most 256 MB.
  const double hint_samples = (input.info.duration_s + 1.0) * expected_rate * expected_channels;
  samples.reserve(static_cast<size_t>(std::min(hint_samples, double{1 << 26})));

  const absl::Status status = DecodeStream(input, *decoder, resampler, samples, [] { return absl::OkStatus(); });
  if (!status.ok()) return Annotate(status, absl::StrCat("decode '", path, "'"));
  if (samples.empty()) {
    return audio_internal::NotAcceptedError(path, "no audio could be decoded from it");
  }
  ClampToFullScale(samples.data(), samples.size());

  AudioBuffer buffer;
  buffer.sample_rate_hz = resampler.output_rate_hz();
  buffer.channels = resampler.output_channels();
  buffer.samples = std::move(samples);
  return buffer;
}

absl::Status DecodeAudioFileInBlocks(const std::string& path, const DecodeOptions& options, int64_t block_frames,
                                     absl::FunctionRef<absl::Status(const AudioBuffer& block)> on_block) {
  BF_RETURN_IF_ERROR(CheckOptions(path, options));
  if (block_frames <= 0) return absl::InvalidArgumentError(absl::StrCat("decode '", path, "': block of 0 frames"));
  BF_ASSIGN_OR_RETURN(AudioInput input, audio_internal::OpenAudioInput(path));
  BF_ASSIGN_OR_RETURN(CodecContextPtr decoder, OpenDecoder(*input.format->streams[input.stream_index]));
  Resampler resampler(options.sample_rate_hz, options.channels);

  std::vector<float> samples;
  AudioBuffer block;
  bool any = false;
  bool consumer_failed = false;
  // Hands on every whole block held; the remainder waits for more samples
  // (or goes out as the last, short block once the stream has ended).
  auto emit = [&](bool last) -> absl::Status {
    const int channels = resampler.output_channels();
    if (channels <= 0 || samples.empty()) return absl::OkStatus();
    const size_t block_samples = static_cast<size_t>(block_frames) * channels;
    size_t used = 0;
    while (samples.size() - used >= block_samples || (last && used < samples.size())) {
      const size_t count = std::min(block_samples, samples.size() - used);
      block.sample_rate_hz = resampler.output_rate_hz();
      block.channels = channels;
      block.samples.assign(samples.begin() + used, samples.begin() + used + count);
      ClampToFullScale(block.samples.data(), block.samples.size());
      used += count;
      any = true;
      if (absl::Status status = on_block(block); !status.ok()) {
        consumer_failed = true;
        return status;
      }
    }
    samples.erase(samples.begin(), samples.begin() + used);
    return absl::OkStatus();
  };
  absl::Status status = DecodeStream(input, *decoder, resampler, samples, [&] { return emit(false); });
  if (status.ok()) status = emit(true);
  if (consumer_failed) return status;
  if (!status.ok()) return Annotate(status, absl::StrCat("decode '", path, "'"));
  if (!any) return audio_internal::NotAcceptedError(path, "no audio could be decoded from it");
  return absl::OkStatus();
}

}  // namespace beatframe
