// Groups FFT power bins into bands with log-spaced edges, as the ear does.
// Used for the onset envelope (fine bands) and the per-frame band features
// (a fixed, caller-chosen number of bands).
#pragma once

#include <vector>

namespace beatframe::audio_internal {

class LogFilterbank {
 public:
  // Exactly `band_count` bands with log-spaced edges from `min_hz` to
  // `max_hz`. A band narrower than one bin still reads the bin nearest its
  // centre, so low bands may share a bin at small FFT sizes.
  static LogFilterbank WithBandCount(int fft_size, int rate_hz, int band_count, double min_hz,
                                     double max_hz);
  // `bands_per_octave` bands from `min_hz` to `max_hz`, merging bands that
  // would fall inside one bin (so the count depends on the resolution).
  static LogFilterbank PerOctave(int fft_size, int rate_hz, double bands_per_octave, double min_hz,
                                 double max_hz);

  int band_count() const { return static_cast<int>(first_bin_.size()); }
  // The lower edge frequency of `band`.
  double band_low_hz(int band) const { return first_bin_[band] * bin_hz_; }

  // Sums `power` (fft_size / 2 + 1 bins) over each band into `band_power`.
  void Apply(const float* power, float* band_power) const;

 private:
  LogFilterbank(double bin_hz, std::vector<int> first_bin, std::vector<int> end_bin);

  double bin_hz_;
  std::vector<int> first_bin_;  // band b reads bins [first_bin_[b], end_bin_[b])
  std::vector<int> end_bin_;
};

}  // namespace beatframe::audio_internal
