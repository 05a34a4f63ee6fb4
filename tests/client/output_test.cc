// What the CLI prints: the analyze JSON (a fixed shape scripts rely on), the
// human analyze report, the render summary and failure hints.
#include <algorithm>
#include <cmath>
#include <string>

#include "absl/status/status.h"
#include "client/cli.h"
#include "client/display.h"
#include "client/json_output.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace beatframe::client {
namespace {

namespace v1 = beatframe::v1;

v1::AnalyzeResponse MakeResponse(int beats) {
  v1::AnalyzeResponse response;
  response.set_tempo_bpm(120.0);
  response.set_duration_s(30.0);
  for (int i = 0; i < beats; ++i) response.add_beat_times_s(0.5 * (i + 1));
  return response;
}

TEST(WithContextTest, PrefixesWhatWasBeingDoneAndKeepsTheCode) {
  const absl::Status status = WithContext(absl::NotFoundError("no such file"), "upload 'a.mp3'");
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "upload 'a.mp3': no such file");
}

TEST(JsonNumberTest, ShortestRoundTripWithDecimalPoint) {
  EXPECT_EQ(JsonNumber(120.0), "120.0");
  EXPECT_EQ(JsonNumber(0.5), "0.5");
  EXPECT_EQ(JsonNumber(0.1), "0.1");
  EXPECT_EQ(JsonNumber(-2.0), "-2.0");
  EXPECT_EQ(JsonNumber(1e-7), "1e-07");
  EXPECT_EQ(JsonNumber(119.99999999999), "119.99999999999");
  EXPECT_EQ(JsonNumber(NAN), "null");
  EXPECT_EQ(JsonNumber(INFINITY), "null");
}

void AddSection(v1::AnalyzeResponse& response, double start_s, double end_s, const std::string& label) {
  v1::Section* section = response.add_sections();
  section->set_start_s(start_s);
  section->set_end_s(end_s);
  section->set_label(label);
}

TEST(FormatAnalyzeJsonTest, ExactShape) {
  v1::AnalyzeResponse response = MakeResponse(3);
  response.add_downbeat_times_s(0.5);
  response.set_time_signature(4);
  AddSection(response, 0.0, 12.5, "intro");
  AddSection(response, 12.5, 30.0, "chorus");
  response.set_loudness_lufs(-14.25);
  v1::TempoPoint* point = response.add_tempo_curve();
  point->set_time_s(0.5);
  point->set_bpm(120.0);
  EXPECT_EQ(FormatAnalyzeJson(response),
            R"({"tempo_bpm": 120.0, "duration_s": 30.0, "beats": [0.5, 1.0, 1.5], "downbeats": [0.5], )"
            R"("time_signature": 4, "sections": [{"start_s": 0.0, "end_s": 12.5, "label": "intro"}, )"
            R"({"start_s": 12.5, "end_s": 30.0, "label": "chorus"}], "loudness_lufs": -14.25, )"
            R"("tempo_curve": [{"time_s": 0.5, "bpm": 120.0}]})");
}

TEST(FormatAnalyzeJsonTest, EveryKeyPresentWhenEmpty) {
  v1::AnalyzeResponse response = MakeResponse(0);
  response.set_tempo_bpm(0);
  response.set_loudness_lufs(-70.0);
  EXPECT_EQ(FormatAnalyzeJson(response),
            R"({"tempo_bpm": 0.0, "duration_s": 30.0, "beats": [], "downbeats": [], "time_signature": 0, )"
            R"("sections": [], "loudness_lufs": -70.0, "tempo_curve": []})");
}

TEST(JsonStringTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(JsonString("verse"), R"("verse")");
  EXPECT_EQ(JsonString("a\"b\\c\nd\x01"), R"("a\"b\\c\nd\u0001")");
}

TEST(FormatAnalyzeJsonTest, ParsesBackToTheSameValues) {
  v1::AnalyzeResponse response = MakeResponse(60);
  response.set_tempo_bpm(123.456789012345);
  response.set_beat_times_s(7, 4.123456789);
  response.add_downbeat_times_s(0.5);
  response.add_downbeat_times_s(2.5);
  nlohmann::json json = nlohmann::json::parse(FormatAnalyzeJson(response));
  EXPECT_EQ(json["tempo_bpm"].get<double>(), response.tempo_bpm());
  EXPECT_EQ(json["duration_s"].get<double>(), 30.0);
  ASSERT_EQ(json["beats"].size(), 60u);
  for (int i = 0; i < 60; ++i) EXPECT_EQ(json["beats"][i].get<double>(), response.beat_times_s(i));
  ASSERT_EQ(json["downbeats"].size(), 2u);
  EXPECT_EQ(json["time_signature"].get<int>(), 0);
  EXPECT_TRUE(json["sections"].is_array());
  EXPECT_TRUE(json["tempo_curve"].is_array());
  EXPECT_EQ(json.size(), 8u);
}

