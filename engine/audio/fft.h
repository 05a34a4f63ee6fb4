// A small radix-2 real FFT for the analysis STFTs: create once per size, then
// turn blocks of real samples into power spectra. Deterministic, no globals.
#pragma once

#include <vector>

namespace beatframe::audio_internal {

class RealFft {
 public:
  // `size` must be a power of two >= 4.
  explicit RealFft(int size);

  int size() const { return size_; }
  int bin_count() const { return size_ / 2 + 1; }

  // Writes |X[k]|^2 for k = 0 .. size/2 into `power` (bin_count() values) from
  // `size()` real samples in `input`. Not thread-safe: uses scratch buffers.
  void PowerSpectrum(const float* input, float* power);

 private:
  void ComplexFft();

  int size_;
  int half_;                          // the complex FFT runs at size/2
  std::vector<int> bit_reverse_;      // half_ entries
  // Per butterfly stage of span s (s = 4, 8, ..): e^{-i pi j / s} for j < s,
  // stored contiguously from offset s - 4 so the inner loop reads in order.
  std::vector<float> twiddle_re_;
  std::vector<float> twiddle_im_;
  std::vector<float> split_re_;       // e^{-2 pi i k / size_}, k < half_
  std::vector<float> split_im_;
  std::vector<float> re_;
  std::vector<float> im_;
};

}  // namespace beatframe::audio_internal
