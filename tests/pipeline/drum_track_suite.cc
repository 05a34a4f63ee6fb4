#include "tests/pipeline/drum_track_suite.h"

#include <unistd.h>

#include <cstdlib>
#include <system_error>

#include "absl/status/status.h"
#include "tools/synth/synth.h"

namespace beatframe::testing {

namespace fs = std::filesystem;

fs::path* DrumTrackSuite::dir_ = nullptr;
bool DrumTrackSuite::written_ = false;

void DrumTrackSuite::WriteDrumTrack(const std::string& dir_prefix, double bpm, double duration_s) {
  dir_ = new fs::path(fs::temp_directory_path() / (dir_prefix + std::to_string(getpid())));
  fs::remove_all(*dir_);
  fs::create_directories(*dir_);
  SynthOptions options;
  options.bpm = bpm;
  options.duration_s = duration_s;
  options.style = SynthStyle::kDrums;
  const absl::Status written = WriteAudioFile(Input(), SynthesizeBeatTrack(options).audio, AudioFileFormat::kMp3);
  written_ = written.ok();
  ASSERT_TRUE(written.ok()) << written;
}

void DrumTrackSuite::TearDownTestSuite() {
  if (dir_ != nullptr && std::getenv("BF_KEEP_TEST_OUTPUT") == nullptr) {
    std::error_code ignored;
    fs::remove_all(*dir_, ignored);
  }
  delete dir_;
  dir_ = nullptr;
  written_ = false;
}

void DrumTrackSuite::SetUp() { ASSERT_TRUE(written_) << "could not write the test track"; }

}  // namespace beatframe::testing
