// The peer beat tracker for bench/beats: aubio's command-line tool, run as a
// subprocess on the same file in the same run (`aubio beat FILE` prints one
// beat time per line, `aubio tempo FILE` prints "<bpm> bpm"). Its timings are
// whole-process wall times: aubio decodes the file itself and starts a Python
// interpreter, so they compare with our decode + analysis, not analysis alone.
#pragma once

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"

namespace beatframe::bench {

struct CommandResult {
  int exit_code = -1;          // the child's exit status; -1 if killed by a signal
  std::string stdout_text;
  std::string stderr_text;
  double wall_s = 0.0;         // spawn to exit
};

// Full path of an executable called `name` on $PATH; NOT_FOUND if none.
absl::StatusOr<std::string> FindExecutableOnPath(absl::string_view name);

// Runs argv[0] (a path) with the given arguments, no shell involved, and
// collects its output. INTERNAL if the process cannot be started. A non-zero
// exit is not an error here: the caller reads exit_code.
absl::StatusOr<CommandResult> RunCommand(const std::vector<std::string>& argv);

// Beat times from `aubio beat` output (one number per line, possibly with
// trailing whitespace). INVALID_ARGUMENT on a line that is not a number.
absl::StatusOr<std::vector<double>> ParseAubioBeats(absl::string_view output);

// The tempo from `aubio tempo` output ("100.52 bpm"). INVALID_ARGUMENT if
// there is no such line.
absl::StatusOr<double> ParseAubioTempo(absl::string_view output);

// aubio found on PATH. Create() is NOT_FOUND when aubio is not installed.
class AubioPeer {
 public:
  static absl::StatusOr<AubioPeer> Create();

  struct BeatRun {
    std::vector<double> beat_times_s;
    double wall_s = 0.0;
  };
  struct TempoRun {
    double tempo_bpm = 0.0;
    double wall_s = 0.0;
  };

  // Run the tool once on `audio_path`. UNAVAILABLE if aubio exits non-zero
  // (its stderr in the message), INVALID_ARGUMENT if its output is garbled.
  absl::StatusOr<BeatRun> Beats(const std::string& audio_path) const;
  absl::StatusOr<TempoRun> Tempo(const std::string& audio_path) const;

  // Wall time of `aubio -V`: the process start-up cost inside every run.
  absl::StatusOr<double> StartupSeconds() const;

  const std::string& path() const { return path_; }
  const std::string& version() const { return version_; }

 private:
  AubioPeer(std::string path, std::string version)
      : path_(std::move(path)), version_(std::move(version)) {}

  std::string path_;
  std::string version_;
};

}  // namespace beatframe::bench
