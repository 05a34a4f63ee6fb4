// Short-time power spectra: a Hann window and a real FFT, applied to one
// block of samples at a time (the caller cuts the block out of its
// SampleHistory, centred where it wants the frame). The onset envelope, the
// band features and the chroma/timbre features all read spectra through this.
#pragma once

#include <vector>

#include "engine/audio/fft.h"

namespace beatframe::audio_internal {

class Stft {
 public:
  // `fft_size` is a power of two >= 4; it is also the window length.
  explicit Stft(int fft_size);

  int fft_size() const { return fft_.size(); }
  int bin_count() const { return fft_.bin_count(); }

  // Power spectrum of `block` (fft_size() samples, not yet windowed), scaled
  // so a sine of amplitude A peaks near A^2. Valid until the next call.
  const float* PowerOf(const float* block);

 private:
  RealFft fft_;
  std::vector<float> window_;
  std::vector<float> windowed_;
  std::vector<float> power_;
  float power_scale_ = 1.0f;
};

// The power-of-two FFT size whose window covers at least `window_s` at `rate_hz`.
int FftSizeForWindow(double window_s, int rate_hz);

}  // namespace beatframe::audio_internal
