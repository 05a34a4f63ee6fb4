#include "engine/audio/onset_envelope.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/audio/log_filterbank.h"
#include "engine/audio/stft.h"

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

// Which group each band belongs to, and how many bands each group has.
struct BandGroups {
  std::vector<int> group_of_band;
  std::array<float, 3> size = {0.0f, 0.0f, 0.0f};
};

BandGroups GroupBands(const LogFilterbank& filterbank) {
  BandGroups groups;
  for (int b = 0; b < filterbank.band_count(); ++b) {
    const double low_hz = filterbank.band_low_hz(b);
    const int group = low_hz < kLowMaxHz ? 0 : low_hz < kMidMaxHz ? 1 : 2;
    groups.group_of_band.push_back(group);
    groups.size[group] += 1.0f;
  }
  return groups;
}

// Group fluxes averaged per band (so a group's weight does not grow with its
// band count) and combined with kGroupWeights.
float Combine(const std::array<float, 3>& flux, const BandGroups& groups) {
  float combined = 0.0f;
  for (int g = 0; g < 3; ++g) {
    if (groups.size[g] > 0.0f) combined += kGroupWeights[g] * flux[g] / groups.size[g];
  }
  return combined;
}

// Per-group SuperFlux between two frames of log band levels: each band is
// compared with the loudest of its neighbours in the previous frame, so energy
// gliding between adjacent bands (vibrato, sweeps) is not an onset.
std::array<float, 3> SuperFlux(const std::vector<float>& bands, const std::vector<float>& previous,
                               const BandGroups& groups) {
  std::array<float, 3> flux = {0.0f, 0.0f, 0.0f};
  const int band_count = static_cast<int>(bands.size());
  for (int b = 0; b < band_count; ++b) {
    float reference = previous[b];
    if (b > 0) reference = std::max(reference, previous[b - 1]);
    if (b + 1 < band_count) reference = std::max(reference, previous[b + 1]);
    flux[groups.group_of_band[b]] += std::max(0.0f, bands[b] - reference - kMinRise);
  }
  return flux;
}

}  // namespace

OnsetEnvelope ComputeOnsetEnvelope(const std::vector<float>& signal, int rate_hz) {
  OnsetEnvelope envelope;
  envelope.hop = std::max(1, static_cast<int>(std::lround(rate_hz / kFrameRateHz)));
  envelope.rate_hz = static_cast<double>(rate_hz) / envelope.hop;
  const int frame_count = static_cast<int>(signal.size() / envelope.hop) + 1;
  envelope.strength.assign(frame_count, 0.0f);
  envelope.low_strength.assign(frame_count, 0.0f);

  Stft stft(FftSizeForWindow(kWindowS, rate_hz));
  const LogFilterbank filterbank =
      LogFilterbank::PerOctave(stft.fft_size(), rate_hz, kBandsPerOctave, kMinHz, kMaxHz);
  const int band_count = filterbank.band_count();
  const BandGroups groups = GroupBands(filterbank);

  std::vector<float> bands(band_count);
  std::vector<float> previous(band_count);
  for (int t = 0; t < frame_count; ++t) {
    filterbank.Apply(stft.PowerAt(signal, static_cast<int64_t>(t) * envelope.hop), bands.data());
    for (float& value : bands) value = std::log1p(kLogGamma * std::sqrt(value));
    if (t == 0) previous = bands;
    std::array<float, 3> flux = SuperFlux(bands, previous, groups);
    float combined = Combine(flux, groups);
    // A window reaching past the end sees the signal cut off against the zero
    // padding: broadband splatter, not an onset in the music.
    if (static_cast<int64_t>(t) * envelope.hop + stft.fft_size() / 2 > static_cast<int64_t>(signal.size())) {
      combined = 0.0f;
      flux[0] = 0.0f;
    }
    envelope.strength[t] = combined;
    envelope.low_strength[t] = groups.size[0] > 0.0f ? flux[0] / groups.size[0] : 0.0f;
    previous.swap(bands);
  }
  return envelope;
}

}  // namespace beatframe::audio_internal
