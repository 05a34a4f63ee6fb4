// Downbeats and the time signature from the beats: a bar-pointer model over
// the beat sequence (each beat is at position 0..M-1 of a bar of M = 3 or 4
// beats), decoded with Viterbi. Its evidence that a beat starts a bar is
// what changes there in the music: the harmony (chords change on the bar
// line far more often than inside it) and the kick drum. A meter change
// costs a penalty, so the meter holds unless the music insists; 3/4 must
// also beat a small prior in favour of the more common 4/4.
#pragma once

#include <vector>

#include "engine/audio/harmonic_features.h"
#include "engine/audio/onset_envelope.h"

namespace beatframe::audio_internal {

struct MeterOptions {
  // Weights of the per-beat evidence, each z-scored over the track first.
  double harmony_weight = 1.0;  // chroma change from the beat before to the beat after
  double low_weight = 0.5;      // low-band (kick) onset strength at the beat
  double onset_weight = 0.0;    // full-band onset strength at the beat
  // Costs in z units of evidence.
  double meter_change_cost = 4.0;
  double three_four_cost = 1.0;  // once, for starting (or switching) in 3/4
};

struct Meter {
  int beats_per_bar = 0;                // the meter most beats are in: 3 or 4; 0 without beats
  std::vector<double> downbeat_times_s; // a subset of the beats
};

// `beat_times_s` ascending; `onset` and `harmonic` are the track's features.
Meter TrackMeter(const std::vector<double>& beat_times_s, const OnsetEnvelope& onset,
                 const HarmonicFrames& harmonic, const MeterOptions& options = {});

// The evidence per beat that it starts a bar (z units, mean 0), from which
// TrackMeter decodes. Exposed for tests.
std::vector<double> DownbeatEvidence(const std::vector<double>& beat_times_s, const OnsetEnvelope& onset,
                                     const HarmonicFrames& harmonic, const MeterOptions& options = {});

// The Viterbi decode alone: bar positions (0 = downbeat) and bar lengths per
// beat for `evidence`.
struct BarPath {
  std::vector<int> position;
  std::vector<int> beats_per_bar;
};
BarPath DecodeBars(const std::vector<double>& evidence, const MeterOptions& options = {});

}  // namespace beatframe::audio_internal
