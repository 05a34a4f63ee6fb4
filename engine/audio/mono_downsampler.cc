#include "engine/audio/mono_downsampler.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace beatframe::audio_internal {
namespace {

constexpr double kTargetRateHz = 22050.0;
constexpr int kTapsPerFactor = 16;
// Outputs per inner batch: keeps the batch's inputs and outputs in cache.
constexpr int64_t kBatchOutputs = 4096;

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
  std::vector<float> mono(audio.frame_count());
  MixBlockToMono(audio.samples.data(), audio.frame_count(), audio.channels, mono.data());
  return mono;
}

void MixBlockToMono(const float* interleaved, int64_t frame_count, int channels, float* mono) {
  if (channels == 1) {
    std::copy(interleaved, interleaved + frame_count, mono);
    return;
  }
  const float scale = 1.0f / channels;
  for (int64_t i = 0; i < frame_count; ++i) {
    float sum = 0.0f;
    for (int c = 0; c < channels; ++c) sum += interleaved[i * channels + c];
    mono[i] = sum * scale;
  }
}

Decimator::Decimator(int rate_hz) : rate_hz_(rate_hz), factor_(DecimationFactor(rate_hz)) {
  if (factor_ > 1) {
    taps_ = LowPassTaps(factor_);
    half_ = static_cast<int64_t>(taps_.size() / 2);
    phases_.assign(factor_, {});
  }
}

void Decimator::Push(const float* mono, int64_t count, std::vector<float>& out) {
  if (factor_ == 1) {
    out.insert(out.end(), mono, mono + count);
    input_count_ += count;
    return;
  }
  history_.Append(mono, count);
  input_count_ += count;
  // Output j reads inputs up to j * factor + half.
  const int64_t complete = input_count_ > half_ ? (input_count_ - half_ - 1) / factor_ + 1 : 0;
  Emit(complete, out);
}

void Decimator::Finish(std::vector<float>& out) {
  if (factor_ == 1) return;
  Emit((input_count_ + factor_ - 1) / factor_, out);
}

void Decimator::Emit(int64_t end_output, std::vector<float>& out) {
  while (next_output_ < end_output) {
    const int64_t count = std::min(kBatchOutputs, end_output - next_output_);
    const int64_t first_input = next_output_ * factor_ - half_;
    const int64_t input_length = (count - 1) * factor_ + 2 * half_ + 1;
    block_.resize(input_length);
    history_.Read(first_input, static_cast<int>(input_length), block_.data());
    // Split into `factor_` phases (polyphase form): output q reads input
    // q * factor + k, which is phase k % factor at q + k / factor, so every
    // inner loop runs over consecutive floats and vectorises.
    const int64_t phase_length = input_length / factor_ + 1;
    for (std::vector<float>& phase : phases_) phase.assign(phase_length, 0.0f);
    for (int64_t i = 0, m = 0; i < input_length; i += factor_, ++m) {
      for (int p = 0; p < factor_ && i + p < input_length; ++p) phases_[p][m] = block_[i + p];
    }
    const size_t start = out.size();
    out.resize(start + count, 0.0f);
    float* y = out.data() + start;
    for (size_t k = 0; k < taps_.size(); ++k) {
      const float tap = taps_[k];
      if (tap == 0.0f) continue;
      const float* x = phases_[k % factor_].data() + k / factor_;
      for (int64_t q = 0; q < count; ++q) y[q] += tap * x[q];
    }
    next_output_ += count;
  }
  history_.DiscardBefore(next_output_ * factor_ - half_);
}

DecimatedSignal DecimateForAnalysis(const std::vector<float>& mono, int rate_hz) {
  Decimator decimator(rate_hz);
  DecimatedSignal out;
  out.rate_hz = decimator.output_rate_hz();
  out.samples.reserve(mono.size() / std::max(1, rate_hz / out.rate_hz) + 1);
  decimator.Push(mono.data(), static_cast<int64_t>(mono.size()), out.samples);
  decimator.Finish(out.samples);
  return out;
}

}  // namespace beatframe::audio_internal
