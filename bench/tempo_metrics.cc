#include "bench/tempo_metrics.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace beatframe::bench {
namespace {

absl::Status ValidateTempi(const std::array<double, 2>& tempi_bpm, const char* which,
                           bool is_reference) {
  for (double t : tempi_bpm) {
    if (!std::isfinite(t) || t < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(which, " tempi must be finite and non-negative, got ", t));
    }
  }
  if (is_reference && tempi_bpm[0] == 0 && tempi_bpm[1] == 0) {
    return absl::InvalidArgumentError("reference tempi must have one value above zero");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<MirexTempoScores> MirexTempoDetection(const std::array<double, 2>& reference_bpm,
                                                     double reference_weight,
                                                     const std::array<double, 2>& estimated_bpm,
                                                     double tolerance) {
  if (absl::Status s = ValidateTempi(reference_bpm, "reference", true); !s.ok()) return s;
  if (absl::Status s = ValidateTempi(estimated_bpm, "estimated", false); !s.ok()) return s;
  if (!(reference_weight >= 0 && reference_weight <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("reference weight must lie in [0, 1], got ", reference_weight));
  }
  if (!(tolerance >= 0 && tolerance <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("tolerance must lie in [0, 1], got ", tolerance));
  }
  std::array<bool, 2> hits = {false, false};
  for (int i = 0; i < 2; ++i) {
    const double ref = reference_bpm[i];
    if (ref <= 0) continue;
    // Same operation order as mir_eval: |ref - est| / ref, then the minimum.
    const double relative_error = std::min(std::abs(ref - estimated_bpm[0]) / ref,
                                           std::abs(ref - estimated_bpm[1]) / ref);
    hits[i] = relative_error <= tolerance;
  }
  MirexTempoScores scores;
  scores.p_score = reference_weight * hits[0] + (1.0 - reference_weight) * hits[1];
  scores.one_correct = hits[0] || hits[1];
  scores.both_correct = hits[0] && hits[1];
  return scores;
}

bool TempoAccuracy1(double estimated_bpm, double reference_bpm, double tolerance) {
  return reference_bpm > 0 &&
         std::abs(estimated_bpm - reference_bpm) <= tolerance * reference_bpm;
}

bool TempoAccuracy2(double estimated_bpm, double reference_bpm, double tolerance) {
  for (double factor : {1.0, 2.0, 0.5, 3.0, 1.0 / 3.0}) {
    if (TempoAccuracy1(estimated_bpm, factor * reference_bpm, tolerance)) return true;
  }
  return false;
}

}  // namespace beatframe::bench
