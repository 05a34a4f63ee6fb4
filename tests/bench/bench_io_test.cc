// Annotation readers, the subprocess runner and aubio output parsing, and the
// report layout of bench/beats — everything it needs except audio and aubio.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench/annotation_io.h"
#include "bench/beat_report.h"
#include "bench/peer_aubio.h"
#include "gtest/gtest.h"

namespace beatframe::bench {
namespace {

namespace fs = std::filesystem;

std::string WriteTempFile(const std::string& name, const std::string& text) {
  const fs::path path = fs::path(::testing::TempDir()) / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(LoadEventTimes, ReadsFirstColumnSkippingCommentsAndBlankLines) {
  const std::string path =
      WriteTempFile("events.beats", "# A comment\n0.5\n\n  1.0\t1\n1.5e0 2\n");
  absl::StatusOr<std::vector<double>> times = LoadEventTimes(path);
  ASSERT_TRUE(times.ok()) << times.status();
  EXPECT_EQ(*times, (std::vector<double>{0.5, 1.0, 1.5}));
}

TEST(LoadEventTimes, MissingFileIsNotFoundAndGarbageIsInvalid) {
  EXPECT_EQ(LoadEventTimes("/nonexistent/x.beats").status().code(), absl::StatusCode::kNotFound);
  const std::string path = WriteTempFile("bad.beats", "0.5\nhello\n");
  absl::StatusOr<std::vector<double>> times = LoadEventTimes(path);
  EXPECT_EQ(times.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(times.status().message().find("line 2"), std::string::npos) << times.status();
}

TEST(LoadReferenceTempo, SingleValueOrMedianOfAMap) {
  absl::StatusOr<double> single = LoadReferenceTempo(WriteTempFile("a.tempo", "120.0\n"));
  ASSERT_TRUE(single.ok()) << single.status();
  EXPECT_DOUBLE_EQ(*single, 120.0);

  absl::StatusOr<double> map = LoadReferenceTempo(WriteTempFile(
      "b.tempo", "# tempo map: time_s<TAB>bpm\n0.000000\t100\n10.0\t90\n20.0\t140\n"));
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_DOUBLE_EQ(*map, 100.0);

  EXPECT_EQ(LoadReferenceTempo(WriteTempFile("c.tempo", "# nothing\n")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LoadReferenceTempo(WriteTempFile("d.tempo", "-5\n")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RunCommand, CollectsOutputAndExitCodeWithoutAShell) {
  absl::StatusOr<CommandResult> run =
      RunCommand({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->exit_code, 3);
  EXPECT_EQ(run->stdout_text, "out\n");
  EXPECT_EQ(run->stderr_text, "err\n");
  EXPECT_GE(run->wall_s, 0.0);

  // An argument with spaces and quotes reaches the program unchanged.
  absl::StatusOr<CommandResult> echo = RunCommand({"/bin/echo", "a 'b' \"c\""});
  ASSERT_TRUE(echo.ok()) << echo.status();
  EXPECT_EQ(echo->stdout_text, "a 'b' \"c\"\n");

  EXPECT_EQ(RunCommand({"/nonexistent/program"}).status().code(), absl::StatusCode::kInternal);
}

TEST(FindExecutableOnPath, FindsShAndNotNonsense) {
  EXPECT_TRUE(FindExecutableOnPath("sh").ok());
  EXPECT_EQ(FindExecutableOnPath("no-such-program-beatframe").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(AubioOutput, BeatsAndTempoParse) {
  // As aubio 0.4.9 prints them: a tab after each time.
  absl::StatusOr<std::vector<double>> beats = ParseAubioBeats("1.766848\t\n2.347098\t\n\n");
  ASSERT_TRUE(beats.ok()) << beats.status();
  EXPECT_EQ(*beats, (std::vector<double>{1.766848, 2.347098}));
  EXPECT_TRUE(ParseAubioBeats("").ok());
  EXPECT_EQ(ParseAubioBeats("1.0\nTraceback\n").status().code(),
            absl::StatusCode::kInvalidArgument);

  absl::StatusOr<double> tempo = ParseAubioTempo("100.52 bpm\n");
  ASSERT_TRUE(tempo.ok()) << tempo.status();
  EXPECT_DOUBLE_EQ(*tempo, 100.52);
  EXPECT_EQ(ParseAubioTempo("nothing here\n").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(FormatBeatReport, ListsBothSystemsMeansAndDifference) {
  TrackRun a;
  a.name = "track-a";
  a.duration_s = 30.0;
  a.reference_bpm = 120.0;
  a.ours.ok = true;
  a.ours.scores.f_measure = 1.0;
  a.ours.tempo_bpm = 120.5;
  a.ours.analysis_s = 0.1;
  a.ours.total_s = 0.2;
  SystemRun peer;
  peer.ok = true;
  peer.scores.f_measure = 0.5;
  peer.tempo_bpm = 60.0;
  peer.total_s = 0.5;
  a.peer = peer;

  TrackRun b = a;
  b.name = "track-b";
  b.reference_bpm.reset();
  b.peer->ok = false;
  b.peer->error = "aubio exited with 1";

  const std::vector<TrackRun> tracks = {a, b};
  const std::string report = FormatBeatReport(tracks, "aubio");
  EXPECT_NE(report.find("track-a"), std::string::npos) << report;
  EXPECT_NE(report.find("track-b"), std::string::npos);
  EXPECT_NE(report.find("mean (2 tracks)"), std::string::npos);
  EXPECT_NE(report.find("300.0x"), std::string::npos);  // 30 s / 0.1 s
  EXPECT_NE(report.find("60.0x"), std::string::npos);   // aubio: 30 s / 0.5 s
  // Mean F: ours 1.0, aubio (0.5 + failed 0) / 2 = 0.25.
  EXPECT_NE(report.find("+0.750"), std::string::npos) << report;
  EXPECT_NE(report.find("aubio exited with 1"), std::string::npos);

  // Without a peer there are no peer rows and no difference line.
  std::vector<TrackRun> alone = {a};
  alone[0].peer.reset();
  const std::string solo = FormatBeatReport(alone, "aubio");
  EXPECT_EQ(solo.find("aubio"), std::string::npos) << solo;
}

}  // namespace
}  // namespace beatframe::bench
