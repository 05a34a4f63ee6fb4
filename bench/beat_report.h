// The table bench/beats prints: per track, our scores and speed on one row
// and the peer's (aubio's) on the next, then the means, the median speeds
// and the difference of mean F-measure. Kept apart from beats_main.cc so the
// layout is testable without audio or a peer installed.
#pragma once

#include <optional>
#include <span>
#include <string>
#include "absl/strings/string_view.h"

#include "bench/beat_metrics.h"

namespace beatframe::bench {

// One system's result on one track.
struct SystemRun {
  bool ok = false;
  std::string error;          // why the run failed, when !ok
  BeatScores scores;          // mir_eval scores after trimming beats < 5 s
  double tempo_bpm = 0.0;     // the system's tempo estimate
  std::optional<double> analysis_s;  // analysis alone (median of runs), if measurable
  std::optional<double> total_s;     // decode + analysis (median of runs)
};

struct TrackRun {
  std::string name;
  double duration_s = 0.0;
  std::optional<double> reference_bpm;  // from the .tempo file, if any
  SystemRun ours;
  std::optional<SystemRun> peer;        // absent when the peer is not installed
};

// The whole report as text, fixed-width columns. Speeds are multiples of real
// time (duration / seconds). A failed run scores 0 in the means (a tracker
// that fails has found no beats) and is listed under the table.
std::string FormatBeatReport(std::span<const TrackRun> tracks, absl::string_view peer_name);

}  // namespace beatframe::bench
