#include "engine/audio/peak_limiter.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <utility>
#include <vector>

namespace beatframe {
namespace {

// Gains this close to 1 are 1: the running sum's rounding must not turn
// untouched audio down by a hair.
constexpr double kUnityEpsilon = 1e-6;

}  // namespace

int64_t LimitPeaks(AudioBuffer& audio, const PeakLimiterOptions& options) {
  const int64_t total = audio.frame_count();
  const int channels = audio.channels;
  if (total <= 0 || channels <= 0 || audio.sample_rate_hz <= 0) return 0;
  const float ceiling = options.ceiling > 0.0f && options.ceiling <= 1.0f ? options.ceiling : 1.0f;
  float loudest = 0.0f;
  for (float sample : audio.samples) loudest = std::max(loudest, std::abs(sample));
  if (loudest <= ceiling) return 0;

  // Per frame, the gain that would bring it to the ceiling (1 when under).
  const auto required = [&](int64_t frame) {
    float peak = 0.0f;
    for (int c = 0; c < channels; ++c) peak = std::max(peak, std::abs(audio.samples[frame * channels + c]));
    return peak > ceiling ? ceiling / peak : 1.0f;
  };
  const int64_t attack = std::max<int64_t>(1, std::llround(options.attack_s * audio.sample_rate_hz));
  const double release =
      options.release_s > 0.0 ? 1.0 - std::exp(-1.0 / (options.release_s * audio.sample_rate_hz)) : 1.0;

  // For each j, m(j) is the smallest required gain over frames j..j+attack-1;
  // r(j) is m(j) with the exponential release (never above m(j)); the gain
  // of frame n is the mean of r over j = n-attack+1..n. Every one of those
  // windows contains frame n, so the gain never exceeds what n requires, and
  // the mean turns each step of r into a ramp `attack` frames long.
  std::deque<std::pair<int64_t, float>> window;  // rising minima of `required` ahead
  std::vector<float> recent(static_cast<size_t>(attack), 1.0f);
  double recent_sum = static_cast<double>(attack);
  float held = 1.0f;
  int64_t next = 0;
  int64_t limited = 0;
  for (int64_t j = -(attack - 1); j < total; ++j) {
    for (const int64_t last = std::min(j + attack - 1, total - 1); next <= last; ++next) {
      const float gain = required(next);
      while (!window.empty() && window.back().second >= gain) window.pop_back();
      window.emplace_back(next, gain);
    }
    while (window.front().first < j) window.pop_front();
    held = std::min(window.front().second, static_cast<float>(held + (1.0 - held) * release));
    float& slot = recent[static_cast<size_t>((j + attack - 1) % attack)];
    recent_sum += held - slot;
    slot = held;
    if (j < 0) continue;
    const double gain = recent_sum / static_cast<double>(attack);
    if (gain >= 1.0 - kUnityEpsilon) continue;
    ++limited;
    float* frame = audio.samples.data() + j * channels;
    for (int c = 0; c < channels; ++c) {
      // The clamp only catches rounding: the gain already brings the peak down.
      frame[c] = std::clamp(static_cast<float>(frame[c] * gain), -ceiling, ceiling);
    }
  }
  return limited;
}

}  // namespace beatframe
