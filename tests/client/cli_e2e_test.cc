// End to end: the real beatframed on a loopback port and the real `beatframe`
// binary, driven as a user would from a shell, on a synthesized drum track.
#include <signal.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "cli_test_env.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "subprocess.h"
#include "tools/synth/audio_file_writer.h"
#include "tools/synth/synth.h"

namespace beatframe::client {
namespace {

using testing::ChildProcess;
using testing::ProcessResult;
using testing::ReadFileOrEmpty;

constexpr double kTrackBpm = 120.0;
// A render of a few seconds of video takes seconds; this only stops a hang.
constexpr absl::Duration kCommandTimeout = absl::Minutes(10);

class CliEndToEndTest : public testing::CliServerSuite {
 protected:
  static void SetUpTestSuite() {
    StartServer("beatframe_cli_e2e", {.bpm = kTrackBpm, .duration_s = 5.0});
  }

  // Runs `beatframe --server ADDRESS args...`.
  static ProcessResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--server", env_->address()});
    return env_->RunCli(args, kCommandTimeout);
  }
};

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
  ProcessResult run =
      env_->RunCli({"--server", nowhere, "render", Path("in.mp3"), "-o", Path("y.mp4")}, kCommandTimeout);
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
      {testing::CliTestEnv::CliBinary(), "--server", env_->address(), "render", Path("long.mp3"), "-o", out},
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
