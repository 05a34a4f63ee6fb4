#include "tools/synth/sample_packing.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace beatframe::synth_internal {

AVSampleFormat ChooseSampleFormat(const AVSampleFormat* supported) {
  if (supported == nullptr) return AV_SAMPLE_FMT_FLT;
  for (AVSampleFormat wanted : {AV_SAMPLE_FMT_FLTP, AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S16P,
                                AV_SAMPLE_FMT_S32, AV_SAMPLE_FMT_S32P}) {
    for (const AVSampleFormat* format = supported; *format != AV_SAMPLE_FMT_NONE; ++format) {
      if (*format == wanted) return wanted;
    }
  }
  return AV_SAMPLE_FMT_NONE;
}

void PackSamples(const float* interleaved, int channels, AVFrame& frame) {
  const AVSampleFormat format = static_cast<AVSampleFormat>(frame.format);
  const bool planar = av_sample_fmt_is_planar(format) != 0;
  const AVSampleFormat packed = av_get_packed_sample_fmt(format);
  for (int i = 0; i < frame.nb_samples; ++i) {
    for (int c = 0; c < channels; ++c) {
      const float value = std::clamp(interleaved[i * channels + c], -1.0f, 1.0f);
      const int index = planar ? i : i * channels + c;
      uint8_t* plane = frame.extended_data[planar ? c : 0];
      switch (packed) {
        case AV_SAMPLE_FMT_S16:
          // Scaled by 2^15 as FFmpeg's decoders scale back, so a round trip is exact to half a step.
          reinterpret_cast<int16_t*>(plane)[index] =
              static_cast<int16_t>(std::clamp<long>(std::lrint(value * 32768.0f), -32768, 32767));
          break;
        case AV_SAMPLE_FMT_S32:
          reinterpret_cast<int32_t*>(plane)[index] = static_cast<int32_t>(
              std::clamp<long long>(std::llrint(value * 2147483648.0), -2147483648LL, 2147483647LL));
          break;
        default:
          reinterpret_cast<float*>(plane)[index] = value;
          break;
      }
    }
  }
}

}  // namespace beatframe::synth_internal
