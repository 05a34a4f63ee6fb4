// Song structure: where sections change (novelty on a self-similarity
// matrix of beat-synchronous chroma, timbre and level, each beat described
// over the bar around it, found with a checkerboard kernel, Foote 2000, then
// placed on the sharpest change nearby), which sections repeat each other,
// and a name for each.
//
// Naming heuristic (documented, not learned): two sections repeat each other
// when their mean features lie within half their combined spread (clusters
// A, B, C...); neighbours that repeat each other merge into one section. A
// stretch quieter than -60 dBFS is "silence".
// The first and last sections are "intro" and "outro" when their material
// does not come back and they are not the loudest material. Of the rest, the
// loudest material that repeats is "chorus"; other repeating material is
// "verse"; material heard once between them is "bridge".
#pragma once

#include <vector>

#include "engine/audio/analysis.h"
#include "engine/audio/harmonic_features.h"

namespace beatframe::audio_internal {

struct SectionOptions {
  // Checkerboard half-width, in beats (capped at a quarter of the track).
  int kernel_beats = 16;
  // Shortest section, in beats and seconds (both must hold).
  int min_section_beats = 16;
  double min_section_s = 8.0;
  // A boundary needs novelty this many (robust) standard deviations above
  // the median.
  double novelty_threshold_sd = 1.5;
};

// `beat_times_s` and `downbeat_times_s` ascending (may be empty: free-time
// music is cut into half-second units instead). Returns consecutive
// sections covering [0, duration_s], boundaries snapped to nearby downbeats.
std::vector<Section> SegmentSections(const std::vector<double>& beat_times_s,
                                     const std::vector<double>& downbeat_times_s, const HarmonicFrames& harmonic,
                                     double duration_s, const SectionOptions& options = {});

}  // namespace beatframe::audio_internal
