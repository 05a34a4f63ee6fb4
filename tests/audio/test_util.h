// Helpers shared by the audio tests: a self-deleting temporary directory,
// file byte helpers, and matching detected beats against ground truth.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace beatframe::testing_util {

// A fresh directory under the test temp dir, removed with its contents.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string Path(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string ReadBytes(const std::string& path);
void WriteBytes(const std::string& path, const std::string& bytes);

struct BeatMatch {
  int reference_count = 0;  // ground-truth beats considered
  int matched = 0;          // of those, with a detected beat within the tolerance
  int detected_count = 0;   // detected beats in the same time range
  double mean_abs_error_s = 0.0;  // over matched beats
  double recall() const { return reference_count > 0 ? static_cast<double>(matched) / reference_count : 0.0; }
};

// Matches each ground-truth beat at or after `from_s` to the nearest detected
// beat (each detected beat used once) within `tolerance_s`.
BeatMatch MatchBeats(const std::vector<double>& reference_s, const std::vector<double>& detected_s,
                     double tolerance_s, double from_s = 0.0);

}  // namespace beatframe::testing_util
