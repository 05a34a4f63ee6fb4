#include "engine/audio/frame_features.h"

#include <algorithm>
#include <cmath>

#include "engine/audio/log_filterbank.h"
#include "engine/audio/stft.h"

namespace beatframe::audio_internal {
namespace {

constexpr double kWindowS = 0.04;
// Below this (dBFS) a whole curve counts as silence and stays at 0.
constexpr double kSilenceDb = -80.0;
// A band that is quiet all track long is compared with the loudest band's
// reference minus this, so its noise floor is not stretched to full scale.
constexpr double kMaxBandBelowLoudestDb = 30.0;

double ToDb(double power) { return 10.0 * std::log10(power + 1e-12); }

double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return kSilenceDb - 100.0;
  const size_t index = static_cast<size_t>(fraction * (values.size() - 1));
  std::nth_element(values.begin(), values.begin() + index, values.end());
  return values[index];
}

float Normalise(double level_db, double reference_db, double range_db) {
  if (reference_db < kSilenceDb) return 0.0f;
  return static_cast<float>(std::clamp((level_db - (reference_db - range_db)) / range_db, 0.0, 1.0));
}

// One-pole follower at `rate_hz` over the values at data[i * stride].
void SmoothAttackRelease(float* data, int64_t count, int stride, double rate_hz,
                         const FrameFeatureOptions& options) {
  const float attack = static_cast<float>(1.0 - std::exp(-1.0 / (rate_hz * options.attack_s)));
  const float release = static_cast<float>(1.0 - std::exp(-1.0 / (rate_hz * options.release_s)));
  float state = 0.0f;
  for (int64_t i = 0; i < count; ++i) {
    float& value = data[i * stride];
    state += (value > state ? attack : release) * (value - state);
    value = state;
  }
}

// RMS level in dB of the window of `length` samples centred on `centre`.
double RmsDb(const std::vector<float>& mono, int64_t centre, int64_t length) {
  const int64_t begin = std::max<int64_t>(0, centre - length / 2);
  const int64_t end = std::min<int64_t>(static_cast<int64_t>(mono.size()), centre + (length + 1) / 2);
  double sum = 0.0;
  for (int64_t i = begin; i < end; ++i) sum += static_cast<double>(mono[i]) * mono[i];
  return ToDb(end > begin ? sum / (end - begin) : 0.0);
}

}  // namespace

FrameFeatures ComputeFrameFeatures(const std::vector<float>& mono, int rate_hz, int64_t frame_count,
                                   const FrameFeatureOptions& options) {
  const int band_count = options.band_count;
  Stft stft(FftSizeForWindow(kWindowS, rate_hz));
  const LogFilterbank filterbank = LogFilterbank::WithBandCount(
      stft.fft_size(), rate_hz, band_count, options.min_band_hz, options.max_band_hz);
  const int64_t rms_length = std::max<int64_t>(1, std::lround(rate_hz / options.feature_rate_hz));

  std::vector<double> energy_db(frame_count);
  std::vector<std::vector<double>> band_db(band_count, std::vector<double>(frame_count));
  std::vector<float> band_power(band_count);
  for (int64_t i = 0; i < frame_count; ++i) {
    const int64_t centre = std::llround(i * rate_hz / options.feature_rate_hz);
    energy_db[i] = RmsDb(mono, centre, rms_length);
    filterbank.Apply(stft.PowerAt(mono, centre), band_power.data());
    for (int b = 0; b < band_count; ++b) band_db[b][i] = ToDb(band_power[b]);
  }

  FrameFeatures features;
  features.energy.resize(frame_count);
  const double energy_reference = Percentile(energy_db, options.reference_percentile);
  for (int64_t i = 0; i < frame_count; ++i) {
    features.energy[i] = Normalise(energy_db[i], energy_reference, options.dynamic_range_db);
  }
  SmoothAttackRelease(features.energy.data(), frame_count, 1, options.feature_rate_hz, options);

  std::vector<double> band_reference(band_count);
  for (int b = 0; b < band_count; ++b) band_reference[b] = Percentile(band_db[b], options.reference_percentile);
  const double loudest = band_count > 0 ? *std::max_element(band_reference.begin(), band_reference.end()) : 0.0;
  features.bands.resize(static_cast<size_t>(frame_count) * band_count);
  for (int b = 0; b < band_count; ++b) {
    const double reference = std::max(band_reference[b], loudest - kMaxBandBelowLoudestDb);
    for (int64_t i = 0; i < frame_count; ++i) {
      features.bands[i * band_count + b] = Normalise(band_db[b][i], reference, options.dynamic_range_db);
    }
    SmoothAttackRelease(features.bands.data() + b, frame_count, band_count, options.feature_rate_hz, options);
  }
  return features;
}

}  // namespace beatframe::audio_internal
