// The session commands end to end: the real beatframed on a loopback port and
// the real `beatframe` binary, as a user would type them: session create →
// upload → send with -o → status; send --detach, then watch -o; chat fed from
// a file. Plus the parsing of those command lines.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli_test_env.h"
#include "client/args.h"
#include "gtest/gtest.h"
#include "subprocess.h"

namespace beatframe::client {
namespace {

using testing::ProcessResult;
using testing::ReadFileOrEmpty;
using testing::RunProcess;

constexpr absl::Duration kCommandTimeout = absl::Minutes(5);

// The last non-empty line of a command's output.
std::string LastLine(const std::string& text) {
  std::string last;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!line.empty()) last = std::string(line);
  }
  return last;
}

class SessionCliTest : public testing::CliServerSuite {
 protected:
  static void SetUpTestSuite() { StartServer("beatframe_session_cli", {.bpm = 120.0, .duration_s = 4.0}); }

  // `beatframe args...` with the server from $BEATFRAME_SERVER, as users set it.
  static ProcessResult Cli(const std::vector<std::string>& args) {
    ::setenv("BEATFRAME_SERVER", env_->address().c_str(), 1);
    return env_->RunCli(args, kCommandTimeout);
  }

  static bool IsMp4(const std::string& path) {
    const std::string bytes = ReadFileOrEmpty(path);
    return bytes.size() > 12 && bytes.substr(4, 4) == "ftyp";
  }
};

