// Synthetic test music with exact ground truth: click tracks and a small drum
// groove (kick on 1 and 3, snare on 2 and 4, hi-hats on eighths, bass and a
// chord pad) at a known tempo. Used by tests, benchmarks and the demo; writes
// files through audio_file_writer.h.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/audio/audio_buffer.h"
#include "tools/synth/audio_file_writer.h"

namespace beatframe {

enum class SynthStyle {
  kClicks,  // metronome: a high click on each bar's first beat, lower ones between
  kDrums,   // drum groove with bass and chords: sounds like music
};

struct SynthOptions {
  double bpm = 120.0;
  double duration_s = 30.0;
  int sample_rate_hz = 44100;
  int channels = 2;  // 1..8; extra channels carry the same mix as the front pair
  SynthStyle style = SynthStyle::kDrums;
  uint64_t seed = 1;
  // When > 0, beats from this time on follow `bpm_after_change`.
  double tempo_change_at_s = 0.0;
  double bpm_after_change = 0.0;
  // Time of the first beat; later beats follow the tempo exactly.
  double first_beat_s = 0.1;
  // Peak sample level of the output.
  float peak_level = 0.7f;
};

struct SynthesizedTrack {
  AudioBuffer audio;
  std::vector<double> beat_times_s;      // exact attack time of every beat
  std::vector<double> downbeat_times_s;  // every 4th beat, starting with the first
};

// Deterministic: the same options give the same samples.
SynthesizedTrack SynthesizeBeatTrack(const SynthOptions& options);

// Steady sine of `amplitude` (0..1) in every channel.
AudioBuffer SynthesizeSine(double frequency_hz, double duration_s, int sample_rate_hz, int channels,
                           float amplitude = 0.5f);
// Exponential (log-frequency) sine sweep from `start_hz` to `end_hz`.
AudioBuffer SynthesizeSweep(double start_hz, double end_hz, double duration_s, int sample_rate_hz,
                            int channels, float amplitude = 0.5f);
// Digital silence.
AudioBuffer SynthesizeSilence(double duration_s, int sample_rate_hz, int channels);

}  // namespace beatframe
