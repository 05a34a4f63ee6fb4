// Short-time power spectra of a mono signal: a Hann-windowed block centred on
// any sample, zero-padded beyond the signal's ends. The onset envelope and
// the per-frame band features both read their spectra through this.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/audio/fft.h"

namespace beatframe::audio_internal {

class Stft {
 public:
  // `fft_size` is a power of two >= 4; it is also the window length.
  explicit Stft(int fft_size);

  int fft_size() const { return fft_.size(); }
  int bin_count() const { return fft_.bin_count(); }

  // Power spectrum of the window centred on sample `centre_sample`, scaled so
  // a sine of amplitude A peaks near A^2. Valid until the next call.
  const float* PowerAt(const std::vector<float>& signal, int64_t centre_sample);

 private:
  RealFft fft_;
  std::vector<float> window_;
  std::vector<float> block_;
  std::vector<float> power_;
  float power_scale_ = 1.0f;
};

// The power-of-two FFT size whose window covers at least `window_s` at `rate_hz`.
int FftSizeForWindow(double window_s, int rate_hz);

}  // namespace beatframe::audio_internal