TEST_F(SessionCliTest, CreateUploadSendStatus) {
  ProcessResult created = Cli({"session", "create"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string session = LastLine(created.out);
  ASSERT_EQ(session.find(' '), std::string::npos) << created.out;

  ProcessResult uploaded = Cli({"upload", session, Path("in.mp3")});
  ASSERT_EQ(uploaded.exit_code, 0) << uploaded.err;
  const std::string asset = LastLine(uploaded.out);
  EXPECT_NE(uploaded.out.find("track, mp3"), std::string::npos) << uploaded.out;
  EXPECT_NE(uploaded.err.find("[uploading"), std::string::npos) << uploaded.err;

  const std::string out = Path("sent.mp4");
  ProcessResult sent = Cli({"send", session, "make it vertical in 720p", "-o", out});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_NE(sent.out.find("9:16"), std::string::npos) << sent.out;
  EXPECT_NE(sent.out.find("Wrote " + out), std::string::npos) << sent.out;
  EXPECT_NE(sent.out.find("720x1280"), std::string::npos) << sent.out;
  EXPECT_NE(sent.err.find("[done"), std::string::npos) << sent.err;
  EXPECT_TRUE(IsMp4(out));

  ProcessResult status = Cli({"status", session});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("Track " + asset + " (revision 2)"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("Timeline (2 tracks)"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("done  720x1280"), std::string::npos) << status.out;

  ProcessResult help = Cli({"send", session, "what is the meaning of life"});
  ASSERT_EQ(help.exit_code, 0) << help.err;
  EXPECT_NE(help.out.find("vertical"), std::string::npos) << help.out;
}

TEST_F(SessionCliTest, SendDetachThenWatch) {
  const std::string session = LastLine(Cli({"session", "create"}).out);
  ASSERT_EQ(Cli({"upload", session, Path("in.mp3")}).exit_code, 0);
  ProcessResult detached = Cli({"send", session, "square, 720p", "--detach"});
  ASSERT_EQ(detached.exit_code, 0) << detached.err;
  const std::string job = LastLine(detached.out);
  ASSERT_FALSE(job.empty());
  EXPECT_EQ(job.find(' '), std::string::npos) << detached.out;

  const std::string out = Path("watched.mp4");
  ProcessResult watched = Cli({"watch", job, "-o", out});
  ASSERT_EQ(watched.exit_code, 0) << watched.err;
  EXPECT_NE(watched.out.find("720x720"), std::string::npos) << watched.out;
  EXPECT_TRUE(IsMp4(out));
  // The explicit form works too, and for a finished job.
  ProcessResult again = Cli({"watch", session, job});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("done"), std::string::npos) << again.out;

  ProcessResult unknown = Cli({"watch", "no-such-job"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("beatframe watch SESSION JOB"), std::string::npos) << unknown.err;
}

TEST_F(SessionCliTest, ChatUploadsStatusAndRendersToANumberedFile) {
  const std::string chat_dir = Path("chat");
  std::filesystem::create_directories(chat_dir);
  std::ofstream(Path("chat.txt")) << "/upload " << Path("in.mp3") << "\n/status\nin 720p\n/quit\n";
  ::setenv("BEATFRAME_SERVER", env_->address().c_str(), 1);
  ProcessResult run = RunProcess(
      {"/bin/sh", "-c", absl::StrCat("cd '", chat_dir, "' && '", testing::CliTestEnv::CliBinary(), "' chat < '", Path("chat.txt"), "'")},
      env_->dir(), kCommandTimeout);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("session "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("uploaded in.mp3"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("0 drafts"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Resolution"), std::string::npos) << run.out;
  EXPECT_TRUE(IsMp4(chat_dir + "/beatframe-1.mp4")) << run.out << run.err;
}

TEST(SessionArgsTest, ParsesTheSessionCommands) {
  absl::StatusOr<CliArgs> send = ParseArgs({"send", "S1", "make it vertical", "-o", "a.mp4"}, "h:1");
  ASSERT_TRUE(send.ok()) << send.status();
  EXPECT_EQ(send->command, Command::kSend);
  EXPECT_EQ(send->session_id, "S1");
  EXPECT_EQ(send->message, "make it vertical");
  EXPECT_EQ(send->output, "a.mp4");
  EXPECT_EQ(send->server, "h:1");
  EXPECT_FALSE(send->detach);

  absl::StatusOr<CliArgs> detach = ParseArgs({"--server", "x:2", "send", "S1", "导出", "--detach"}, "");
  ASSERT_TRUE(detach.ok()) << detach.status();
  EXPECT_TRUE(detach->detach);
  EXPECT_EQ(detach->server, "x:2");

  absl::StatusOr<CliArgs> watch = ParseArgs({"watch", "J1"}, "");
  ASSERT_TRUE(watch.ok());
  EXPECT_EQ(watch->command, Command::kWatch);
  EXPECT_EQ(watch->job_id, "J1");
  EXPECT_EQ(watch->session_id, "");
  watch = ParseArgs({"watch", "S1", "J1", "-o", "w.mp4"}, "");
  ASSERT_TRUE(watch.ok());
  EXPECT_EQ(watch->session_id, "S1");
  EXPECT_EQ(watch->output, "w.mp4");

  EXPECT_EQ(ParseArgs({"session", "create"}, "")->command, Command::kSessionCreate);
  EXPECT_EQ(ParseArgs({"upload", "S1", "a.mp3"}, "")->input, "a.mp3");
  EXPECT_EQ(ParseArgs({"status", "S1"}, "")->command, Command::kStatus);
  EXPECT_EQ(ParseArgs({"chat"}, "")->command, Command::kChat);
  EXPECT_EQ(ParseArgs({"help", "send"}, "")->help_topic, "send");
  EXPECT_EQ(ParseArgs({"send", "--help"}, "")->command, Command::kHelp);
}

TEST(SessionArgsTest, RefusesBadSessionCommandLines) {
  const std::vector<std::vector<std::string>> bad = {
      {"session"},
      {"session", "open"},
      {"upload", "S1"},
      {"send", "S1"},
      {"send", "S1", "hi", "extra"},
      {"send", "S1", "hi", "--detach", "-o", "a.mp4"},
      {"status"},
      {"status", "S1", "-o", "a.mp4"},
      {"watch"},
      {"watch", "S1", "J1", "extra"},
      {"upload", "S1", "a.mp3", "--detach"},
      {"send", "S1", "hi", "--verbose"},
      {"--server", "", "status", "S1"},
  };
  for (const auto& args : bad) {
    EXPECT_EQ(ParseArgs(args, "").status().code(), absl::StatusCode::kInvalidArgument)
        << ::testing::PrintToString(args);
  }
}

// A session command word that is really an option's value: the command line
// is not a session one (these crashed, and "-o upload render" parsed as chat).
TEST(SessionArgsTest, ACommandWordTakenAsAnOptionValueIsNotTheCommand) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--output", "status"}, {"-o", "chat"}}) {
    absl::StatusOr<CliArgs> parsed = ParseArgs(args, "");
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << ::testing::PrintToString(args);
    EXPECT_NE(parsed.status().message().find("missing command"), std::string::npos) << parsed.status();
  }
  // --asset is a session option only: with no session command, render's
  // and analyze's parser does not know it.
  EXPECT_EQ(ParseArgs({"--asset", "upload"}, "").status().message(), "unknown option '--asset'");
  absl::StatusOr<CliArgs> render = ParseArgs({"-o", "upload", "render", "a.mp3"}, "");
  ASSERT_TRUE(render.ok()) << render.status();
  EXPECT_EQ(render->command, Command::kRender);
  EXPECT_EQ(render->output, "upload");
  EXPECT_EQ(render->input, "a.mp3");
}

}  // namespace
}  // namespace beatframe::client
