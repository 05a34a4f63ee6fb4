// Test music beyond tools/synth's straight 4/4 groove: any bar pattern of
// drum hits (swing, syncopation, a 3/4 waltz) over a chord progression, and
// a track whose two halves are different music. Exact ground truth, made
// from the same instrument voices as tools/synth; deterministic.
#pragma once

#include <cstdint>
#include <vector>

#include "tools/synth/synth.h"

namespace beatframe::testing_util {

enum class Instrument { kKick, kSnare, kHat, kClick };

struct Hit {
  double beat = 0.0;  // position in the bar, in beats (0 = the downbeat)
  Instrument instrument = Instrument::kKick;
  float velocity = 1.0f;
};

struct PatternOptions {
  double bpm = 120.0;
  double duration_s = 30.0;
  int beats_per_bar = 4;
  std::vector<Hit> bar;        // one bar's hits, repeated every bar
  bool chords = true;          // a bass note and a pad chord per bar
  int progression = 0;         // 0: Am F C G; 1: D Bm G A (different pitch classes)
  float chord_level = 1.0f;
  int sample_rate_hz = 44100;
  double first_beat_s = 0.1;
  // When > 0, beats from this time on follow `bpm_after_change`.
  double tempo_change_at_s = 0.0;
  double bpm_after_change = 0.0;
  uint64_t seed = 1;
};

// Stereo (both channels equal), peak 0.7. Downbeats are every
// `beats_per_bar` beats from the first.
SynthesizedTrack SynthesizePattern(const PatternOptions& options);

// 3/4: kick and bass on 1, softer "pah" hits on 2 and 3, a chord per bar.
std::vector<Hit> WaltzBar();
// 4/4 swing: a ride on every beat and the swung eighth at `swing_ratio` of
// the beat (2/3 = triplet swing), the swung note LOUDER than the beat, as a
// jazz ride or comping push often is; light kick on 1 and 3, snare on 2 and 4.
std::vector<Hit> SwingBar(double swing_ratio);
// 4/4 funk syncopation: kick on 1, the last sixteenth of 2 and the "and" of
// 3; snare on 2 and 4; sixteenth-note hats.
std::vector<Hit> SyncopatedBar();
// Straight 4/4 rock: kick 1 and 3, snare 2 and 4, eighth hats.
std::vector<Hit> RockBar();

// `duration_s` of music in two clearly different halves, switching at the
// first downbeat at or after `change_s`: quiet hats and pad chords of one
// progression, then a loud full kit over another. Returns the switch time
// in `*switch_s`.
SynthesizedTrack SynthesizeTwoPartTrack(double bpm, double duration_s, double change_s, double* switch_s);

}  // namespace beatframe::testing_util
