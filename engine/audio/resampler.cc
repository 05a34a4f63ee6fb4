#include "engine/audio/resampler.h"

#include "absl/strings/str_cat.h"
#include "engine/common/av_error.h"
#include "engine/common/status_macros.h"

extern "C" {
#include <libavutil/channel_layout.h>
}

namespace beatframe::audio_internal {
namespace {

// swresample cannot remix a layout whose channel meaning is unknown (e.g. a
// WAV without a channel mask), so such layouts get the default for their count.
void CopyUsableLayout(const AVChannelLayout& source, AVChannelLayout* target) {
  av_channel_layout_uninit(target);
  if (source.order == AV_CHANNEL_ORDER_UNSPEC || av_channel_layout_check(&source) == 0) {
    av_channel_layout_default(target, source.nb_channels);
  } else {
    av_channel_layout_copy(target, &source);
  }
}

}  // namespace

Resampler::Resampler(int output_rate_hz, int output_channels)
    : requested_channels_(output_channels), output_rate_hz_(output_rate_hz) {}

Resampler::~Resampler() {
  av_channel_layout_uninit(&output_layout_);
  av_channel_layout_uninit(&input_layout_);
}

bool Resampler::MatchesInput(const AVFrame& frame) const {
  return swr_ != nullptr && frame.sample_rate == input_rate_hz_ && frame.format == input_format_ &&
         frame.ch_layout.nb_channels == input_layout_.nb_channels;
}

absl::Status Resampler::Configure(const AVFrame& frame) {
  if (output_layout_.nb_channels == 0) {
    // First frame: fix the output format for the whole stream.
    if (requested_channels_ > 0) {
      av_channel_layout_default(&output_layout_, requested_channels_);
    } else {
      CopyUsableLayout(frame.ch_layout, &output_layout_);
    }
    if (output_rate_hz_ <= 0) output_rate_hz_ = frame.sample_rate;
  }
  CopyUsableLayout(frame.ch_layout, &input_layout_);
  input_rate_hz_ = frame.sample_rate;
  input_format_ = frame.format;

  SwrContext* raw = nullptr;
  int ret = swr_alloc_set_opts2(&raw, &output_layout_, AV_SAMPLE_FMT_FLT, output_rate_hz_,
                                &input_layout_, static_cast<AVSampleFormat>(frame.format),
                                frame.sample_rate, 0, nullptr);
  swr_.reset(raw);
  if (ret < 0) return AvErrorToStatus(ret, "configure resampler");
  ret = swr_init(swr_.get());
  if (ret < 0) return AvErrorToStatus(ret, "initialise resampler");
  return absl::OkStatus();
}

absl::Status Resampler::Convert(const AVFrame& frame, std::vector<float>& out) {
  if (!MatchesInput(frame)) {
    if (swr_ != nullptr) BF_RETURN_IF_ERROR(Flush(out));
    BF_RETURN_IF_ERROR(Configure(frame));
  }
  const int max_frames = swr_get_out_samples(swr_.get(), frame.nb_samples);
  if (max_frames < 0) return AvErrorToStatus(max_frames, "resample");
  const size_t old_size = out.size();
  out.resize(old_size + static_cast<size_t>(max_frames) * output_channels());
  uint8_t* destination = reinterpret_cast<uint8_t*>(out.data() + old_size);
  const int converted = swr_convert(swr_.get(), &destination, max_frames,
                                    const_cast<const uint8_t**>(frame.extended_data), frame.nb_samples);
  if (converted < 0) {
    out.resize(old_size);
    return AvErrorToStatus(converted, "resample");
  }
  out.resize(old_size + static_cast<size_t>(converted) * output_channels());
  return absl::OkStatus();
}

absl::Status Resampler::Flush(std::vector<float>& out) {
  if (swr_ == nullptr) return absl::OkStatus();
  constexpr int kChunkFrames = 4096;
  while (true) {
    const size_t old_size = out.size();
    out.resize(old_size + static_cast<size_t>(kChunkFrames) * output_channels());
    uint8_t* destination = reinterpret_cast<uint8_t*>(out.data() + old_size);
    const int converted = swr_convert(swr_.get(), &destination, kChunkFrames, nullptr, 0);
    out.resize(old_size + static_cast<size_t>(converted > 0 ? converted : 0) * output_channels());
    if (converted < 0) return AvErrorToStatus(converted, "flush resampler");
    if (converted == 0) return absl::OkStatus();
  }
}

}  // namespace beatframe::audio_internal
