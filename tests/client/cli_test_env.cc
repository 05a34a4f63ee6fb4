#include "cli_test_env.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "tools/synth/audio_file_writer.h"
#include "tools/synth/synth.h"

#ifndef BEATFRAMED_PATH
#error "BEATFRAMED_PATH must name the beatframed binary"
#endif
#ifndef BEATFRAME_CLI_PATH
#error "BEATFRAME_CLI_PATH must name the beatframe binary"
#endif

namespace beatframe::client::testing {

absl::StatusOr<std::unique_ptr<CliTestEnv>> CliTestEnv::Start(const std::string& name_prefix, TestTrack track) {
  std::string pattern = ::testing::TempDir() + "/" + name_prefix + "_XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("cannot make a temp dir like ", pattern));
  }
  // Owned from here, so every early return below cleans up.
  std::unique_ptr<CliTestEnv> env(new CliTestEnv(pattern));
  std::filesystem::create_directories(env->Path("data"));
  ::setenv("XDG_CONFIG_HOME", env->Path("config").c_str(), 1);

  SynthOptions options;
  options.bpm = track.bpm;
  options.duration_s = track.duration_s;
  options.style = SynthStyle::kDrums;
  const absl::Status written =
      WriteAudioFile(env->Path("in.mp3"), SynthesizeBeatTrack(options).audio, AudioFileFormat::kMp3);
  if (!written.ok()) return written;

  env->address_ = absl::StrCat("127.0.0.1:", PickFreeLoopbackPort());
  absl::StatusOr<std::unique_ptr<ChildProcess>> server =
      ChildProcess::Start({BEATFRAMED_PATH, "--listen", env->address_, "--data-dir", env->Path("data")},
                          env->Path("server.out"), env->Path("server.err"));
  if (!server.ok()) return server.status();
  env->server_ = *std::move(server);
  const absl::Status ready = env->server_->WaitForOutput("beatframed listening on", absl::Seconds(60));
  if (!ready.ok()) {
    return absl::Status(ready.code(), absl::StrCat(ready.message(), "\n", ReadFileOrEmpty(env->Path("server.err"))));
  }
  return env;
}

CliTestEnv::~CliTestEnv() {
  server_.reset();  // SIGTERM, then wait: before its data dir goes
  if (std::getenv("BEATFRAME_KEEP_TEST_DIR") == nullptr) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

std::string CliTestEnv::CliBinary() { return BEATFRAME_CLI_PATH; }

ProcessResult CliTestEnv::RunCli(const std::vector<std::string>& args, absl::Duration timeout) const {
  std::vector<std::string> argv = {CliBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, dir_, timeout);
}

CliTestEnv* CliServerSuite::env_ = nullptr;

void CliServerSuite::StartServer(const std::string& name_prefix, TestTrack track) {
  absl::StatusOr<std::unique_ptr<CliTestEnv>> env = CliTestEnv::Start(name_prefix, track);
  ASSERT_TRUE(env.ok()) << env.status();
  env_ = env->release();
}

void CliServerSuite::TearDownTestSuite() {
  delete env_;
  env_ = nullptr;
}

void CliServerSuite::SetUp() { ASSERT_NE(env_, nullptr) << "beatframed did not start"; }

}  // namespace beatframe::client::testing
