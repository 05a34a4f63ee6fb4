#include "engine/audio/fft.h"

#include <cmath>
#include <numbers>

namespace beatframe::audio_internal {

RealFft::RealFft(int size)
    : size_(size),
      half_(size / 2),
      bit_reverse_(half_),
      split_re_(half_),
      split_im_(half_),
      re_(half_),
      im_(half_) {
  int bits = 0;
  while ((1 << bits) < half_) ++bits;
  for (int i = 0; i < half_; ++i) {
    int reversed = 0;
    for (int b = 0; b < bits; ++b) reversed |= ((i >> b) & 1) << (bits - 1 - b);
    bit_reverse_[i] = reversed;
  }
  // Tables in double, stored as float: keeps the error independent of size.
  for (int span = 4; span < half_; span *= 2) {
    for (int j = 0; j < span; ++j) {
      const double angle = std::numbers::pi * j / span;
      twiddle_re_.push_back(static_cast<float>(std::cos(angle)));
      twiddle_im_.push_back(static_cast<float>(-std::sin(angle)));
    }
  }
  for (int k = 0; k < half_; ++k) {
    const double angle = 2.0 * std::numbers::pi * k / size_;
    split_re_[k] = static_cast<float>(std::cos(angle));
    split_im_[k] = static_cast<float>(-std::sin(angle));
  }
}

// In-place radix-2 decimation-in-time FFT of (re_, im_), input bit-reversed.
void RealFft::ComplexFft() {
  float* re = re_.data();
  float* im = im_.data();
  // Spans 1 and 2 have trivial twiddles (1 and -i): done without multiplies.
  for (int a = 0; a + 1 < half_; a += 2) {
    const float tr = re[a + 1], ti = im[a + 1];
    re[a + 1] = re[a] - tr;
    im[a + 1] = im[a] - ti;
    re[a] += tr;
    im[a] += ti;
  }
  for (int a = 0; a + 3 < half_; a += 4) {
    float tr = re[a + 2], ti = im[a + 2];
    re[a + 2] = re[a] - tr;
    im[a + 2] = im[a] - ti;
    re[a] += tr;
    im[a] += ti;
    tr = im[a + 3];  // (re + i im) * -i
    ti = -re[a + 3];
    re[a + 3] = re[a + 1] - tr;
    im[a + 3] = im[a + 1] - ti;
    re[a + 1] += tr;
    im[a + 1] += ti;
  }
  for (int span = 4; span < half_; span *= 2) {
    const float* wr = twiddle_re_.data() + (span - 4);
    const float* wi = twiddle_im_.data() + (span - 4);
    for (int start = 0; start < half_; start += 2 * span) {
      float* ar = re + start;
      float* ai = im + start;
      float* br = ar + span;
      float* bi = ai + span;
      for (int j = 0; j < span; ++j) {
        const float tr = br[j] * wr[j] - bi[j] * wi[j];
        const float ti = br[j] * wi[j] + bi[j] * wr[j];
        br[j] = ar[j] - tr;
        bi[j] = ai[j] - ti;
        ar[j] += tr;
        ai[j] += ti;
      }
    }
  }
}

void RealFft::PowerSpectrum(const float* input, float* power) {
  // Pack even/odd samples as one complex sequence of half the length.
  for (int i = 0; i < half_; ++i) {
    re_[bit_reverse_[i]] = input[2 * i];
    im_[bit_reverse_[i]] = input[2 * i + 1];
  }
  ComplexFft();
  // Split the packed spectrum Z into the real signal's spectrum X:
  // X[k] = (Z[k] + conj Z[h-k]) / 2 + W^k (Z[k] - conj Z[h-k]) / 2i.
  for (int k = 0; k <= half_; ++k) {
    const int a = k % half_;
    const int b = (half_ - k) % half_;
    const float even_re = 0.5f * (re_[a] + re_[b]);
    const float even_im = 0.5f * (im_[a] - im_[b]);
    const float odd_re = 0.5f * (im_[a] + im_[b]);
    const float odd_im = -0.5f * (re_[a] - re_[b]);
    const float wr = k < half_ ? split_re_[k] : -1.0f;
    const float wi = k < half_ ? split_im_[k] : 0.0f;
    const float x_re = even_re + wr * odd_re - wi * odd_im;
    const float x_im = even_im + wr * odd_im + wi * odd_re;
    power[k] = x_re * x_re + x_im * x_im;
  }
}

}  // namespace beatframe::audio_internal