TEST(FormatAnalyzeJsonTest, SectionsParseBack) {
  v1::AnalyzeResponse response = MakeResponse(4);
  response.set_time_signature(3);
  AddSection(response, 0.0, 10.0, "verse");
  AddSection(response, 10.0, 30.0, "chorus");
  response.set_loudness_lufs(-23.0);
  nlohmann::json json = nlohmann::json::parse(FormatAnalyzeJson(response));
  EXPECT_EQ(json["time_signature"].get<int>(), 3);
  ASSERT_EQ(json["sections"].size(), 2u);
  EXPECT_EQ(json["sections"][1]["start_s"].get<double>(), 10.0);
  EXPECT_EQ(json["sections"][1]["end_s"].get<double>(), 30.0);
  EXPECT_EQ(json["sections"][1]["label"].get<std::string>(), "chorus");
  EXPECT_EQ(json["loudness_lufs"].get<double>(), -23.0);
}

TEST(FormatAnalyzeTextTest, HeadlineThenBeatsEightPerLine) {
  const std::string text = FormatAnalyzeText(MakeResponse(60));
  EXPECT_EQ(text.substr(0, text.find('\n')), "Tempo: 120.0 BPM, duration 30.00 s, 60 beats");
  EXPECT_NE(text.find("Beats (s):\n   0.500    1.000    1.500"), std::string::npos) << text;
  // Headline, loudness, title, then 60 / 8 rounded up lines of times.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3 + 8);
  EXPECT_EQ(text.find("Downbeats"), std::string::npos);
}

TEST(FormatAnalyzeTextTest, MeterLoudnessAndSections) {
  v1::AnalyzeResponse response = MakeResponse(0);
  response.set_time_signature(3);
  response.set_loudness_lufs(-14.04);
  AddSection(response, 0.0, 12.5, "intro");
  AddSection(response, 12.5, 30.0, "chorus");
  EXPECT_EQ(FormatAnalyzeText(response),
            "Tempo: 120.0 BPM, duration 30.00 s, 0 beats\n"
            "Meter: 3/4, loudness -14.0 LUFS\n"
            "Sections:\n"
            "    0.00 -    12.50 s  intro\n"
            "   12.50 -    30.00 s  chorus\n");
}

TEST(FormatAnalyzeTextTest, NoPulse) {
  v1::AnalyzeResponse response;
  response.set_duration_s(4.5);
  response.set_loudness_lufs(-70.0);
  EXPECT_EQ(FormatAnalyzeText(response),
            "Tempo: none (no steady pulse), duration 4.50 s, 0 beats\nLoudness: -70.0 LUFS\n");
}

TEST(FormatRenderSummaryTest, ListsWhatThePersonGot) {
  v1::RenderResult result;
  result.set_duration_s(5.0);
  result.set_width(1080);
  result.set_height(1920);
  result.set_size_bytes(2400000);
  result.set_fps_num(30);
  result.set_fps_den(1);
  result.set_tempo_bpm(120.0);
  result.set_beat_count(10);
  result.set_style("neon");
  result.set_palette("sunset");
  EXPECT_EQ(FormatRenderSummary("out.mp4", result),
            "Wrote out.mp4\n"
            "  duration  5.00 s\n"
            "  size      2.4 MB\n"
            "  frame     1080x1920, 30 fps\n"
            "  tempo     120.0 BPM, 10 beats\n"
            "  style     neon, palette sunset\n");
}

TEST(StageTest, NamesAndProgressState) {
  v1::JobProgress progress;
  progress.set_stage(v1::JOB_STAGE_RENDERING);
  progress.set_fraction(0.63);
  progress.set_frames_done(1980);
  progress.set_frames_total(3150);
  progress.set_eta_s(12);
  EXPECT_EQ(FormatProgressLine(ToProgressState(progress)),
            "[rendering ████████░░░░  63%  1980/3150 frames  ETA 0:12]");
  EXPECT_EQ(StageName(v1::JOB_STAGE_ANALYSING), "analysing");
  EXPECT_EQ(StageName(v1::JOB_STAGE_UNSPECIFIED), "working");
}

TEST(FailureMessageTest, UnavailableGetsAHintWithTheAddress) {
  EXPECT_EQ(FailureMessage(absl::UnavailableError("connection refused"), "127.0.0.1:9"),
            "connection refused\nbeatframe: is beatframed running at 127.0.0.1:9? "
            "Start it, or pass --server HOST:PORT");
  EXPECT_EQ(FailureMessage(absl::InvalidArgumentError("unsupported file type"), "h:1"),
            "unsupported file type");
  EXPECT_EQ(FailureMessage(absl::Status(absl::StatusCode::kInternal, ""), "h:1"), "INTERNAL");
}

}  // namespace
}  // namespace beatframe::client
