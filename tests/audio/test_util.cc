#include "tests/audio/test_util.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace beatframe::testing_util {

TempDir::TempDir() {
  std::string pattern = ::testing::TempDir() + "bf_audio_XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << pattern;
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code error;
  std::filesystem::remove_all(path_, error);
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

BeatMatch MatchBeats(const std::vector<double>& reference_s, const std::vector<double>& detected_s,
                     double tolerance_s, double from_s) {
  BeatMatch match;
  std::vector<bool> used(detected_s.size(), false);
  double error_sum = 0.0;
  for (double reference : reference_s) {
    if (reference < from_s) continue;
    ++match.reference_count;
    int best = -1;
    for (size_t i = 0; i < detected_s.size(); ++i) {
      const double error = std::abs(detected_s[i] - reference);
      if (!used[i] && error <= tolerance_s && (best < 0 || error < std::abs(detected_s[best] - reference))) {
        best = static_cast<int>(i);
      }
    }
    if (best >= 0) {
      used[best] = true;
      ++match.matched;
      error_sum += std::abs(detected_s[best] - reference);
    }
  }
  for (double detected : detected_s) match.detected_count += detected >= from_s - tolerance_s ? 1 : 0;
  match.mean_abs_error_s = match.matched > 0 ? error_sum / match.matched : 0.0;
  return match;
}

}  // namespace beatframe::testing_util
