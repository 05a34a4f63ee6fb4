// Command-line parsing and the exit codes of usage errors. These run RunCli
// too: a usage error must exit 2 before anything tries to connect.
#include "client/args.h"

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli.h"
#include "client/command_names.h"
#include "gtest/gtest.h"

namespace beatframe::client {
namespace {

namespace v1 = beatframe::v1;

// Runs the CLI with stdout and stderr captured in memory.
struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

CliRun RunCapturing(const std::vector<std::string>& args, absl::string_view env_server = "") {
  char* out_buf = nullptr;
  char* err_buf = nullptr;
  size_t out_len = 0, err_len = 0;
  FILE* out = open_memstream(&out_buf, &out_len);
  FILE* err = open_memstream(&err_buf, &err_len);
  const int code = RunCli(args, env_server, out, err);
  std::fclose(out);
  std::fclose(err);
  CliRun run{code, std::string(out_buf, out_len), std::string(err_buf, err_len)};
  std::free(out_buf);
  std::free(err_buf);
  return run;
}

TEST(ParseArgsTest, RenderWithEveryOption) {
  absl::StatusOr<CliArgs> args =
      ParseArgs({"--server", "10.0.0.1:7000", "render", "song.mp3", "-o", "out.mp4", "--prompt",
                 "neon colours", "--aspect", "9:16"},
                "");
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->command, Command::kRender);
  EXPECT_EQ(args->server, "10.0.0.1:7000");
  EXPECT_EQ(args->input, "song.mp3");
  EXPECT_EQ(args->output, "out.mp4");
  EXPECT_EQ(args->prompt, "neon colours");
  EXPECT_EQ(args->aspect, v1::ASPECT_RATIO_9_16);
}

TEST(ParseArgsTest, EqualsFormsAndOptionsAfterTheCommand) {
  absl::StatusOr<CliArgs> args =
      ParseArgs({"render", "--output=out.mp4", "song.mp3", "--aspect=1:1", "--server=h:1"}, "");
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->output, "out.mp4");
  EXPECT_EQ(args->input, "song.mp3");
  EXPECT_EQ(args->aspect, v1::ASPECT_RATIO_1_1);
  EXPECT_EQ(args->server, "h:1");
}

TEST(ParseArgsTest, Defaults) {
  absl::StatusOr<CliArgs> args = ParseArgs({"render", "a.wav", "-o", "b.mp4"}, "");
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->server, kDefaultServer);
  EXPECT_EQ(args->prompt, kDefaultPrompt);
  EXPECT_EQ(args->aspect, v1::ASPECT_RATIO_UNSPECIFIED);
}

TEST(ParseArgsTest, TitleCaptionsAndLyrics) {
  absl::StatusOr<CliArgs> args =
      ParseArgs({"render", "a.wav", "-o", "b.mp4", "--title", "Midnight Drive", "--caption", "Hello@1.5-4",
                 "--caption=\xE5\xA4\x9C @ night@1:05-1:12.5", "--lyrics", "words.LRC"},
                "");
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->title, "Midnight Drive");
  ASSERT_EQ(args->captions.size(), 2u);
  EXPECT_EQ(args->captions[0].text(), "Hello");
  EXPECT_DOUBLE_EQ(args->captions[0].start_s(), 1.5);
  EXPECT_DOUBLE_EQ(args->captions[0].end_s(), 4.0);
  // The last '@' separates the text, so the text may hold one.
  EXPECT_EQ(args->captions[1].text(), "\xE5\xA4\x9C @ night");
  EXPECT_DOUBLE_EQ(args->captions[1].start_s(), 65.0);
  EXPECT_DOUBLE_EQ(args->captions[1].end_s(), 72.5);
  EXPECT_EQ(args->lyrics, "words.LRC");

  absl::StatusOr<CliArgs> none = ParseArgs({"render", "a.wav", "-o", "b.mp4"}, "");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->title.empty() && none->captions.empty() && none->lyrics.empty());
}

