// Readers for the plain-text annotations the benchmarks score against:
// beat lists (.beats, mir_eval's event files), tempo files (.tempo) and
// MIREX tempo labels (.lab). Lines starting with '#' and blank lines are
// skipped everywhere.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace beatframe::bench {

// One event time in seconds per line (the first whitespace-separated column;
// further columns such as a bar position are ignored). Times are returned in
// file order. NOT_FOUND if the file is missing; INVALID_ARGUMENT naming the
// line if a time does not parse.
absl::StatusOr<std::vector<double>> LoadEventTimes(const std::string& path);

// The reference tempo of a .tempo file, which is either a single bpm value or
// a tempo map of `time_s<TAB>bpm` lines. For a map the median bpm of its
// entries is returned (the first entry when there is one). NOT_FOUND if
// missing; INVALID_ARGUMENT if empty, unparsable or not positive.
absl::StatusOr<double> LoadReferenceTempo(const std::string& path);

// A MIREX tempo label: `slow_bpm fast_bpm weight_of_slow` on one line.
struct MirexTempoLabel {
  std::array<double, 2> tempi_bpm = {0.0, 0.0};
  double weight = 0.0;
};

// Exactly one data line of three numbers, tempi >= 0 and weight in [0, 1]
// (mir_eval.io.load_tempo's rules); INVALID_ARGUMENT otherwise.
absl::StatusOr<MirexTempoLabel> LoadMirexTempoLabel(const std::string& path);

}  // namespace beatframe::bench
