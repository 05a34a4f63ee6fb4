// The timeline summary of the draft JSON, and the GUI-phrase classifier and
// sentence splitter the session uses.
#include "service/remote/timeline_summary.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/remote/gui_phrases.h"

namespace beatframe::remote {
namespace {

using ::testing::ElementsAre;

TEST(TimelineSummaryTest, TheProtocolPagesExample) {
  const Json draft = Json::parse(R"({"t":[
      {"tt":0,"sg":[{"d":10000,"m":{"name":"city timelapse"}}]},
      {"tt":1,"sg":[{"d":10000,"m":{"name":"Lo-fi","volume":0.35}}]},
      {"tt":7,"sg":[{"d":3000,"m":{"text":"Urban Dreams"}}]}]})");
  absl::StatusOr<std::string> summary = SummarizeTimeline(draft);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(*summary,
            "Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) "
            "3. Title: \"Urban Dreams\" (0-3s)");
  // The same draft as a JSON string (as some answers carry it).
  EXPECT_EQ(SummarizeTimeline(Json(draft.dump())).value(), *summary);
}

TEST(TimelineSummaryTest, SegmentsFollowEachOtherOrUseTheirStart) {
  const Json draft = Json::parse(R"({"t":[
      {"tt":0,"sg":[{"d":4500,"m":{"src":"/media/a.mp4"}},{"d":5500,"m":{"title":"b"}}]},
      {"tt":1,"sg":[{"s":2000,"d":8000,"m":{"name":"Song","vol":80}}]},
      {"tt":7,"sg":[]},
      {"tt":3,"sg":[{"d":1000}]}]})");
  EXPECT_EQ(SummarizeTimeline(draft).value(),
            "Timeline (4 tracks): 1. Video: a.mp4 (0-4.5s), b (4.5-10s) 2. BGM: Song (2-10s, 80%) "
            "3. Title: empty 4. Track: untitled (0-1s)");
}

TEST(TimelineSummaryTest, EmptyAndMalformedDrafts) {
  EXPECT_EQ(SummarizeTimeline(Json::parse(R"({"t":[]})")).value(), "Timeline (0 tracks)");
  EXPECT_EQ(SummarizeTimeline(Json::parse(R"({"t":[{"tt":0}]})")).value(), "Timeline (1 track): 1. Video: empty");
  EXPECT_EQ(SummarizeTimeline(Json()).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SummarizeTimeline(Json::parse(R"({"t":{"tt":0}})")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SummarizeTimeline(Json("not json")).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TimelineSummaryTest, SecondsKeepOneDecimalAtMost) {
  EXPECT_EQ(FormatSeconds(10000), "10");
  EXPECT_EQ(FormatSeconds(1500), "1.5");
  EXPECT_EQ(FormatSeconds(3333), "3.3");
  EXPECT_EQ(FormatSeconds(0), "0");
}

TEST(GuiPhrasesTest, ClassifiesTheServicesGuiInstructions) {
  EXPECT_EQ(ClassifySentence("Click the Export button to download it."), GuiAction::kExport);
  EXPECT_EQ(ClassifySentence("Hit Export when you're happy!"), GuiAction::kExport);
  EXPECT_EQ(ClassifySentence("Open the Media panel to see your clips."), GuiAction::kOpenPanel);
  EXPECT_EQ(ClassifySentence("You can preview in timeline now."), GuiAction::kPreview);
  EXPECT_EQ(ClassifySentence("Drag the clip onto track 2."), GuiAction::kSendAsMessage);
  EXPECT_EQ(ClassifySentence("Click Apply to keep the filter."), GuiAction::kSendAsMessage);
  EXPECT_EQ(ClassifySentence("I added a title and lowered the music to 35%."), GuiAction::kNone);
  EXPECT_EQ(ClassifySentence("The export will be 1080x1920."), GuiAction::kNone);
}

TEST(GuiPhrasesTest, SplitterCutsSentencesAcrossPiecesAndKeepsEveryByte) {
  SentenceSplitter splitter;
  std::vector<std::string> out;
  for (const char* piece : {"Trimmed to 3.", "5 s. Added", " a title!", "\nNext?", " 日本語。ok"}) {
    for (std::string& s : splitter.Add(piece)) out.push_back(std::move(s));
  }
  out.push_back(splitter.Flush());
  EXPECT_THAT(out, ElementsAre("Trimmed to 3.5 s. ", "Added a title!\n", "Next? ", "日本語。", "ok"));
}

}  // namespace
}  // namespace beatframe::remote
