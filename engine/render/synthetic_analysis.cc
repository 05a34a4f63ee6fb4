#include "engine/render/synthetic_analysis.h"

#include <algorithm>
#include <cmath>

namespace beatframe {

Analysis MakeSyntheticAnalysis(const SyntheticMusic& music) {
  Analysis analysis;
  analysis.duration_s = music.duration_s;
  analysis.tempo_bpm = music.bpm;
  const double period = 60.0 / music.bpm;
  int index = 0;
  for (double t = music.first_beat_s; t < music.duration_s; t += period, ++index) {
    analysis.beat_times_s.push_back(t);
    const bool downbeat = index % music.beats_per_bar == 0;
    analysis.beat_strengths.push_back(downbeat ? 0.9f : (index % 2 == 0 ? 0.6f : 0.4f));
    if (downbeat) analysis.downbeat_times_s.push_back(t);
  }
  analysis.feature_rate_hz = music.feature_rate_hz;
  analysis.band_count = music.band_count;
  const int frames = static_cast<int>(std::ceil(music.duration_s * music.feature_rate_hz));
  analysis.energy.resize(frames);
  analysis.bands.resize(static_cast<size_t>(frames) * music.band_count);
  for (int f = 0; f < frames; ++f) {
    const double t = f / music.feature_rate_hz;
    const double since = t < music.first_beat_s ? 10.0 : std::fmod(t - music.first_beat_s, period);
    const double hit = std::exp(-since / 0.12);
    const double offbeat = std::exp(-std::abs(since - 0.5 * period) / 0.05);
    const double swell = 0.5 + 0.5 * std::sin(t * 0.7);
    analysis.energy[f] = static_cast<float>(std::clamp(0.35 + 0.35 * swell + 0.15 * hit, 0.0, 1.0));
    for (int b = 0; b < music.band_count; ++b) {
      const double low = 1.0 - static_cast<double>(b) / std::max(1, music.band_count - 1);
      const double texture = 0.5 + 0.5 * std::sin(t * (1.3 + 0.37 * b) + b);
      const double value =
          low * (0.25 + 0.7 * hit) + (1.0 - low) * (0.2 + 0.45 * offbeat + 0.25 * texture) + 0.1 * swell;
      analysis.bands[static_cast<size_t>(f) * music.band_count + b] =
          static_cast<float>(std::clamp(value, 0.0, 1.0));
    }
  }
  // Onset envelope at the feature rate: a spike per beat, enough for consumers that read it.
  analysis.onset_rate_hz = music.feature_rate_hz;
  analysis.onset_envelope.assign(frames, 0.0f);
  for (double beat : analysis.beat_times_s) {
    const int at = static_cast<int>(std::lround(beat * music.feature_rate_hz));
    if (at >= 0 && at < frames) analysis.onset_envelope[at] = 1.0f;
  }
  return analysis;
}

}  // namespace beatframe
