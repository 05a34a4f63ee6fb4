// What the CLI's end-to-end suites share: a scratch folder holding a
// synthesized drum track, the real beatframed listening on a loopback port
// with its data in that folder, and a way to run the real `beatframe` binary
// there. Started once per suite (CliServerSuite), torn down after it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "subprocess.h"

namespace beatframe::client::testing {

// The drum track every suite uploads: in.mp3 in the scratch folder.
struct TestTrack {
  double bpm = 120.0;
  double duration_s = 5.0;
};

class CliTestEnv {
 public:
  // Makes a fresh folder under the test temp dir named `name_prefix` plus a
  // unique suffix, points $XDG_CONFIG_HOME into it (the CLI keeps its token
  // and job index there: never the user's own; children inherit it), writes
  // `track` to in.mp3 and starts beatframed, waiting until it listens.
  static absl::StatusOr<std::unique_ptr<CliTestEnv>> Start(const std::string& name_prefix, TestTrack track);
  // Stops beatframed (SIGTERM, then waits) and removes the folder unless
  // $BEATFRAME_KEEP_TEST_DIR is set.
  ~CliTestEnv();

  const std::string& dir() const { return dir_; }
  // beatframed's address, "127.0.0.1:PORT".
  const std::string& address() const { return address_; }
  // A file in the scratch folder.
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  // The path of the `beatframe` binary under test.
  static std::string CliBinary();

  // Runs `beatframe args...` to its end (killed after `timeout`); the server
  // is whatever `args` or $BEATFRAME_SERVER say.
  ProcessResult RunCli(const std::vector<std::string>& args, absl::Duration timeout) const;

 private:
  explicit CliTestEnv(std::string dir) : dir_(std::move(dir)) {}

  std::string dir_;
  std::string address_;
  std::unique_ptr<ChildProcess> server_;
};

// A fixture base for a suite that talks to one beatframed: the suite's
// SetUpTestSuite calls StartServer, and every test fails at once (rather than
// with confusing errors) when the server did not start.
class CliServerSuite : public ::testing::Test {
 protected:
  static void StartServer(const std::string& name_prefix, TestTrack track);
  static void TearDownTestSuite();
  void SetUp() override;

  static std::string Path(const std::string& name) { return env_->Path(name); }

  static CliTestEnv* env_;
};

}  // namespace beatframe::client::testing
