// Runs the real binaries (beatframed, beatframe) as child processes for the
// end-to-end test: output goes to files so nothing blocks on a full pipe.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace beatframe::client::testing {

// A started child whose stdout and stderr go to `log_path` (both, in order).
// The destructor sends SIGTERM, waits up to 10 s, then SIGKILLs.
class ChildProcess {
 public:
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(const std::vector<std::string>& argv,
                                                             const std::string& stdout_path,
                                                             const std::string& stderr_path);
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  const std::string& stdout_path() const { return stdout_path_; }
  const std::string& stderr_path() const { return stderr_path_; }

  // Sends `signal` to the child.
  void Signal(int signal);

  // Waits for exit; returns the exit code, 128+N for death by signal N, or
  // DEADLINE_EXCEEDED (the child is left running) after `timeout`.
  absl::StatusOr<int> Wait(absl::Duration timeout);

  // Polls the child's stdout+stderr until `text` appears. FAILED_PRECONDITION
  // if the child exits first, DEADLINE_EXCEEDED after `timeout`.
  absl::Status WaitForOutput(const std::string& text, absl::Duration timeout);

 private:
  ChildProcess(pid_t pid, std::string stdout_path, std::string stderr_path)
      : pid_(pid), stdout_path_(std::move(stdout_path)), stderr_path_(std::move(stderr_path)) {}

  pid_t pid_;
  bool exited_ = false;
  int exit_code_ = -1;
  std::string stdout_path_;
  std::string stderr_path_;
};

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` to completion (killing it after `timeout`, exit_code -1) with
// stdout and stderr captured through files under `scratch_dir`.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& scratch_dir,
                         absl::Duration timeout);

// The whole content of a file; empty when it cannot be read.
std::string ReadFileOrEmpty(const std::string& path);

// A TCP port on 127.0.0.1 that was free a moment ago.
int PickFreeLoopbackPort();

}  // namespace beatframe::client::testing
