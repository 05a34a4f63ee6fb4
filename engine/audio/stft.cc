#include "engine/audio/stft.h"

#include <cmath>
#include <numbers>

namespace beatframe::audio_internal {

Stft::Stft(int fft_size) : fft_(fft_size), window_(fft_size), windowed_(fft_size), power_(fft_.bin_count()) {
  double window_sum = 0.0;
  for (int i = 0; i < fft_size; ++i) {
    window_[i] = static_cast<float>(0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * i / fft_size));
    window_sum += window_[i];
  }
  // A sine's peak bin magnitude is A * sum(w) / 2.
  const double magnitude_scale = 2.0 / window_sum;
  power_scale_ = static_cast<float>(magnitude_scale * magnitude_scale);
}

const float* Stft::PowerOf(const float* block) {
  const int size = fft_.size();
  for (int i = 0; i < size; ++i) windowed_[i] = block[i] * window_[i];
  fft_.PowerSpectrum(windowed_.data(), power_.data());
  for (float& value : power_) value *= power_scale_;
  return power_.data();
}

int FftSizeForWindow(double window_s, int rate_hz) {
  const double samples = window_s * rate_hz;
  int size = 16;
  while (size < samples) size *= 2;
  return size;
}

}  // namespace beatframe::audio_internal
