// The beat stages over a whole track's onset envelope: global tempo, beat
// tracking by dynamic programming, swing correction, and refinement onto the
// attacks in the waveform. Returns no beats when the onsets have no steady
// pulse (silence, sweeps, speech, free-time music).
#pragma once

#include <vector>

#include "engine/audio/beat_refiner.h"
#include "engine/audio/onset_envelope.h"

namespace beatframe::audio_internal {

struct Rhythm {
  double tempo_bpm = 0.0;             // 0 when no steady pulse was found
  std::vector<double> beat_times_s;   // ascending
  std::vector<float> beat_strengths;  // 0..1 per beat, relative onset strength
};

Rhythm TrackRhythm(const OnsetEnvelope& onset, const AttackEnvelope& attacks);

}  // namespace beatframe::audio_internal
