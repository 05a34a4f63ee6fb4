#include "bench/annotation_io.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace beatframe::bench {
namespace {

// The data lines of a text file: comments and blank lines dropped, each line
// split on whitespace. Keeps the 1-based line number for error messages.
struct DataLine {
  int number = 0;
  std::vector<std::string> fields;
};

absl::StatusOr<std::vector<DataLine>> ReadDataLines(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return absl::NotFoundError(absl::StrCat("'", path, "': no such file"));
  }
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("'", path, "': cannot be read"));
  std::vector<DataLine> lines;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    lines.push_back({number, absl::StrSplit(trimmed, absl::ByAnyChar(" \t,"), absl::SkipEmpty())});
  }
  return lines;
}

absl::StatusOr<double> ParseNumber(const std::string& path, const DataLine& line, size_t field) {
  double value = 0.0;
  if (field >= line.fields.size() || !absl::SimpleAtod(line.fields[field], &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", path, "' line ", line.number, ": expected a number in column ",
                     field + 1));
  }
  return value;
}

}  // namespace

absl::StatusOr<std::vector<double>> LoadEventTimes(const std::string& path) {
  absl::StatusOr<std::vector<DataLine>> lines = ReadDataLines(path);
  if (!lines.ok()) return lines.status();
  std::vector<double> times;
  times.reserve(lines->size());
  for (const DataLine& line : *lines) {
    absl::StatusOr<double> t = ParseNumber(path, line, 0);
    if (!t.ok()) return t.status();
    times.push_back(*t);
  }
  return times;
}

absl::StatusOr<double> LoadReferenceTempo(const std::string& path) {
  absl::StatusOr<std::vector<DataLine>> lines = ReadDataLines(path);
  if (!lines.ok()) return lines.status();
  std::vector<double> bpms;
  for (const DataLine& line : *lines) {
    // A bare bpm, or time and bpm: the tempo is always the last column.
    absl::StatusOr<double> bpm = ParseNumber(path, line, line.fields.size() - 1);
    if (!bpm.ok()) return bpm.status();
    if (!(*bpm > 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", path, "' line ", line.number, ": tempo must be positive"));
    }
    bpms.push_back(*bpm);
  }
  if (bpms.empty()) return absl::InvalidArgumentError(absl::StrCat("'", path, "': no tempo"));
  std::sort(bpms.begin(), bpms.end());
  const size_t n = bpms.size();
  return n % 2 == 1 ? bpms[n / 2] : (bpms[n / 2 - 1] + bpms[n / 2]) / 2.0;
}

absl::StatusOr<MirexTempoLabel> LoadMirexTempoLabel(const std::string& path) {
  absl::StatusOr<std::vector<DataLine>> lines = ReadDataLines(path);
  if (!lines.ok()) return lines.status();
  if (lines->size() != 1 || (*lines)[0].fields.size() != 3) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", path, "': a tempo label is one line of three numbers (slow, fast, weight)"));
  }
  MirexTempoLabel label;
  for (size_t i = 0; i < 3; ++i) {
    absl::StatusOr<double> v = ParseNumber(path, (*lines)[0], i);
    if (!v.ok()) return v.status();
    if (i < 2) {
      if (*v < 0) {
        return absl::InvalidArgumentError(absl::StrCat("'", path, "': negative tempo ", *v));
      }
      label.tempi_bpm[i] = *v;
    } else {
      if (*v < 0 || *v > 1) {
        return absl::InvalidArgumentError(
            absl::StrCat("'", path, "': weight ", *v, " is outside [0, 1]"));
      }
      label.weight = *v;
    }
  }
  return label;
}

}  // namespace beatframe::bench
