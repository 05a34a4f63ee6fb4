#include "engine/audio/frame_features.h"

#include <algorithm>
#include <cmath>

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

}  // namespace

FrameFeatureBuilder::FrameFeatureBuilder(int rate_hz, const FrameFeatureOptions& options)
    : rate_hz_(rate_hz),
      options_(options),
      stft_(FftSizeForWindow(kWindowS, rate_hz)),
      filterbank_(LogFilterbank::WithBandCount(stft_.fft_size(), rate_hz, options.band_count, options.min_band_hz,
                                               options.max_band_hz)),
      rms_length_(std::max<int64_t>(1, std::lround(rate_hz / options.feature_rate_hz))),
      band_db_(options.band_count),
      block_(stft_.fft_size()),
      band_power_(options.band_count) {}

int64_t FrameFeatureBuilder::CentreOf(int64_t frame) const {
  return std::llround(frame * rate_hz_ / options_.feature_rate_hz);
}

void FrameFeatureBuilder::Push(const float* mono, int64_t count) {
  history_.Append(mono, count);
  const int64_t reach = std::max<int64_t>(stft_.fft_size() / 2, (rms_length_ + 1) / 2);
  while (CentreOf(static_cast<int64_t>(energy_db_.size())) + reach <= history_.end()) ComputeFrame();
  history_.DiscardBefore(CentreOf(static_cast<int64_t>(energy_db_.size())) - reach);
}

// RMS level in dB of the window of rms_length_ samples centred on `centre`,
// over the samples that exist (the track's end shortens the last windows).
double FrameFeatureBuilder::RmsDb(int64_t centre) {
  const int64_t begin = std::max<int64_t>(0, centre - rms_length_ / 2);
  const int64_t end = std::min<int64_t>(history_.end(), centre + (rms_length_ + 1) / 2);
  if (end <= begin) return ToDb(0.0);
  rms_block_.resize(end - begin);
  history_.Read(begin, static_cast<int>(end - begin), rms_block_.data());
  double sum = 0.0;
  for (float value : rms_block_) sum += static_cast<double>(value) * value;
  return ToDb(sum / (end - begin));
}

void FrameFeatureBuilder::ComputeFrame() {
  const int64_t centre = CentreOf(static_cast<int64_t>(energy_db_.size()));
  energy_db_.push_back(RmsDb(centre));
  history_.Read(centre - stft_.fft_size() / 2, stft_.fft_size(), block_.data());
  filterbank_.Apply(stft_.PowerOf(block_.data()), band_power_.data());
  for (int b = 0; b < options_.band_count; ++b) band_db_[b].push_back(ToDb(band_power_[b]));
}

FrameFeatures FrameFeatureBuilder::Finish(int64_t frame_count) {
  while (static_cast<int64_t>(energy_db_.size()) < frame_count) ComputeFrame();
  energy_db_.resize(frame_count);
  for (std::vector<double>& band : band_db_) band.resize(frame_count);
  const int band_count = options_.band_count;

  FrameFeatures features;
  features.energy.resize(frame_count);
  const double energy_reference = Percentile(energy_db_, options_.reference_percentile);
  for (int64_t i = 0; i < frame_count; ++i) {
    features.energy[i] = Normalise(energy_db_[i], energy_reference, options_.dynamic_range_db);
  }
  SmoothAttackRelease(features.energy.data(), frame_count, 1, options_.feature_rate_hz, options_);

  std::vector<double> band_reference(band_count);
  for (int b = 0; b < band_count; ++b) band_reference[b] = Percentile(band_db_[b], options_.reference_percentile);
  const double loudest = band_count > 0 ? *std::max_element(band_reference.begin(), band_reference.end()) : 0.0;
  features.bands.resize(static_cast<size_t>(frame_count) * band_count);
  for (int b = 0; b < band_count; ++b) {
    const double reference = std::max(band_reference[b], loudest - kMaxBandBelowLoudestDb);
    for (int64_t i = 0; i < frame_count; ++i) {
      features.bands[i * band_count + b] = Normalise(band_db_[b][i], reference, options_.dynamic_range_db);
    }
    SmoothAttackRelease(features.bands.data() + b, frame_count, band_count, options_.feature_rate_hz, options_);
  }
  return features;
}

}  // namespace beatframe::audio_internal
