// Drafts to JSON and back, in beatframe's own form and in the remote
// backend's short-key form; imports of hand-written drafts; errors; and the
// time phrases the parser relies on.
#include <gtest/gtest.h>

#include "engine/timeline/draft_edit.h"
#include "engine/timeline/draft_json.h"
#include "engine/timeline/draft_summary.h"
#include "engine/timeline/message_text.h"
#include "engine/timeline/time_phrases.h"
#include "nlohmann/json.hpp"
#include "tests/timeline/draft_test_util.h"

namespace beatframe {
namespace {

// A draft with every kind of track and non-default settings.
Draft FullDraft() {
  Draft draft = draft_testing::MakeDraft();
  for (const DraftEdit& edit : std::vector<DraftEdit>{
           SetAspectEdit{"9:16"}, SetResolutionEdit{720}, SetStyleEdit{"tunnel"}, SetPaletteEdit{"pastel"},
           TrimEdit{30000, 150000}, SetTitleEdit{"城市梦想 Urban Dreams", 0, 3000},
           AddCaptionEdit{"Hello \"world\"", 5000, 9000}, AddCaptionEdit{"夜の街 🎵", 20000, 25500},
           FadeEdit{1500, 2000}, AddBackgroundMusicEdit{"bgm-1", "Lo-fi", 35}, SetVolumeEdit{false, 90, false},
           SetCutRateEdit{CutRate::kTwoBars}, SetIntensityEdit{-1, true}}) {
    absl::StatusOr<EditResult> result = ApplyEdit(draft, edit);
    EXPECT_TRUE(result.ok()) << DebugString(edit) << ": " << result.status();
    if (result.ok()) draft = result->draft;
  }
  return draft;
}

TEST(DraftJsonTest, OwnFormRoundTrips) {
  const Draft draft = FullDraft();
  const std::string json = DraftToJson(draft);
  absl::StatusOr<Draft> back = DraftFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status() << "\n" << json;
  EXPECT_EQ(*back, draft);
  EXPECT_EQ(DraftToJson(*back), json);
  // Readable: named fields, roles and types spelled out.
  const nlohmann::json parsed = nlohmann::json::parse(json);
  EXPECT_EQ(parsed["format"], "beatframe.draft");
  EXPECT_EQ(parsed["settings"]["cut_rate"], "2 bars");
  EXPECT_EQ(parsed["tracks"][0]["type"], "video");
  EXPECT_EQ(parsed["tracks"][1]["segments"][0]["source_in_ms"], 30000);
}

TEST(DraftJsonTest, ShortKeyFormRoundTrips) {
  const Draft draft = FullDraft();
  const std::string json = DraftToShortJson(draft);
  absl::StatusOr<Draft> back = DraftFromShortJson(json);
  ASSERT_TRUE(back.ok()) << back.status() << "\n" << json;
  EXPECT_EQ(*back, draft);
  const nlohmann::json parsed = nlohmann::json::parse(json);
  ASSERT_EQ(parsed["t"].size(), 5u);
  EXPECT_EQ(parsed["t"][0]["tt"], 0);
  EXPECT_EQ(parsed["t"][1]["tt"], 1);
  EXPECT_EQ(parsed["t"][2]["tt"], 1);
  EXPECT_EQ(parsed["t"][3]["tt"], 7);
  EXPECT_EQ(parsed["t"][3]["sg"][0]["d"], 3000);
  EXPECT_EQ(parsed["t"][2]["sg"][0]["m"]["volume"], 35);
}

TEST(DraftJsonTest, FormsConvertIntoEachOther) {
  const Draft draft = FullDraft();
  absl::StatusOr<Draft> via_short = DraftFromShortJson(DraftToShortJson(draft));
  ASSERT_TRUE(via_short.ok());
  absl::StatusOr<Draft> via_own = DraftFromJson(DraftToJson(*via_short, false));
  ASSERT_TRUE(via_own.ok()) << via_own.status();
  EXPECT_EQ(*via_own, draft);
}

TEST(DraftJsonTest, ImportsAShortKeyDraftWrittenPerTheProtocol) {
  // The protocol's example timeline: video, music, BGM at 35%, a 3 s title;
  // no "s" (segments follow one another) and no roles (inferred from tt and order).
  const absl::StatusOr<Draft> draft = DraftFromShortJson(R"({
    "t": [
      {"tt": 0, "sg": [{"d": 10000, "m": {"style": "gradient", "palette": "dark"}}]},
      {"tt": 1, "sg": [{"d": 10000, "m": {"asset_id": "a1", "title": "City Night"}}]},
      {"tt": 1, "sg": [{"d": 10000, "m": {"asset_id": "a2", "title": "Lo-fi", "volume": 35}}]},
      {"tt": 7, "sg": [{"d": 3000, "m": {"text": "Urban Dreams"}}]},
      {"tt": 7, "sg": [{"d": 2000, "m": {"text": "one"}}, {"d": 2000, "m": {"text": "two"}}]}
    ],
    "m": {"aspect": "9:16"}
  })");
  ASSERT_TRUE(draft.ok()) << draft.status();
  EXPECT_EQ(SummarizeDraft(*draft),
            "Timeline (5 tracks): 1. Video: gradient (0-10s) 2. Music: City Night (0-10s, 100%) "
            "3. BGM: Lo-fi (0-10s, 35%) 4. Title: \"Urban Dreams\" (0-3s) "
            "5. Captions: \"one\" (0-2s), \"two\" (2-4s)");
  EXPECT_EQ(draft->music.asset_id, "a1");
  EXPECT_EQ(draft->music.duration_ms, 10000);
  EXPECT_EQ(draft->settings.aspect, "9:16");
  EXPECT_EQ(draft->FindTrack(TrackRole::kCaptions)->segments[1].position, TextPosition::kLowerThird);
}

struct BadJson {
  const char* json;
  const char* mentions;
};

class ShortJsonErrorTest : public ::testing::TestWithParam<BadJson> {};

TEST_P(ShortJsonErrorTest, IsInvalidArgumentNamingThePlace) {
  const absl::StatusOr<Draft> draft = DraftFromShortJson(GetParam().json);
  EXPECT_EQ(draft.status().code(), absl::StatusCode::kInvalidArgument) << GetParam().json;
  EXPECT_NE(draft.status().message().find(GetParam().mentions), std::string::npos) << draft.status();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ShortJsonErrorTest,
    ::testing::Values(
        BadJson{"{\"t\": [", "not valid JSON"}, BadJson{"", "not valid JSON"},
        BadJson{"[1, 2]", "the top level must be an object"}, BadJson{"{}", "t is missing"},
        BadJson{"{\"t\": {}}", "t must be an array"},
        BadJson{R"({"t": [{"tt": 3, "sg": []}]})", "t[0].tt is 3"},
        BadJson{R"({"t": [{"tt": 0}]})", "t[0].sg is missing"},
        BadJson{R"({"t": [{"tt": 0, "sg": [{"d": -5}]}]})", "t[0].sg[0].d must be a positive integer"},
        BadJson{R"({"t": [{"tt": 0, "sg": [{"d": "long"}]}]})", "t[0].sg[0].d must be an integer"},
        BadJson{R"({"t": [{"tt": 0, "sg": [{"d": 1000, "m": {"style": "pulse", "palette": "neon"}}]},
                          {"tt": 1, "sg": [{"d": 1000}]}]})",
                "names no asset"},
        BadJson{R"({"t": [{"tt": 0, "sg": [{"d": 5000, "m": {"style": "glitter", "palette": "neon"}}]},
                          {"tt": 1, "sg": [{"d": 5000, "m": {"asset_id": "a"}}]}]})",
                "style 'glitter'"},
        BadJson{R"({"t": [{"tt": 0, "m": {"role": "music"}, "sg": [{"d": 1000}]}]})", "t[0].tt is 0 but a music track"},
        BadJson{R"({"t": [{"tt": 0, "sg": [{"d": 5000, "m": {"style": "pulse", "palette": "neon"}}]},
                          {"tt": 1, "sg": [{"d": 5000, "m": {"asset_id": "a"}}]},
                          {"tt": 7, "sg": [{"d": 9000, "m": {"text": "late"}}]}]})",
                "after the end of the video"}));

