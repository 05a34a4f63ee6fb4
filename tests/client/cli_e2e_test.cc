// End to end: the real beatframed on a loopback port and the real `beatframe`
// binary, driven as a user would from a shell, on a synthesized drum track.
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "subprocess.h"
#include "tools/synth/audio_file_writer.h"
#include "tools/synth/synth.h"

#ifndef BEATFRAMED_PATH
#error "BEATFRAMED_PATH must name the beatframed binary"
#endif
#ifndef BEATFRAME_CLI_PATH
#error "BEATFRAME_CLI_PATH must name the beatframe binary"
#endif

namespace beatframe::client {
namespace {

using testing::ChildProcess;
using testing::ProcessResult;
using testing::ReadFileOrEmpty;
using testing::RunProcess;

constexpr double kTrackBpm = 120.0;
// A render of a few seconds of video takes seconds; this only stops a hang.
constexpr absl::Duration kCommandTimeout = absl::Minutes(10);

class CliEndToEndTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = ::testing::TempDir() + "/beatframe_cli_e2e_XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = new std::string(pattern);
    std::filesystem::create_directories(*dir_ + "/data");
    // The CLI keeps its token under $XDG_CONFIG_HOME: a temp dir, never the
    // user's own (children inherit the environment).
    ::setenv("XDG_CONFIG_HOME", (*dir_ + "/config").c_str(), 1);

    SynthOptions options;
    options.bpm = kTrackBpm;
    options.duration_s = 5.0;
    options.style = SynthStyle::kDrums;
    const absl::Status written =
        WriteAudioFile(Path("in.mp3"), SynthesizeBeatTrack(options).audio, AudioFileFormat::kMp3);
    ASSERT_TRUE(written.ok()) << written;

    address_ = new std::string(absl::StrCat("127.0.0.1:", testing::PickFreeLoopbackPort()));
    auto server =
        ChildProcess::Start({BEATFRAMED_PATH, "--listen", *address_, "--data-dir", *dir_ + "/data"},
                            Path("server.out"), Path("server.err"));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    const absl::Status ready = server_->WaitForOutput("beatframed listening on", absl::Seconds(60));
    ASSERT_TRUE(ready.ok()) << ready << "\n" << ReadFileOrEmpty(Path("server.err"));
  }

  static void TearDownTestSuite() {
    delete server_;  // SIGTERM, then wait
    server_ = nullptr;
    if (dir_ != nullptr && std::getenv("BEATFRAME_KEEP_TEST_DIR") == nullptr) {
      std::filesystem::remove_all(*dir_);
    }
    delete dir_;
    delete address_;
  }

  void SetUp() override { ASSERT_NE(server_, nullptr) << "beatframed did not start"; }

  static std::string Path(const std::string& name) { return *dir_ + "/" + name; }

  // Runs `beatframe --server ADDRESS args...`.
  static ProcessResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {BEATFRAME_CLI_PATH, "--server", *address_});
    return RunProcess(args, *dir_, kCommandTimeout);
  }

  static std::string* dir_;
  static std::string* address_;
  static ChildProcess* server_;
};

std::string* CliEndToEndTest::dir_ = nullptr;
std::string* CliEndToEndTest::address_ = nullptr;
ChildProcess* CliEndToEndTest::server_ = nullptr;

