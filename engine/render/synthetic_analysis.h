// A hand-made Analysis for tests and benchmarks of the renderers: a steady
// pulse with known beat times, downbeats, strengths and band envelopes, so
// render checks do not depend on the audio analyser.
#pragma once

#include "engine/audio/analysis.h"

namespace beatframe {

struct SyntheticMusic {
  double duration_s = 10.0;
  double bpm = 120.0;
  double first_beat_s = 0.5;
  int beats_per_bar = 4;
  double feature_rate_hz = 30.0;
  int band_count = 8;
};

// Beats every 60/bpm s from first_beat_s; every beats_per_bar-th is a
// downbeat with strength 0.9, the others 0.4..0.6. Energy breathes slowly
// (0.35..0.85) with a bump on each beat; bass bands spike and decay on beats,
// higher bands follow off-beat hats and a slow swell. Deterministic.
Analysis MakeSyntheticAnalysis(const SyntheticMusic& music = {});

}  // namespace beatframe
