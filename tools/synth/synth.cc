#include "tools/synth/synth.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tools/synth/drum_voices.h"

namespace beatframe {
namespace {

using synth_internal::NoiseSource;
using synth_internal::Voice;

std::vector<double> BeatTimes(const SynthOptions& options) {
  std::vector<double> times;
  for (double t = options.first_beat_s; t < options.duration_s;) {
    times.push_back(t);
    const bool changed = options.tempo_change_at_s > 0.0 && options.bpm_after_change > 0.0 &&
                         t >= options.tempo_change_at_s;
    t += 60.0 / (changed ? options.bpm_after_change : options.bpm);
  }
  return times;
}

// Am - F - C - G, one chord per bar: roots for the bass, triads for the pad.
struct Chord {
  double root_hz;
  std::vector<double> pad_hz;
};
const std::vector<Chord>& Progression() {
  static const std::vector<Chord> kChords = {
      {110.00, {220.00, 261.63, 329.63}},
      {87.31, {174.61, 220.00, 261.63}},
      {130.81, {261.63, 329.63, 392.00}},
      {98.00, {196.00, 246.94, 293.66}},
  };
  return kChords;
}

void AddDrumBeat(const std::vector<double>& beats, size_t k, int rate_hz, double duration_s,
                 std::vector<float>& drums, std::vector<float>& hats, NoiseSource& noise) {
  const double beat_s = beats[k];
  const double period_s = k + 1 < beats.size() ? beats[k + 1] - beats[k] : beats[k] - beats[k - 1];
  auto at = [&](std::vector<float>& out, double t, float velocity) {
    return Voice{&out, rate_hz, std::llround(t * rate_hz), velocity};
  };
  const int position = static_cast<int>(k % 4);
  if (position == 0 || position == 2) {
    synth_internal::AddKick(at(drums, beat_s, position == 0 ? 1.0f : 0.85f), noise);
  } else {
    synth_internal::AddSnare(at(drums, beat_s, 0.8f), noise);
  }
  synth_internal::AddHiHat(at(hats, beat_s, 0.6f), noise);
  if (beat_s + period_s / 2.0 < duration_s) synth_internal::AddHiHat(at(hats, beat_s + period_s / 2.0, 0.45f), noise);

  const Chord& chord = Progression()[(k / 4) % Progression().size()];
  synth_internal::AddBass(at(drums, beat_s, position == 0 ? 1.0f : 0.7f), chord.root_hz, 0.8 * period_s);
  if (position == 0) synth_internal::AddPad(at(drums, beat_s, 1.0f), chord.pad_hz, 4.0 * period_s);
}

AudioBuffer ToChannels(const std::vector<float>& centre, const std::vector<float>& right_leaning, int rate_hz,
                       int channels, float peak_level) {
  AudioBuffer audio;
  audio.sample_rate_hz = rate_hz;
  audio.channels = channels;
  const size_t frames = centre.size();
  audio.samples.resize(frames * channels);
  float peak = 0.0f;
  for (size_t i = 0; i < frames; ++i) {
    for (int c = 0; c < channels; ++c) {
      // Hi-hats lean right in stereo; every other channel gets the centre mix.
      const float lean = channels >= 2 && c < 2 ? (c == 0 ? 0.7f : 1.3f) : 1.0f;
      const float value = centre[i] + lean * right_leaning[i];
      audio.samples[i * channels + c] = value;
      peak = std::max(peak, std::abs(value));
    }
  }
  if (peak > 0.0f) {
    for (float& sample : audio.samples) sample *= peak_level / peak;
  }
  return audio;
}

}  // namespace

SynthesizedTrack SynthesizeBeatTrack(const SynthOptions& options) {
  SynthesizedTrack track;
  const int rate_hz = options.sample_rate_hz;
  const size_t frames = static_cast<size_t>(std::max(0.0, options.duration_s) * rate_hz);
  std::vector<float> centre(frames, 0.0f);
  std::vector<float> hats(frames, 0.0f);
  NoiseSource noise(options.seed);
  track.beat_times_s = BeatTimes(options);
  const std::vector<double>& beats = track.beat_times_s;
  for (size_t k = 0; k < beats.size(); ++k) {
    if (k % 4 == 0) track.downbeat_times_s.push_back(beats[k]);
    if (options.style == SynthStyle::kClicks) {
      const Voice voice{&centre, rate_hz, std::llround(beats[k] * rate_hz), k % 4 == 0 ? 1.0f : 0.7f};
      synth_internal::AddClick(voice, k % 4 == 0 ? 1760.0 : 880.0);
    } else if (beats.size() > 1) {
      AddDrumBeat(beats, k, rate_hz, options.duration_s, centre, hats, noise);
    }
  }
  track.audio = ToChannels(centre, hats, rate_hz, std::clamp(options.channels, 1, 8), options.peak_level);
  return track;
}

AudioBuffer SynthesizeSine(double frequency_hz, double duration_s, int sample_rate_hz, int channels,
                           float amplitude) {
  return SynthesizeSweep(frequency_hz, frequency_hz, duration_s, sample_rate_hz, channels, amplitude);
}

AudioBuffer SynthesizeSweep(double start_hz, double end_hz, double duration_s, int sample_rate_hz, int channels,
                            float amplitude) {
  AudioBuffer audio;
  audio.sample_rate_hz = sample_rate_hz;
  audio.channels = channels;
  const int64_t frames = static_cast<int64_t>(duration_s * sample_rate_hz);
  audio.samples.resize(static_cast<size_t>(frames) * channels);
  const double growth = std::log(end_hz / start_hz) / duration_s;  // per second, of the frequency
  for (int64_t i = 0; i < frames; ++i) {
    const double t = static_cast<double>(i) / sample_rate_hz;
    // Phase is the integral of the frequency start * e^(growth t).
    const double phase = growth == 0.0 ? start_hz * t : start_hz * (std::exp(growth * t) - 1.0) / growth;
    const float value = amplitude * static_cast<float>(std::sin(2.0 * std::numbers::pi * phase));
    for (int c = 0; c < channels; ++c) audio.samples[i * channels + c] = value;
  }
  return audio;
}

AudioBuffer SynthesizeSilence(double duration_s, int sample_rate_hz, int channels) {
  AudioBuffer audio;
  audio.sample_rate_hz = sample_rate_hz;
  audio.channels = channels;
  audio.samples.assign(static_cast<size_t>(duration_s * sample_rate_hz) * channels, 0.0f);
  return audio;
}

}  // namespace beatframe
