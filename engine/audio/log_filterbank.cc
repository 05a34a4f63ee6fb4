#include "engine/audio/log_filterbank.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace beatframe::audio_internal {
namespace {

int BinAt(double hz, double bin_hz, int bin_count) {
  return std::clamp(static_cast<int>(std::lround(hz / bin_hz)), 1, bin_count - 1);
}

double ClampMaxHz(double max_hz, int rate_hz) { return std::min(max_hz, 0.95 * rate_hz / 2.0); }

}  // namespace

LogFilterbank::LogFilterbank(double bin_hz, std::vector<int> first_bin, std::vector<int> end_bin)
    : bin_hz_(bin_hz), first_bin_(std::move(first_bin)), end_bin_(std::move(end_bin)) {}

LogFilterbank LogFilterbank::WithBandCount(int fft_size, int rate_hz, int band_count, double min_hz,
                                           double max_hz) {
  const double bin_hz = static_cast<double>(rate_hz) / fft_size;
  const int bin_count = fft_size / 2 + 1;
  max_hz = std::max(ClampMaxHz(max_hz, rate_hz), min_hz * 1.01);
  std::vector<int> first(band_count);
  std::vector<int> end(band_count);
  const double ratio = max_hz / min_hz;
  for (int b = 0; b < band_count; ++b) {
    const double low_hz = min_hz * std::pow(ratio, static_cast<double>(b) / band_count);
    const double high_hz = min_hz * std::pow(ratio, static_cast<double>(b + 1) / band_count);
    first[b] = BinAt(low_hz, bin_hz, bin_count);
    end[b] = BinAt(high_hz, bin_hz, bin_count);
    if (end[b] <= first[b]) {
      first[b] = BinAt(std::sqrt(low_hz * high_hz), bin_hz, bin_count);
      end[b] = std::min(first[b] + 1, bin_count);
    }
  }
  return LogFilterbank(bin_hz, std::move(first), std::move(end));
}

LogFilterbank LogFilterbank::PerOctave(int fft_size, int rate_hz, double bands_per_octave, double min_hz,
                                       double max_hz) {
  const double bin_hz = static_cast<double>(rate_hz) / fft_size;
  const int bin_count = fft_size / 2 + 1;
  max_hz = std::max(ClampMaxHz(max_hz, rate_hz), min_hz * 2.0);
  std::vector<int> edges;
  for (double hz = min_hz; hz <= max_hz; hz *= std::exp2(1.0 / bands_per_octave)) {
    const int bin = BinAt(hz, bin_hz, bin_count);
    if (edges.empty() || bin > edges.back()) edges.push_back(bin);
  }
  const int last = BinAt(max_hz, bin_hz, bin_count);
  if (edges.empty() || last > edges.back()) edges.push_back(last);
  std::vector<int> first(edges.begin(), edges.end() - 1);
  std::vector<int> end(edges.begin() + 1, edges.end());
  return LogFilterbank(bin_hz, std::move(first), std::move(end));
}

void LogFilterbank::Apply(const float* power, float* band_power) const {
  for (size_t b = 0; b < first_bin_.size(); ++b) {
    float sum = 0.0f;
    for (int k = first_bin_[b]; k < end_bin_[b]; ++k) sum += power[k];
    band_power[b] = sum;
  }
}

}  // namespace beatframe::audio_internal
