#include "engine/audio/loudness_meter.h"

#include <cmath>
#include <numbers>

namespace beatframe::audio_internal {
namespace {

constexpr int kSegmentsPerBlock = 4;     // 400 ms blocks in 100 ms steps
constexpr double kAbsoluteGateLufs = -70.0;
constexpr double kRelativeGateLu = -10.0;
// BS.1770's offset: makes a 1 kHz sine read its RMS level (K-weighting has
// +0.691 dB of gain there).
constexpr double kOffsetDb = -0.691;

double LoudnessOf(double mean_square) { return kOffsetDb + 10.0 * std::log10(mean_square); }

}  // namespace

std::array<Biquad, 2> KWeightingFilters(int rate_hz) {
  // Analogue prototypes of BS.1770's 48 kHz tables (the parameters
  // libebur128 and others fit to them), through the bilinear transform.
  std::array<Biquad, 2> filters;
  {
    const double f0 = 1681.974450955533, gain_db = 3.999843853973347, q = 0.7071752369554196;
    const double k = std::tan(std::numbers::pi * f0 / rate_hz);
    const double vh = std::pow(10.0, gain_db / 20.0);
    const double vb = std::pow(vh, 0.4996667741545416);
    const double a0 = 1.0 + k / q + k * k;
    filters[0] = {(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0,
                  2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
  }
  {
    const double f0 = 38.13547087602444, q = 0.5003270373238773;
    const double k = std::tan(std::numbers::pi * f0 / rate_hz);
    const double a0 = 1.0 + k / q + k * k;
    filters[1] = {1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
  }
  return filters;
}

LoudnessMeter::LoudnessMeter(int rate_hz, int channels)
    : rate_hz_(rate_hz), channels_(channels), filters_(KWeightingFilters(rate_hz)), weights_(channels, 1.0),
      state_(channels) {
  if (channels == 6) {
    weights_[3] = 0.0;
    weights_[4] = weights_[5] = 1.41;
  }
}

void LoudnessMeter::Process(const float* interleaved, int64_t frame_count) {
  const Biquad& shelf = filters_[0];
  const Biquad& high_pass = filters_[1];
  frame_energy_.assign(frame_count, 0.0);
  // One channel at a time, its state in registers: the recursions are the
  // cost here, and a tight loop per channel lets them pipeline.
  for (int c = 0; c < channels_; ++c) {
    if (weights_[c] == 0.0) continue;
    ChannelState s = state_[c];
    const double weight = weights_[c];
    for (int64_t i = 0; i < frame_count; ++i) {
      const double x = interleaved[i * channels_ + c];
      const double y = shelf.b0 * x + shelf.b1 * s.x1 + shelf.b2 * s.x2 - shelf.a1 * s.y1 - shelf.a2 * s.y2;
      s.x2 = s.x1;
      s.x1 = x;
      s.y2 = s.y1;
      s.y1 = y;
      const double w = high_pass.b0 * y + high_pass.b1 * s.z1 + high_pass.b2 * s.z2 - high_pass.a1 * s.w1 -
                       high_pass.a2 * s.w2;
      s.z2 = s.z1;
      s.z1 = y;
      s.w2 = s.w1;
      s.w1 = w;
      frame_energy_[i] += weight * w * w;
    }
    state_[c] = s;
  }
  for (int64_t i = 0; i < frame_count; ++i) {
    open_energy_ += frame_energy_[i];
    ++open_length_;
    ++samples_seen_;
    // Segment k ends at sample floor((k + 1) * rate / 10): exact 100 ms on average at any rate.
    const int64_t segment = static_cast<int64_t>(segment_energy_.size());
    if (samples_seen_ == (segment + 1) * rate_hz_ / 10) CloseSegment();
  }
}

void LoudnessMeter::CloseSegment() {
  segment_energy_.push_back(open_energy_);
  segment_length_.push_back(open_length_);
  open_energy_ = 0.0;
  open_length_ = 0;
}

double LoudnessMeter::Integrated() const {
  // Mean square (channel-weighted sum) of every complete 400 ms block.
  std::vector<double> blocks;
  for (size_t first = 0; first + kSegmentsPerBlock <= segment_energy_.size(); ++first) {
    double energy = 0.0;
    int64_t length = 0;
    for (int s = 0; s < kSegmentsPerBlock; ++s) {
      energy += segment_energy_[first + s];
      length += segment_length_[first + s];
    }
    blocks.push_back(energy / static_cast<double>(length));
  }
  // Mean of the blocks above `gate_lufs`; 0 when none is.
  auto gated_mean = [&blocks](double gate_lufs) {
    double sum = 0.0;
    int count = 0;
    for (double z : blocks) {
      if (z > 0.0 && LoudnessOf(z) > gate_lufs) {
        sum += z;
        ++count;
      }
    }
    return count > 0 ? sum / count : 0.0;
  };
  const double absolute = gated_mean(kAbsoluteGateLufs);
  if (absolute <= 0.0) return kLoudnessFloorLufs;
  const double relative = gated_mean(LoudnessOf(absolute) + kRelativeGateLu);
  return relative > 0.0 ? LoudnessOf(relative) : kLoudnessFloorLufs;
}

}  // namespace beatframe::audio_internal
