#include "engine/audio/harmonic_features.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace beatframe::audio_internal {
namespace {

constexpr double kFrameRateHz = 10.0;
// ~186 ms at 22 kHz: 5.4 Hz bins, enough to tell semitones apart from ~100 Hz up.
constexpr double kWindowS = 0.18;
// Pitch range for chroma: low enough for bass lines, high enough for melody,
// below where cymbals and noise would smear every class.
constexpr double kChromaMinHz = 80.0;
constexpr double kChromaMaxHz = 2500.0;
constexpr double kC1Hz = 32.703195662574829;
constexpr double kBandMinHz = 60.0;
constexpr double kBandMaxHz = 10000.0;

double ToDb(double power) { return 10.0 * std::log10(power + 1e-10); }

}  // namespace

HarmonicFeatureBuilder::HarmonicFeatureBuilder(int rate_hz)
    : hop_(std::max(1, static_cast<int>(std::lround(rate_hz / kFrameRateHz)))),
      stft_(FftSizeForWindow(kWindowS, rate_hz)),
      bands_(LogFilterbank::WithBandCount(stft_.fft_size(), rate_hz, kSpectrumBands, kBandMinHz, kBandMaxHz)),
      pitch_class_of_bin_(stft_.bin_count(), -1),
      block_(stft_.fft_size()) {
  frames_.rate_hz = static_cast<double>(rate_hz) / hop_;
  const double bin_hz = static_cast<double>(rate_hz) / stft_.fft_size();
  for (int k = 1; k < stft_.bin_count(); ++k) {
    const double hz = k * bin_hz;
    if (hz < kChromaMinHz || hz > kChromaMaxHz) continue;
    const int semitone = static_cast<int>(std::lround(12.0 * std::log2(hz / kC1Hz)));
    pitch_class_of_bin_[k] = ((semitone % kChromaBins) + kChromaBins) % kChromaBins;
  }
}

void HarmonicFeatureBuilder::Push(const float* samples, int64_t count) {
  history_.Append(samples, count);
  const int64_t half = stft_.fft_size() / 2;
  while (static_cast<int64_t>(frames_.frame_count()) * hop_ + half <= history_.end()) ComputeFrame();
  history_.DiscardBefore(static_cast<int64_t>(frames_.frame_count()) * hop_ - half);
}

void HarmonicFeatureBuilder::ComputeFrame() {
  const int64_t centre = static_cast<int64_t>(frames_.frame_count()) * hop_;
  history_.Read(centre - stft_.fft_size() / 2, stft_.fft_size(), block_.data());
  const float* power = stft_.PowerOf(block_.data());

  float chroma[kChromaBins] = {};
  double total = 0.0;
  for (int k = 0; k < stft_.bin_count(); ++k) {
    total += power[k];
    if (pitch_class_of_bin_[k] >= 0) chroma[pitch_class_of_bin_[k]] += power[k];
  }
  frames_.chroma.insert(frames_.chroma.end(), chroma, chroma + kChromaBins);
  frames_.level_db.push_back(static_cast<float>(ToDb(total)));
  const size_t start = frames_.band_power.size();
  frames_.band_power.resize(start + kSpectrumBands);
  bands_.Apply(power, frames_.band_power.data() + start);
}

HarmonicFrames HarmonicFeatureBuilder::Finish() {
  // The last frames, whose windows reach past the end, read zero padding:
  // for a spectrum shape that is harmless (unlike for onsets).
  const int64_t frame_count = history_.end() / hop_ + 1;
  while (frames_.frame_count() < frame_count) ComputeFrame();
  return std::move(frames_);
}

}  // namespace beatframe::audio_internal
