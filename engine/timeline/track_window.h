// A trimmed render: the part of the track [start_s, end_s) the output covers,
// and the analysis and lyrics moved from track time (position in the input
// file) to output time (0 at the output's first frame). The analysis is
// computed on the whole track and cut afterwards, so a trimmed video keeps
// the beat grid, sections and energy scale of the full one.
#pragma once

#include <vector>

#include "engine/audio/analysis.h"
#include "engine/timeline/caption.h"

namespace beatframe {

struct TrackWindow {
  double start_s = 0.0;  // track time of the output's first instant
  double end_s = 0.0;    // track time where the output ends (exclusive)
  double duration_s() const { return end_s - start_s; }
};

// The part of `analysis` inside `window`, in output time:
// - beats, their strengths, downbeats and the tempo curve inside [start,
//   end), shifted by -start;
// - sections cut to the window (consecutive from 0 to the window's length);
// - energy, bands and the onset envelope resampled from `start` on (linear
//   interpolation, so a start between feature frames stays exact), keeping
//   the whole track's normalisation;
// - duration_s = the window's length; tempo, meter and loudness stay the
//   whole track's.
// `window` must lie inside [0, analysis.duration_s] with end > start.
Analysis WindowAnalysis(const Analysis& analysis, const TrackWindow& window);

// Captions timed in track time (lyrics) moved into output time: shifted by
// -window.start_s, lines wholly outside the window dropped, the others cut
// to [0, window length).
std::vector<Caption> WindowCaptions(const std::vector<Caption>& captions, const TrackWindow& window);

}  // namespace beatframe