TEST(DraftJsonTest, OwnFormErrorsNameThePlace) {
  const std::string good = DraftToJson(draft_testing::MakeDraft());
  nlohmann::json json = nlohmann::json::parse(good);
  json["tracks"][0]["segments"][0]["duration_ms"] = "ten";
  absl::StatusOr<Draft> draft = DraftFromJson(json.dump());
  EXPECT_EQ(draft.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(draft.status().message().find("tracks[0].segments[0].duration_ms must be an integer"), std::string::npos)
      << draft.status();

  json = nlohmann::json::parse(good);
  json["format"] = "something.else";
  EXPECT_NE(DraftFromJson(json.dump()).status().message().find("format"), std::string::npos);
  json = nlohmann::json::parse(good);
  json["tracks"][1]["role"] = "drums";
  EXPECT_NE(DraftFromJson(json.dump()).status().message().find("tracks[1].role"), std::string::npos);
  json = nlohmann::json::parse(good);
  json["settings"]["cut_rate"] = "often";
  EXPECT_NE(DraftFromJson(json.dump()).status().message().find("settings.cut_rate"), std::string::npos);
  json = nlohmann::json::parse(good);
  json["settings"]["aspect"] = "4:5";
  EXPECT_NE(DraftFromJson(json.dump()).status().message().find("aspect '4:5'"), std::string::npos);
  EXPECT_NE(DraftFromJson("{\"format\": ").status().message().find("line 1"), std::string::npos);
}

TimePhrase PhraseOf(const std::string& text) {
  const std::vector<Token> tokens = Tokenize(text);
  std::vector<bool> used(tokens.size(), false);
  return FindTimePhrase(tokens, used);
}

TEST(TimePhraseTest, ReadsRangesStartsAndLengths) {
  TimePhrase phrase = PhraseOf("from 0:30 to 0:45");
  EXPECT_EQ(phrase.start_ms, 30000);
  EXPECT_EQ(phrase.end_ms, 45000);
  phrase = PhraseOf("between 10 and 20 seconds");
  EXPECT_EQ(phrase.start_ms, 10000);
  EXPECT_EQ(phrase.end_ms, 20000);
  phrase = PhraseOf("for the first 3 seconds");
  EXPECT_EQ(phrase.start_ms, 0);
  EXPECT_EQ(phrase.end_ms, 3000);
  phrase = PhraseOf("the last 15 s");
  EXPECT_TRUE(phrase.from_end);
  EXPECT_EQ(phrase.length_ms, 15000);
  phrase = PhraseOf("at 1:00 for 5 seconds");
  EXPECT_EQ(phrase.start_ms, 60000);
  EXPECT_EQ(phrase.length_ms, 5000);
  phrase = PhraseOf("1 minute 30 seconds");
  EXPECT_EQ(phrase.length_ms, 90000);
  phrase = PhraseOf("1分30秒");
  EXPECT_EQ(phrase.length_ms, 90000);
  phrase = PhraseOf("前三秒");
  EXPECT_EQ(phrase.end_ms, 3000);
  phrase = PhraseOf("第10秒到第20秒");
  EXPECT_EQ(phrase.start_ms, 10000);
  EXPECT_EQ(phrase.end_ms, 20000);
  phrase = PhraseOf("for two seconds");
  EXPECT_EQ(phrase.length_ms, 2000);
}

TEST(TimePhraseTest, RatiosPercentsAndResolutionsAreNoTimes) {
  EXPECT_FALSE(PhraseOf("make it 9:16").found());
  EXPECT_FALSE(PhraseOf("at 30%").found());
  EXPECT_FALSE(PhraseOf("in 720p").found());
  EXPECT_FALSE(PhraseOf("十分平静").found());
  const std::vector<Token> tokens = Tokenize("背景音乐百分之三十");
  std::vector<bool> used(tokens.size(), false);
  EXPECT_EQ(FindPercent(tokens, used), 30);
}

TEST(MessageTextTest, SplitsClausesButKeepsQuotesAndRanges) {
  const std::vector<Clause> clauses =
      SplitMessage("add the title 'Rock, Paper and Scissors' between 10 and 20 seconds, then fade in and out");
  ASSERT_EQ(clauses.size(), 2u);
  ASSERT_EQ(clauses[0].quotes.size(), 1u);
  EXPECT_EQ(clauses[0].quotes[0], "Rock, Paper and Scissors");
  EXPECT_EQ(ChineseNumberValue("二十五"), 25.0);
  EXPECT_EQ(ChineseNumberValue("一百二十"), 120.0);
  EXPECT_EQ(ChineseNumberValue("秒"), -1.0);
}

}  // namespace
}  // namespace beatframe
