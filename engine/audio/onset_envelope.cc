#include "engine/audio/onset_envelope.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace beatframe::audio_internal {
namespace {

constexpr double kFrameRateHz = 100.0;
constexpr double kWindowS = 0.04;
constexpr double kBandsPerOctave = 12.0;
constexpr double kMinHz = 30.0;
constexpr double kMaxHz = 11000.0;
// Band groups: kick, the body of snares/voices/chords, and cymbals/hats.
constexpr double kLowMaxHz = 150.0;
constexpr double kMidMaxHz = 2500.0;
// Hi-hats on every eighth note would otherwise pull the tempo to double time.
constexpr std::array<float, 3> kGroupWeights = {1.0f, 1.0f, 0.5f};
// log(1 + gamma * magnitude): ~linear below -60 dBFS, logarithmic above.
constexpr float kLogGamma = 1000.0f;
// Rises below this (natural-log units per frame, about 1.3 dB) are not
// onsets: a sine gliding across band edges ripples by that much, and it would
// otherwise give a sweep a steady "pulse".
constexpr float kMinRise = 0.15f;

// Group fluxes averaged per band (so a group's weight does not grow with its
// band count) and combined with kGroupWeights.
float Combine(const std::array<float, 3>& flux, const std::array<float, 3>& group_size) {
  float combined = 0.0f;
  for (int g = 0; g < 3; ++g) {
    if (group_size[g] > 0.0f) combined += kGroupWeights[g] * flux[g] / group_size[g];
  }
  return combined;
}

// Per-group SuperFlux between two frames of log band levels: each band is
// compared with the loudest of its neighbours in the previous frame, so energy
// gliding between adjacent bands (vibrato, sweeps) is not an onset.
std::array<float, 3> SuperFlux(const std::vector<float>& bands, const std::vector<float>& previous,
                               const std::vector<int>& group_of_band) {
  std::array<float, 3> flux = {0.0f, 0.0f, 0.0f};
  const int band_count = static_cast<int>(bands.size());
  for (int b = 0; b < band_count; ++b) {
    float reference = previous[b];
    if (b > 0) reference = std::max(reference, previous[b - 1]);
    if (b + 1 < band_count) reference = std::max(reference, previous[b + 1]);
    flux[group_of_band[b]] += std::max(0.0f, bands[b] - reference - kMinRise);
  }
  return flux;
}

}  // namespace

OnsetEnvelopeBuilder::OnsetEnvelopeBuilder(int rate_hz)
    : rate_hz_(rate_hz),
      stft_(FftSizeForWindow(kWindowS, rate_hz)),
      filterbank_(LogFilterbank::PerOctave(stft_.fft_size(), rate_hz, kBandsPerOctave, kMinHz, kMaxHz)),
      block_(stft_.fft_size()),
      bands_(filterbank_.band_count()),
      previous_(filterbank_.band_count()) {
  envelope_.hop = std::max(1, static_cast<int>(std::lround(rate_hz / kFrameRateHz)));
  envelope_.rate_hz = static_cast<double>(rate_hz) / envelope_.hop;
  // Band groups: kick, the body of snares/voices/chords, and cymbals/hats.
  for (int b = 0; b < filterbank_.band_count(); ++b) {
    const double low_hz = filterbank_.band_low_hz(b);
    const int group = low_hz < kLowMaxHz ? 0 : low_hz < kMidMaxHz ? 1 : 2;
    group_of_band_.push_back(group);
    group_size_[group] += 1.0f;
  }
}

void OnsetEnvelopeBuilder::Push(const float* samples, int64_t count) {
  history_.Append(samples, count);
  const int64_t half = stft_.fft_size() / 2;
  // Frame t is centred on sample t * hop and needs its whole window.
  while (static_cast<int64_t>(envelope_.strength.size()) * envelope_.hop + half <= history_.end()) ComputeFrame();
  history_.DiscardBefore(static_cast<int64_t>(envelope_.strength.size()) * envelope_.hop - half);
}

void OnsetEnvelopeBuilder::ComputeFrame() {
  const int64_t t = static_cast<int64_t>(envelope_.strength.size());
  const int size = stft_.fft_size();
  history_.Read(t * envelope_.hop - size / 2, size, block_.data());
  filterbank_.Apply(stft_.PowerOf(block_.data()), bands_.data());
  for (float& value : bands_) value = std::log1p(kLogGamma * std::sqrt(value));
  if (t == 0) previous_ = bands_;
  const std::array<float, 3> flux = SuperFlux(bands_, previous_, group_of_band_);
  envelope_.strength.push_back(Combine(flux, group_size_));
  envelope_.low_strength.push_back(group_size_[0] > 0.0f ? flux[0] / group_size_[0] : 0.0f);
  previous_.swap(bands_);
}

OnsetEnvelope OnsetEnvelopeBuilder::Finish() {
  // Frames whose window reaches past the end would see the signal cut off
  // against the zero padding: broadband splatter, not an onset in the music.
  const size_t frame_count = static_cast<size_t>(history_.end() / envelope_.hop) + 1;
  envelope_.strength.resize(std::max(frame_count, envelope_.strength.size()), 0.0f);
  envelope_.low_strength.resize(envelope_.strength.size(), 0.0f);
  return std::move(envelope_);
}

OnsetEnvelope ComputeOnsetEnvelope(const std::vector<float>& signal, int rate_hz) {
  OnsetEnvelopeBuilder builder(rate_hz);
  builder.Push(signal.data(), static_cast<int64_t>(signal.size()));
  return builder.Finish();
}

}  // namespace beatframe::audio_internal
