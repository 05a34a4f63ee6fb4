// The real FFT behind every analysis STFT: create once per size, then turn
// blocks of real samples into power spectra. A thin wrapper over libavutil's
// av_tx (SIMD, about 4x faster than a portable radix-2 loop), which bf_audio
// links anyway for decoding. Deterministic on a given machine, no globals of
// ours.
#pragma once

#include <memory>

namespace beatframe::audio_internal {

class RealFft {
 public:
  // `size` must be a power of two >= 4.
  explicit RealFft(int size);
  ~RealFft();
  RealFft(RealFft&&) noexcept;
  RealFft& operator=(RealFft&&) noexcept;

  int size() const { return size_; }
  int bin_count() const { return size_ / 2 + 1; }

  // Writes |X[k]|^2 for k = 0 .. size/2 into `power` (bin_count() values) from
  // `size()` real samples in `input`. Not thread-safe: uses scratch buffers.
  void PowerSpectrum(const float* input, float* power);

 private:
  struct Impl;
  int size_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace beatframe::audio_internal