TEST_F(CliEndToEndTest, RenderWritesAVerticalMp4) {
  const std::string out = Path("out.mp4");
  ProcessResult run = Cli({"render", Path("in.mp3"), "-o", out, "--aspect", "9:16"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string bytes = ReadFileOrEmpty(out);
  ASSERT_GE(bytes.size(), 12u);
  EXPECT_NE(bytes.substr(0, 12).find("ftyp"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
  EXPECT_NE(run.out.find("Wrote " + out), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("1080x1920"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("BPM"), std::string::npos) << run.out;
  // Not a terminal, so progress comes as plain lines on stderr.
  EXPECT_NE(run.err.find("[uploading "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("[done ████████████ 100%"), std::string::npos) << run.err;
}

TEST_F(CliEndToEndTest, AnalyzeJsonFindsTheTempo) {
  ProcessResult run = Cli({"analyze", Path("in.mp3"), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json json = nlohmann::json::parse(run.out, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(json.is_discarded()) << run.out;
  ASSERT_TRUE(json.contains("tempo_bpm") && json.contains("duration_s") && json.contains("beats"))
      << run.out;
  EXPECT_NEAR(json["tempo_bpm"].get<double>(), kTrackBpm, 2.0);
  EXPECT_NEAR(json["duration_s"].get<double>(), 5.0, 0.2);
  const auto& beats = json["beats"];
  ASSERT_GE(beats.size(), 6u) << run.out;
  for (size_t i = 1; i < beats.size(); ++i)
    EXPECT_LT(beats[i - 1].get<double>(), beats[i].get<double>());
}

TEST_F(CliEndToEndTest, AnalyzeHumanReport) {
  ProcessResult run = Cli({"analyze", Path("in.mp3")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("Tempo: ", 0), 0u) << run.out;
  EXPECT_NE(run.out.find("Beats (s):"), std::string::npos) << run.out;
}

TEST_F(CliEndToEndTest, RenderOfAMissingFileFailsClearly) {
  ProcessResult run = Cli({"render", Path("no-such.mp3"), "-o", Path("x.mp4")});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err,
            absl::StrCat("beatframe: input file '", Path("no-such.mp3"), "' does not exist\n"));
  EXPECT_FALSE(std::filesystem::exists(Path("x.mp4")));
}

TEST_F(CliEndToEndTest, NoServerNamesTheAddress) {
  const std::string nowhere = absl::StrCat("127.0.0.1:", testing::PickFreeLoopbackPort());
  ProcessResult run = RunProcess(
      {BEATFRAME_CLI_PATH, "--server", nowhere, "render", Path("in.mp3"), "-o", Path("y.mp4")},
      *dir_, kCommandTimeout);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("beatframe: "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("is beatframed running at " + nowhere + "?"), std::string::npos)
      << run.err;
}

TEST_F(CliEndToEndTest, KeepsItsTokenInTheConfigDirReadableOnlyByTheUser) {
  ProcessResult run = Cli({"analyze", Path("in.mp3")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string token_path = Path("config/beatframe/token");
  const std::string stored = ReadFileOrEmpty(token_path);
  EXPECT_EQ(stored.rfind("bft_", 0), 0u) << stored;
  EXPECT_EQ(std::filesystem::status(token_path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  // The next command reuses it.
  ASSERT_EQ(Cli({"analyze", Path("in.mp3")}).exit_code, 0);
  EXPECT_EQ(ReadFileOrEmpty(token_path), stored);
}

TEST_F(CliEndToEndTest, UsageErrorExits2) {
  ProcessResult run = Cli({"render", Path("in.mp3"), "-o", Path("z.mp4"), "--aspect", "4:3"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("beatframe: invalid --aspect '4:3'"), std::string::npos) << run.err;
}

TEST_F(CliEndToEndTest, CtrlCDuringRenderExits130) {
  // A longer track so the render is surely still running when the signal comes.
  SynthOptions options;
  options.bpm = kTrackBpm;
  options.duration_s = 60.0;
  ASSERT_TRUE(
      WriteAudioFile(Path("long.mp3"), SynthesizeBeatTrack(options).audio, AudioFileFormat::kMp3)
          .ok());
  const std::string out = Path("cancelled.mp4");
  auto cli = ChildProcess::Start(
      {BEATFRAME_CLI_PATH, "--server", *address_, "render", Path("long.mp3"), "-o", out},
      Path("ctrlc.out"), Path("ctrlc.err"));
  ASSERT_TRUE(cli.ok()) << cli.status();
  // The upload bar comes first; a job stage line means Generate is streaming.
  const absl::Status started = (*cli)->WaitForOutput("[rendering", absl::Minutes(2));
  ASSERT_TRUE(started.ok()) << started << "\n" << ReadFileOrEmpty(Path("ctrlc.err"));
  (*cli)->Signal(SIGINT);
  absl::StatusOr<int> code = (*cli)->Wait(absl::Seconds(10));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 130);
  const std::string err = ReadFileOrEmpty(Path("ctrlc.err"));
  EXPECT_NE(err.find("beatframe: interrupted"), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
}

}  // namespace
}  // namespace beatframe::client
