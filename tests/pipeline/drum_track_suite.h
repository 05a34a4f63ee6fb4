// A fixture base for the pipeline suites that render one synthesized drum
// track: the suite's SetUpTestSuite calls WriteDrumTrack, its tests read
// Input() and write their files to Output(name).
#pragma once

#include <filesystem>
#include <string>

#include "gtest/gtest.h"

namespace beatframe::testing {

class DrumTrackSuite : public ::testing::Test {
 protected:
  // Empties (or makes) a scratch folder named `dir_prefix` plus the process
  // id under the system temp dir, so parallel test processes never share
  // one, and writes drums.mp3 there: SynthStyle::kDrums at `bpm`, lasting
  // `duration_s`.
  static void WriteDrumTrack(const std::string& dir_prefix, double bpm, double duration_s);
  // Removes the folder unless $BF_KEEP_TEST_OUTPUT is set (to look at renders).
  static void TearDownTestSuite();
  // Fails each test at once when the track could not be written.
  void SetUp() override;

  static std::string Input() { return Output("drums.mp3"); }
  static std::string Output(const std::string& name) { return (*dir_ / name).string(); }

 private:
  static std::filesystem::path* dir_;
  static bool written_;
};

}  // namespace beatframe::testing
