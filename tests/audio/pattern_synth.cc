#include "tests/audio/pattern_synth.h"

#include <algorithm>
#include <cmath>

#include "tools/synth/drum_voices.h"

namespace beatframe::testing_util {
namespace {

using synth_internal::NoiseSource;
using synth_internal::Voice;

struct Chord {
  double root_hz;
  std::vector<double> pad_hz;
};

const std::vector<Chord>& Progression(int which) {
  static const std::vector<Chord> kMinor = {
      {110.00, {220.00, 261.63, 329.63}},  // Am
      {87.31, {174.61, 220.00, 261.63}},   // F
      {130.81, {261.63, 329.63, 392.00}},  // C
      {98.00, {196.00, 246.94, 293.66}},   // G
  };
  static const std::vector<Chord> kMajor = {
      {146.83, {293.66, 369.99, 440.00}},  // D
      {123.47, {246.94, 293.66, 369.99}},  // Bm
      {98.00, {196.00, 246.94, 293.66}},   // G
      {110.00, {220.00, 277.18, 329.63}},  // A
  };
  return which == 0 ? kMinor : kMajor;
}

std::vector<double> BeatTimes(const PatternOptions& options) {
  std::vector<double> times;
  for (double t = options.first_beat_s; t < options.duration_s + 2.0;) {
    times.push_back(t);
    const bool changed = options.tempo_change_at_s > 0.0 && options.bpm_after_change > 0.0 &&
                         t >= options.tempo_change_at_s;
    t += 60.0 / (changed ? options.bpm_after_change : options.bpm);
  }
  return times;
}

void AddHit(const Hit& hit, double time_s, int rate_hz, std::vector<float>& out, NoiseSource& noise) {
  const Voice voice{&out, rate_hz, std::llround(time_s * rate_hz), hit.velocity};
  switch (hit.instrument) {
    case Instrument::kKick:
      synth_internal::AddKick(voice, noise);
      break;
    case Instrument::kSnare:
      synth_internal::AddSnare(voice, noise);
      break;
    case Instrument::kHat:
      synth_internal::AddHiHat(voice, noise);
      break;
    case Instrument::kClick:
      synth_internal::AddClick(voice, 1000.0);
      break;
  }
}

AudioBuffer ToStereo(const std::vector<float>& mono, int rate_hz) {
  AudioBuffer audio;
  audio.sample_rate_hz = rate_hz;
  audio.channels = 2;
  float peak = 0.0f;
  for (float v : mono) peak = std::max(peak, std::abs(v));
  const float scale = peak > 0.0f ? 0.7f / peak : 1.0f;
  audio.samples.resize(mono.size() * 2);
  for (size_t i = 0; i < mono.size(); ++i) audio.samples[2 * i] = audio.samples[2 * i + 1] = mono[i] * scale;
  return audio;
}

// The pattern's mono mix (before normalising) and its ground truth.
std::vector<float> RenderPattern(const PatternOptions& options, SynthesizedTrack& truth) {
  const int rate_hz = options.sample_rate_hz;
  std::vector<float> mono(static_cast<size_t>(std::max(0.0, options.duration_s) * rate_hz), 0.0f);
  NoiseSource noise(options.seed);
  const std::vector<double> beats = BeatTimes(options);
  const int per_bar = options.beats_per_bar;
  for (size_t k = 0; k < beats.size(); ++k) {
    if (beats[k] >= options.duration_s) break;
    truth.beat_times_s.push_back(beats[k]);
    if (k % per_bar == 0) truth.downbeat_times_s.push_back(beats[k]);
  }
  for (size_t bar = 0; bar * per_bar + per_bar < beats.size(); ++bar) {
    const size_t first = bar * per_bar;
    if (beats[first] >= options.duration_s) break;
    for (const Hit& hit : options.bar) {
      const size_t index = first + static_cast<size_t>(std::floor(hit.beat));
      const double fraction = hit.beat - std::floor(hit.beat);
      AddHit(hit, beats[index] + fraction * (beats[index + 1] - beats[index]), rate_hz, mono, noise);
    }
    if (options.chords) {
      const Chord& chord = Progression(options.progression)[bar % 4];
      const double bar_s = beats[first + per_bar] - beats[first];
      const Voice at{&mono, rate_hz, std::llround(beats[first] * rate_hz), options.chord_level};
      synth_internal::AddBass(at, chord.root_hz, 0.9 * bar_s);
      synth_internal::AddPad(at, chord.pad_hz, bar_s);
    }
  }
  return mono;
}

}  // namespace

SynthesizedTrack SynthesizePattern(const PatternOptions& options) {
  SynthesizedTrack track;
  track.audio = ToStereo(RenderPattern(options, track), options.sample_rate_hz);
  return track;
}

std::vector<Hit> WaltzBar() {
  return {{0.0, Instrument::kKick, 1.0f},  {0.0, Instrument::kHat, 0.5f},   {1.0, Instrument::kSnare, 0.35f},
          {1.0, Instrument::kHat, 0.45f},  {2.0, Instrument::kSnare, 0.35f}, {2.0, Instrument::kHat, 0.45f}};
}

std::vector<Hit> SwingBar(double swing_ratio) {
  std::vector<Hit> bar;
  for (int beat = 0; beat < 4; ++beat) {
    bar.push_back({static_cast<double>(beat), Instrument::kHat, 0.35f});
    bar.push_back({beat + swing_ratio, Instrument::kHat, 0.9f});
    bar.push_back({static_cast<double>(beat), beat % 2 == 0 ? Instrument::kKick : Instrument::kSnare, 0.25f});
  }
  return bar;
}

std::vector<Hit> SyncopatedBar() {
  std::vector<Hit> bar = {{0.0, Instrument::kKick, 1.0f},  {1.75, Instrument::kKick, 0.8f},
                          {2.5, Instrument::kKick, 0.9f},  {1.0, Instrument::kSnare, 0.9f},
                          {3.0, Instrument::kSnare, 0.9f}};
  for (int sixteenth = 0; sixteenth < 16; ++sixteenth) {
    bar.push_back({sixteenth / 4.0, Instrument::kHat, sixteenth % 2 == 0 ? 0.5f : 0.3f});
  }
  return bar;
}

std::vector<Hit> RockBar() {
  std::vector<Hit> bar = {{0.0, Instrument::kKick, 1.0f},
                          {1.0, Instrument::kSnare, 0.9f},
                          {2.0, Instrument::kKick, 0.9f},
                          {3.0, Instrument::kSnare, 0.9f}};
  for (int eighth = 0; eighth < 8; ++eighth) bar.push_back({eighth / 2.0, Instrument::kHat, 0.5f});
  return bar;
}

SynthesizedTrack SynthesizeTwoPartTrack(double bpm, double duration_s, double change_s, double* switch_s) {
  PatternOptions quiet;
  quiet.bpm = bpm;
  quiet.duration_s = duration_s;
  for (int beat = 0; beat < 4; ++beat) quiet.bar.push_back({static_cast<double>(beat), Instrument::kHat, 0.3f});
  quiet.chord_level = 0.5f;
  PatternOptions loud = quiet;
  loud.bar = RockBar();
  loud.progression = 1;
  loud.chord_level = 1.0f;
  loud.seed = 2;

  SynthesizedTrack first, second;
  const std::vector<float> a = RenderPattern(quiet, first);
  const std::vector<float> b = RenderPattern(loud, second);
  *switch_s = duration_s;
  for (double downbeat : first.downbeat_times_s) {
    if (downbeat >= change_s) {
      *switch_s = downbeat;
      break;
    }
  }
  // Both halves share the beat grid; the loud one is 4x louder at its peak.
  std::vector<float> mix(a.size());
  const size_t cut = static_cast<size_t>(*switch_s * quiet.sample_rate_hz);
  float peak_a = 0.0f, peak_b = 0.0f;
  for (float v : a) peak_a = std::max(peak_a, std::abs(v));
  for (float v : b) peak_b = std::max(peak_b, std::abs(v));
  for (size_t i = 0; i < mix.size(); ++i) {
    mix[i] = i < cut ? 0.25f * a[i] / std::max(peak_a, 1e-9f) : b[i] / std::max(peak_b, 1e-9f);
  }
  SynthesizedTrack track = std::move(first);
  track.audio = ToStereo(mix, quiet.sample_rate_hz);
  return track;
}

}  // namespace beatframe::testing_util
