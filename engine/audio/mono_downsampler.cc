#include "engine/audio/mono_downsampler.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace beatframe::audio_internal {
namespace {

constexpr double kTargetRateHz = 22050.0;
constexpr int kTapsPerFactor = 16;

int DecimationFactor(int rate_hz) {
  int factor = static_cast<int>(std::floor(rate_hz / kTargetRateHz + 0.25));
  while (factor > 1 && rate_hz % factor != 0) --factor;
  return factor < 1 ? 1 : factor;
}

// Blackman-windowed sinc with its cutoff at the new Nyquist. That cutoff makes
// every factor-th tap exactly zero (half of them when decimating by 2), and
// those are skipped. What aliases from just above the new Nyquist lands in the
// top octave, where it still reads as the same onsets.
std::vector<float> LowPassTaps(int factor) {
  const int half = kTapsPerFactor * factor / 2;
  const double cutoff = 0.5 / factor;  // cycles per input sample
  std::vector<float> taps(2 * half + 1);
  double sum = 0.0;
  for (int k = -half; k <= half; ++k) {
    const double x = 2.0 * cutoff * k;
    const double sinc = k == 0 ? 1.0 : k % factor == 0 ? 0.0 : std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
    const double phase = std::numbers::pi * (k + half) / half;
    const double blackman = 0.42 - 0.5 * std::cos(phase) + 0.08 * std::cos(2.0 * phase);
    taps[k + half] = static_cast<float>(sinc * blackman);
    sum += taps[k + half];
  }
  for (float& tap : taps) tap = static_cast<float>(tap / sum);
  return taps;
}

}  // namespace

std::vector<float> MixToMono(const AudioBuffer& audio) {
  const int channels = audio.channels;
  const int64_t frames = audio.frame_count();
  std::vector<float> mono(frames);
  if (channels == 1) {
    mono.assign(audio.samples.begin(), audio.samples.begin() + frames);
    return mono;
  }
  const float scale = 1.0f / channels;
  const float* in = audio.samples.data();
  for (int64_t i = 0; i < frames; ++i) {
    float sum = 0.0f;
    for (int c = 0; c < channels; ++c) sum += in[i * channels + c];
    mono[i] = sum * scale;
  }
  return mono;
}

DecimatedSignal DecimateForAnalysis(const std::vector<float>& mono, int rate_hz) {
  const int factor = DecimationFactor(rate_hz);
  DecimatedSignal out;
  out.rate_hz = rate_hz / factor;
  if (factor == 1) {
    out.samples = mono;
    return out;
  }
  const std::vector<float> taps = LowPassTaps(factor);
  const int64_t half = static_cast<int64_t>(taps.size() / 2);
  const int64_t n = static_cast<int64_t>(mono.size());
  const int64_t out_count = (n + factor - 1) / factor;
  // Zero-padded and split into `factor` phases (polyphase form): output j
  // reads input j * factor + k, which is phase k % factor at j + k / factor,
  // so every inner loop runs over consecutive floats and vectorises.
  const int64_t phase_length = (n + 2 * half) / factor + 2;
  std::vector<std::vector<float>> phases(factor, std::vector<float>(phase_length, 0.0f));
  // Walk phase and index along with i: a division per sample costs more than the filter.
  int phase = static_cast<int>(half % factor);
  int64_t index = half / factor;
  for (int64_t i = 0; i < n; ++i) {
    phases[phase][index] = mono[i];
    if (++phase == factor) {
      phase = 0;
      ++index;
    }
  }
  out.samples.assign(out_count, 0.0f);
  constexpr int64_t kBlock = 4096;  // keeps the outputs in cache across taps
  float* y = out.samples.data();
  for (int64_t block = 0; block < out_count; block += kBlock) {
    const int64_t block_end = std::min(out_count, block + kBlock);
    for (size_t k = 0; k < taps.size(); ++k) {
      const float tap = taps[k];
      if (tap == 0.0f) continue;
      const float* x = phases[k % factor].data() + k / factor;
      for (int64_t j = block; j < block_end; ++j) y[j] += tap * x[j];
    }
  }
  return out;
}

}  // namespace beatframe::audio_internal