TEST(ParseArgsTest, MediaFilesAreRepeatableAndKeepTheirOrder) {
  absl::StatusOr<CliArgs> args =
      ParseArgs({"render", "a.wav", "-o", "b.mp4", "--media", "one.jpg", "--media=two.mp4", "--media", "three.png"}, "");
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->media, (std::vector<std::string>{"one.jpg", "two.mp4", "three.png"}));
  EXPECT_EQ(ParseArgs({"analyze", "a.wav", "--media", "one.jpg"}, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseArgs({"render", "a.wav", "-o", "b.mp4", "--media"}, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_NE(HelpText("render").find("--media"), std::string::npos);
}

TEST(ParseArgsTest, BadCaptionsAndLyricsAreUsageErrors) {
  for (const char* caption : {"Hello", "Hello@1", "@1-2", "Hi@2-1", "Hi@a-b", "Hi@1:75-2:00", "Hi@-1-2",
                              "Hi@1e3-2e3", "Hi@1-inf"}) {
    absl::StatusOr<CliArgs> args = ParseArgs({"render", "a.wav", "-o", "b.mp4", "--caption", caption}, "");
    EXPECT_EQ(args.status().code(), absl::StatusCode::kInvalidArgument) << caption;
    EXPECT_NE(args.status().message().find("TEXT@START-END"), std::string::npos) << args.status();
  }
  EXPECT_EQ(ParseArgs({"render", "a.wav", "-o", "b.mp4", "--lyrics", "words.txt"}, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseArgs({"render", "a.wav", "-o", "b.mp4", "--caption"}, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseArgs({"analyze", "a.wav", "--title", "x"}, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseArgs({"analyze", "a.wav", "--caption", "x@1-2"}, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseArgs({"analyze", "a.wav", "--lyrics", "x.lrc"}, "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ParseArgsTest, PreviewTakesAPngPathForRenderOnly) {
  absl::StatusOr<CliArgs> args = ParseArgs({"render", "a.wav", "-o", "b.mp4", "--preview", "sheet.PNG"}, "");
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->preview, "sheet.PNG");
  absl::StatusOr<CliArgs> none = ParseArgs({"render", "a.wav", "-o", "b.mp4"}, "");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->preview.empty());
  EXPECT_EQ(ParseArgs({"render", "a.wav", "-o", "b.mp4", "--preview=sheet.jpg"}, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseArgs({"analyze", "a.wav", "--preview", "s.png"}, "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RunCliTest, RenderHelpListsTheTextOptions) {
  const CliRun run = RunCapturing({"help", "render"});
  EXPECT_EQ(run.exit_code, kExitOk);
  for (const char* option : {"--title TEXT", "--caption TEXT@START-END", "--lyrics FILE"}) {
    EXPECT_NE(run.out.find(option), std::string::npos) << option;
  }
}

TEST(RunCliTest, MissingLyricsFileFailsLocallyBeforeUploading) {
  const std::string song = testing::TempDir() + "/args_test_song.wav";
  std::FILE* f = std::fopen(song.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fclose(f);
  // A server that does not exist: the check must fail before any call.
  const CliRun run = RunCapturing({"--server", "127.0.0.1:1", "render", song, "-o",
                                   testing::TempDir() + "/out.mp4", "--lyrics", "/nonexistent/words.lrc"});
  EXPECT_EQ(run.exit_code, kExitFailure);
  EXPECT_NE(run.err.find("words.lrc"), std::string::npos) << run.err;
  std::remove(song.c_str());
}

TEST(ParseArgsTest, ServerFromEnvironmentUnlessFlagGiven) {
  EXPECT_EQ(ParseArgs({"analyze", "a.wav"}, "env:9")->server, "env:9");
  EXPECT_EQ(ParseArgs({"--server", "flag:1", "analyze", "a.wav"}, "env:9")->server, "flag:1");
}

TEST(ParseArgsTest, AnalyzeJson) {
  absl::StatusOr<CliArgs> args = ParseArgs({"analyze", "--json", "a.wav"}, "");
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->command, Command::kAnalyze);
  EXPECT_TRUE(args->json);
  EXPECT_EQ(args->input, "a.wav");
}

TEST(ParseArgsTest, DoubleDashEndsOptions) {
  absl::StatusOr<CliArgs> args = ParseArgs({"analyze", "--", "-weird-name.wav"}, "");
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->input, "-weird-name.wav");
}

TEST(ParseArgsTest, HelpForms) {
  EXPECT_EQ(ParseArgs({"--help"}, "")->help_topic, "");
  EXPECT_EQ(ParseArgs({"help", "render"}, "")->help_topic, "render");
  EXPECT_EQ(ParseArgs({"analyze", "-h"}, "")->help_topic, "analyze");
  // Help wins over what else is missing.
  EXPECT_EQ(ParseArgs({"render", "--help"}, "")->command, Command::kHelp);
}

TEST(ParseAspectTest, AcceptsOnlyTheThreeShapes) {
  EXPECT_EQ(*ParseAspect("16:9"), v1::ASPECT_RATIO_16_9);
  EXPECT_EQ(*ParseAspect("9:16"), v1::ASPECT_RATIO_9_16);
  EXPECT_EQ(*ParseAspect("1:1"), v1::ASPECT_RATIO_1_1);
  for (const char* bad : {"", "4:3", "16x9", "vertical", "16:9 "}) {
    EXPECT_EQ(ParseAspect(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ParseArgsTest, ResolutionForRenderOnly) {
  absl::StatusOr<CliArgs> args = ParseArgs({"render", "a.mp3", "-o", "b.mp4", "--resolution", "720p"}, "");
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->resolution, v1::RESOLUTION_720P);
  args = ParseArgs({"render", "a.mp3", "-o", "b.mp4", "--resolution=1080P"}, "");
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->resolution, v1::RESOLUTION_1080P);
  EXPECT_EQ(ParseArgs({"render", "a.mp3", "-o", "b.mp4"}, "")->resolution, v1::RESOLUTION_UNSPECIFIED);
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"render", "a.mp3", "-o", "b.mp4", "--resolution", "4k"},
        std::vector<std::string>{"render", "a.mp3", "-o", "b.mp4", "--resolution"},
        std::vector<std::string>{"analyze", "a.mp3", "--resolution", "720p"}}) {
    EXPECT_EQ(ParseArgs(bad, "").status().code(), absl::StatusCode::kInvalidArgument)
        << ::testing::PrintToString(bad);
  }
  const CliRun run = RunCapturing({"render", "a.mp3", "-o", "b.mp4", "--resolution", "480p"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_NE(run.err.find("invalid --resolution '480p': use 1080p or 720p"), std::string::npos) << run.err;
  EXPECT_NE(HelpText("render").find("--resolution SIZE"), std::string::npos);
}

TEST(ParseArgsTest, UsageErrorsAreInvalidArgument) {
  const std::vector<std::vector<std::string>> bad = {
      {},
      {"dance", "a.mp3"},
      {"render", "a.mp3"},        // no -o
      {"render", "a.mp3", "-o"},  // -o without value
      {"render", "a.mp3", "-o", "b.mp4", "--aspect", "4:3"},
      {"render", "-o", "b.mp4"},                     // no input
      {"render", "a.mp3", "b.mp3", "-o", "c.mp4"},   // two inputs
      {"render", "a.mp3", "-o", "b.mp4", "--json"},  // analyze-only option
      {"analyze", "a.mp3", "--aspect", "1:1"},       // render-only option
      {"analyze", "a.mp3", "--verbose"},
      {"--server", "", "analyze", "a.mp3"},
      {"help", "dance"},
  };
  for (const auto& args : bad) {
    absl::StatusOr<CliArgs> parsed = ParseArgs(args, "");
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument)
        << "args: " << ::testing::PrintToString(args);
  }
}

TEST(RunCliTest, UnknownCommandExits2) {
  CliRun run = RunCapturing({"dance", "a.mp3"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_EQ(run.err,
            "beatframe: unknown command 'dance' (use render, analyze, session create, upload, send, "
            "status, watch or chat)\n"
            "Run 'beatframe --help' for usage.\n");
  EXPECT_EQ(run.out, "");
  // No command at all: the same list.
  run = RunCapturing({"--server", "h:1"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_NE(run.err.find("missing command (use render, analyze, session create, upload, send, status, watch or chat)"),
            std::string::npos)
      << run.err;
}

// The list behind those messages is the one that routes and documents the
// commands: each of its commands has its own help and a usage line in the
// overview, so a command added to one place cannot be missing from another.
TEST(CommandNamesTest, EveryListedCommandHasHelpAndAnOverviewLine) {
  const std::string overview = HelpText("");
  for (const CommandName& command : kCommandNames) {
    EXPECT_NE(HelpText(command.word), overview) << command.word;
    EXPECT_NE(overview.find(absl::StrCat("] ", command.typed)), std::string::npos) << command.typed;
    EXPECT_EQ(FindCommand(command.word), &command);
  }
  EXPECT_EQ(FindCommand("dance"), nullptr);
  EXPECT_EQ(FindCommand("create"), nullptr);
}

TEST(RunCliTest, BadAspectExits2) {
  CliRun run = RunCapturing({"render", "a.mp3", "-o", "b.mp4", "--aspect", "4:3"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_NE(run.err.find("beatframe: invalid --aspect '4:3': use 16:9, 9:16 or 1:1"),
            std::string::npos)
      << run.err;
}

TEST(RunCliTest, MissingOutputExits2) {
  CliRun run = RunCapturing({"render", "a.mp3"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_NE(run.err.find("-o OUT.mp4"), std::string::npos) << run.err;
}

TEST(RunCliTest, NoArgumentsExits2) { EXPECT_EQ(RunCapturing({}).exit_code, kExitUsage); }

TEST(RunCliTest, HelpGoesToStdoutAndExits0) {
  CliRun overview = RunCapturing({"--help"});
  EXPECT_EQ(overview.exit_code, kExitOk);
  EXPECT_NE(overview.out.find("beatframe [--server HOST:PORT] render INPUT -o OUT.mp4"),
            std::string::npos);
  CliRun render = RunCapturing({"render", "--help"});
  EXPECT_EQ(render.exit_code, kExitOk);
  EXPECT_NE(render.out.find("--aspect RATIO"), std::string::npos);
  CliRun analyze = RunCapturing({"help", "analyze"});
  EXPECT_EQ(analyze.exit_code, kExitOk);
  EXPECT_NE(analyze.out.find("--json"), std::string::npos);
}

TEST(RunCliTest, MissingInputFailsLocallyWithExit1) {
  // Port 1 on loopback: nothing listens, but the CLI must not even try.
  CliRun run = RunCapturing({"--server", "127.0.0.1:1", "render", "/nonexistent/song.mp3", "-o",
                             ::testing::TempDir() + "/out.mp4"});
  EXPECT_EQ(run.exit_code, kExitFailure);
  EXPECT_EQ(run.err, "beatframe: input file '/nonexistent/song.mp3' does not exist\n");
}

TEST(RunCliTest, MissingOutputDirectoryFailsLocally) {
  const std::string input = ::testing::TempDir() + "/args_test_input.mp3";
  FILE* file = std::fopen(input.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  std::fclose(file);
  CliRun run =
      RunCapturing({"--server", "127.0.0.1:1", "render", input, "-o", "/nonexistent/dir/out.mp4"});
  EXPECT_EQ(run.exit_code, kExitFailure);
  EXPECT_EQ(run.err, "beatframe: output directory '/nonexistent/dir' does not exist\n");
  std::remove(input.c_str());
}

}  // namespace
}  // namespace beatframe::client
