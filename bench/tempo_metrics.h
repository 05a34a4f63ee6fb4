// Tempo evaluation: the MIREX two-tempo detection score (a port of
// mir_eval.tempo.detection) and the single-tempo accuracies Acc1 / Acc2
// (Gouyon et al. 2006) that bench/beats prints.
#pragma once

#include <array>

#include "absl/status/statusor.h"

namespace beatframe::bench {

inline constexpr double kMirexTempoTolerance = 0.08;
inline constexpr double kTempoAccuracyTolerance = 0.04;

struct MirexTempoScores {
  double p_score = 0.0;       // weight * hit[slow] + (1 - weight) * hit[fast]
  bool one_correct = false;   // at least one reference tempo hit
  bool both_correct = false;  // both hit
};

// A reference tempo is hit when some estimate lies within tolerance *
// reference of it. Reference tempi must be finite and >= 0 with one > 0
// (a 0 reference is never hit); estimates finite and >= 0; weight in [0, 1];
// tolerance in [0, 1]. INVALID_ARGUMENT otherwise, as mir_eval raises.
absl::StatusOr<MirexTempoScores> MirexTempoDetection(
    const std::array<double, 2>& reference_bpm, double reference_weight,
    const std::array<double, 2>& estimated_bpm,
    double tolerance = kMirexTempoTolerance);

// Acc1: the estimate is within +/- tolerance (relative) of the reference.
bool TempoAccuracy1(double estimated_bpm, double reference_bpm,
                    double tolerance = kTempoAccuracyTolerance);

// Acc2: Acc1 against the reference times 1, 2, 1/2, 3 or 1/3 (octave and
// triple/third errors forgiven); the tolerance scales with each multiple.
bool TempoAccuracy2(double estimated_bpm, double reference_bpm,
                    double tolerance = kTempoAccuracyTolerance);

}  // namespace beatframe::bench
