#include "engine/audio/audio_mixer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "absl/strings/str_cat.h"

namespace beatframe {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Raised cosine: 0 at x <= 0, 1 at x >= 1, with zero slope at both ends.
float RaisedCosine(double x) {
  if (x <= 0.0) return 0.0f;
  if (x >= 1.0) return 1.0f;
  return static_cast<float>(0.5 - 0.5 * std::cos(kPi * x));
}

void AddScaled(const float* from, float gain, int channels, float* to) {
  for (int c = 0; c < channels; ++c) to[c] += gain * from[c];
}

}  // namespace

void ApplyGain(float gain, AudioBuffer& audio) {
  if (gain == 1.0f) return;
  for (float& sample : audio.samples) sample *= gain;
}

absl::Status MixLooped(const AudioBuffer& bed, float gain, AudioBuffer& main) {
  if (bed.sample_rate_hz != main.sample_rate_hz || bed.channels != main.channels) {
    return absl::InvalidArgumentError(absl::StrCat("cannot mix ", bed.sample_rate_hz, " Hz x", bed.channels,
                                                   " audio into ", main.sample_rate_hz, " Hz x", main.channels));
  }
  const int64_t length = bed.frame_count();
  if (length <= 0) return absl::InvalidArgumentError("cannot mix an empty track");
  const int channels = main.channels;
  const int64_t total = main.frame_count();
  // Repeats start every `period` frames; the last `overlap` frames of each
  // fade out while the next repeat's first `overlap` frames fade in.
  const int64_t overlap =
      length < total ? std::min<int64_t>(std::llround(kLoopCrossfadeS * bed.sample_rate_hz), length / 4) : 0;
  const int64_t period = length - overlap;
  for (int64_t n = 0; n < total; ++n) {
    const int64_t repeat = n / period;
    const int64_t p = n % period;
    float* out = main.samples.data() + n * channels;
    if (repeat > 0 && p < overlap) {
      const float in = static_cast<float>(p + 1) / static_cast<float>(overlap + 1);
      AddScaled(bed.samples.data() + p * channels, gain * in, channels, out);
      AddScaled(bed.samples.data() + (period + p) * channels, gain * (1.0f - in), channels, out);
    } else {
      AddScaled(bed.samples.data() + p * channels, gain, channels, out);
    }
  }
  return absl::OkStatus();
}

void ApplyFadeInOut(double fade_in_s, double fade_out_s, AudioBuffer& audio) {
  const int64_t total = audio.frame_count();
  const int channels = audio.channels;
  if (total <= 0 || audio.sample_rate_hz <= 0) return;
  const auto frames_of = [&](double seconds) {
    return std::isfinite(seconds) && seconds > 0.0
               ? std::min<int64_t>(std::llround(seconds * audio.sample_rate_hz), total)
               : int64_t{0};
  };
  const int64_t in_frames = frames_of(fade_in_s);
  const int64_t out_frames = frames_of(fade_out_s);
  // The first frame starts from silence and the last one ends on it.
  for (int64_t n = 0; n < in_frames; ++n) {
    const float gain = RaisedCosine(static_cast<double>(n) / in_frames);
    for (int c = 0; c < channels; ++c) audio.samples[n * channels + c] *= gain;
  }
  for (int64_t k = 0; k < out_frames; ++k) {
    const int64_t n = total - 1 - k;
    const float gain = RaisedCosine(static_cast<double>(k) / out_frames);
    for (int c = 0; c < channels; ++c) audio.samples[n * channels + c] *= gain;
  }
}

}  // namespace beatframe
