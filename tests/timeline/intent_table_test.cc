// Intent routing and edit parsing on a table of English and Chinese
// messages: each row gives the message, the intent and the exact edits.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "engine/timeline/intent_router.h"
#include "tests/timeline/draft_test_util.h"

namespace beatframe {
namespace {

struct Row {
  const char* message;
  Intent intent;
  std::vector<DraftEdit> edits;
};

std::ostream& operator<<(std::ostream& os, const Row& row) { return os << row.message; }

SetTitleEdit Title(std::optional<std::string> text, std::optional<int64_t> start = std::nullopt,
                   std::optional<int64_t> end = std::nullopt) {
  return SetTitleEdit{std::move(text), start, end};
}
AddCaptionEdit Caption(std::string text, int64_t start, std::optional<int64_t> end) {
  return AddCaptionEdit{std::move(text), start, end};
}
TrimEdit Trim(int64_t start, std::optional<int64_t> end) { return TrimEdit{start, end}; }
SetVolumeEdit Volume(int percent, bool relative = false) { return SetVolumeEdit{false, percent, relative}; }
SetIntensityEdit Intensity(int delta) { return SetIntensityEdit{delta, true}; }
AddBackgroundMusicEdit Background(int percent) { return AddBackgroundMusicEdit{"bgm-1", "Lo-fi", percent}; }

const std::vector<Row>& EnglishRows() {
  static const auto* const kRows = new std::vector<Row>{
      // Aspect and platform.
      {"make it vertical", Intent::kEdit, {SetAspectEdit{"9:16"}}},
      {"9:16 please", Intent::kEdit, {SetAspectEdit{"9:16"}}},
      {"for TikTok", Intent::kEdit, {SetAspectEdit{"9:16"}}},
      {"I want it for Instagram Reels", Intent::kEdit, {SetAspectEdit{"9:16"}}},
      {"YouTube Shorts version", Intent::kEdit, {SetAspectEdit{"9:16"}}},
      {"make it square", Intent::kEdit, {SetAspectEdit{"1:1"}}},
      {"1:1", Intent::kEdit, {SetAspectEdit{"1:1"}}},
      {"back to 16:9 for YouTube", Intent::kEdit, {SetAspectEdit{"16:9"}}},
      {"landscape", Intent::kEdit, {SetAspectEdit{"16:9"}}},
      {"make it 4:5", Intent::kEdit, {SetAspectEdit{"4:5"}}},
      // Resolution.
      {"render in 720p", Intent::kEdit, {SetResolutionEdit{720}}},
      {"1080p please", Intent::kEdit, {SetResolutionEdit{1080}}},
      {"can I get 4K?", Intent::kEdit, {SetResolutionEdit{2160}}},
      // Style and palette.
      {"use the particles style", Intent::kEdit, {SetStyleEdit{"particles"}}},
      {"switch to bars", Intent::kEdit, {SetStyleEdit{"bars"}}},
      {"make it a tunnel", Intent::kEdit, {SetStyleEdit{"tunnel"}}},
      {"waveform", Intent::kEdit, {SetStyleEdit{"waveform"}}},
      {"neon colors", Intent::kEdit, {SetPaletteEdit{"neon"}}},
      {"warm palette", Intent::kEdit, {SetPaletteEdit{"warm"}}},
      {"black and white", Intent::kEdit, {SetPaletteEdit{"mono"}}},
      {"a calmer, darker look", Intent::kEdit, {Intensity(-1), SetPaletteEdit{"dark"}}},
      {"neon particles", Intent::kEdit, {SetStyleEdit{"particles"}, SetPaletteEdit{"neon"}}},
      // Title.
      {"add the title 'Urban Dreams' for the first 3 seconds", Intent::kEdit, {Title("Urban Dreams", 0, 3000)}},
      {"add the title \"Midnight Drive\"", Intent::kEdit, {Title("Midnight Drive")}},
      {"change the title to 'Night Ride'", Intent::kEdit, {Title("Night Ride")}},
      {"title: Summer Nights", Intent::kEdit, {Title("Summer Nights")}},
      {"add the title Midnight Drive for 4 seconds", Intent::kEdit, {Title("Midnight Drive", 0, 4000)}},
      {"make the title last 5 seconds", Intent::kEdit, {Title(std::nullopt, 0, 5000)}},
      {"show the title from 0:05 to 0:10", Intent::kEdit, {Title(std::nullopt, 5000, 10000)}},
      {"title Urban Dreams, 3 seconds", Intent::kEdit, {Title("Urban Dreams", 0, 3000)}},
      {"remove the title", Intent::kEdit, {RemoveTitleEdit{}}},
      {"no title", Intent::kEdit, {RemoveTitleEdit{}}},
      {"add the title 'Export Dreams'", Intent::kEdit, {Title("Export Dreams")}},
      // Captions.
      {"add the caption 'Hello world' from 0:30 to 0:45", Intent::kEdit, {Caption("Hello world", 30000, 45000)}},
      {"add a subtitle 'Drop!' at 1:00 for 5 seconds", Intent::kEdit, {Caption("Drop!", 60000, 65000)}},
      {"caption 'la la la' between 10 and 20 seconds", Intent::kEdit, {Caption("la la la", 10000, 20000)}},
      {"add captions 'one' at 0:10 for 2 seconds and 'two' at 0:20 for 2 seconds",
       Intent::kEdit,
       {Caption("one", 10000, 12000), Caption("two", 20000, 22000)}},
      {"add a caption \"Here we go\" at 0:12", Intent::kEdit, {Caption("Here we go", 12000, 16000)}},
      {"remove all captions", Intent::kEdit, {RemoveCaptionEdit{}}},
      {"delete the caption 'Hello world'", Intent::kEdit, {RemoveCaptionEdit{"Hello world", std::nullopt}}},
      // Trim.
      {"only the first 30 seconds", Intent::kEdit, {Trim(0, 30000)}},
      {"just use 1:00 to 1:30", Intent::kEdit, {Trim(60000, 90000)}},
      {"from 1:00 to 1:30", Intent::kEdit, {Trim(60000, 90000)}},
      {"only the chorus", Intent::kEdit, {Trim(45000, 75000)}},
      {"just the second chorus", Intent::kEdit, {Trim(105000, 135000)}},
      {"only the last 20 seconds", Intent::kEdit, {Trim(160000, std::nullopt)}},
      {"make it 45 seconds long", Intent::kEdit, {Trim(0, 45000)}},
      {"use the whole song again", Intent::kEdit, {Trim(0, std::nullopt)}},
      // Fades.
      {"fade in", Intent::kEdit, {FadeEdit{2000, std::nullopt}}},
      {"fade out over 3 seconds", Intent::kEdit, {FadeEdit{std::nullopt, 3000}}},
      {"fade in and out 1.5 seconds", Intent::kEdit, {FadeEdit{1500, 1500}}},
      {"no fades", Intent::kEdit, {FadeEdit{0, 0}}},
      // Background music and volume.
      {"add background music at 30%", Intent::kEdit, {Background(30)}},
      {"add the second track as background music at 20%", Intent::kEdit, {Background(20)}},
      {"background music volume 10 percent", Intent::kEdit, {Background(10)}},
      {"remove the background music", Intent::kEdit, {RemoveBackgroundMusicEdit{}}},
      {"music volume 80%", Intent::kEdit, {Volume(80)}},
      {"make the music quieter", Intent::kEdit, {Volume(-15, true)}},
      {"louder", Intent::kEdit, {Volume(15, true)}},
      // Cut rate.
      {"cut on every beat", Intent::kEdit, {SetCutRateEdit{CutRate::kBeat}}},
      {"change visuals every bar", Intent::kEdit, {SetCutRateEdit{CutRate::kBar}}},
      {"switch every 2 bars", Intent::kEdit, {SetCutRateEdit{CutRate::kTwoBars}}},
      {"change on section changes", Intent::kEdit, {SetCutRateEdit{CutRate::kSection}}},
      // Intensity.
      {"calmer", Intent::kEdit, {Intensity(-1)}},
      {"much calmer please", Intent::kEdit, {Intensity(-2)}},
      {"more energetic", Intent::kEdit, {Intensity(1)}},
      {"less intense", Intent::kEdit, {Intensity(-1)}},
      // Several edits in one message.
      {"make it vertical, add the title 'Urban Dreams' for 3 seconds",
       Intent::kEdit,
       {SetAspectEdit{"9:16"}, Title("Urban Dreams", 0, 3000)}},
      {"vertical neon particles, 720p",
       Intent::kEdit,
       {SetAspectEdit{"9:16"}, SetStyleEdit{"particles"}, SetPaletteEdit{"neon"}, SetResolutionEdit{720}}},
      {"square and calmer and fade out 2 seconds",
       Intent::kEdit,
       {SetAspectEdit{"1:1"}, Intensity(-1), FadeEdit{std::nullopt, 2000}}},
      {"on every beat, more energetic", Intent::kEdit, {SetCutRateEdit{CutRate::kBeat}, Intensity(1)}},
      // Commands.
      {"export", Intent::kExport, {}},
      {"download the video", Intent::kExport, {}},
      {"export it in 720p", Intent::kExport, {SetResolutionEdit{720}}},
      {"how many credits do I have?", Intent::kCredits, {}},
      {"what's my balance", Intent::kCredits, {}},
      {"status", Intent::kStatus, {}},
      {"show tracks", Intent::kStatus, {}},
      {"show me the timeline", Intent::kStatus, {}},
      {"undo", Intent::kUndo, {}},
      {"undo that last change", Intent::kUndo, {}},
      {"help", Intent::kHelp, {}},
      {"make it purple", Intent::kHelp, {}},
      {"hello there", Intent::kHelp, {}},
      {"render it again", Intent::kGenerate, {}},
  };
  return *kRows;
}

const std::vector<Row>& ChineseRows() {
  static const auto* const kRows = new std::vector<Row>{
      {"改成竖屏", Intent::kEdit, {SetAspectEdit{"9:16"}}},
      {"横屏", Intent::kEdit, {SetAspectEdit{"16:9"}}},
      {"方形", Intent::kEdit, {SetAspectEdit{"1:1"}}},
      {"发抖音用的", Intent::kEdit, {SetAspectEdit{"9:16"}}},
      {"分辨率改成720p", Intent::kEdit, {SetResolutionEdit{720}}},
      {"换成粒子风格", Intent::kEdit, {SetStyleEdit{"particles"}}},
      {"霓虹配色", Intent::kEdit, {SetPaletteEdit{"neon"}}},
      {"霓虹粒子", Intent::kEdit, {SetStyleEdit{"particles"}, SetPaletteEdit{"neon"}}},
      {"加标题“城市梦想”前3秒", Intent::kEdit, {Title("城市梦想", 0, 3000)}},
      {"标题改成《夜行》", Intent::kEdit, {Title("夜行")}},
      {"标题改成城市之光", Intent::kEdit, {Title("城市之光")}},
      {"去掉标题", Intent::kEdit, {RemoveTitleEdit{}}},
      {"加字幕“你好”从0:30到0:45", Intent::kEdit, {Caption("你好", 30000, 45000)}},
      {"删除所有字幕", Intent::kEdit, {RemoveCaptionEdit{}}},
      {"只要前30秒", Intent::kEdit, {Trim(0, 30000)}},
      {"前三十秒", Intent::kEdit, {Trim(0, 30000)}},
      {"截取1:00到1:30", Intent::kEdit, {Trim(60000, 90000)}},
      {"只要副歌", Intent::kEdit, {Trim(45000, 75000)}},
      {"淡入2秒", Intent::kEdit, {FadeEdit{2000, std::nullopt}}},
      {"淡入淡出", Intent::kEdit, {FadeEdit{2000, 2000}}},
      {"最后10秒淡出", Intent::kEdit, {FadeEdit{std::nullopt, 10000}}},
      {"加背景音乐30%", Intent::kEdit, {Background(30)}},
      {"音乐小声一点", Intent::kEdit, {Volume(-15, true)}},
      {"每拍切换画面", Intent::kEdit, {SetCutRateEdit{CutRate::kBeat}}},
      {"每小节换一次", Intent::kEdit, {SetCutRateEdit{CutRate::kBar}}},
      {"平静一点", Intent::kEdit, {Intensity(-1)}},
      {"更有活力", Intent::kEdit, {Intensity(1)}},
      {"改成竖屏，加标题“城市梦想”前3秒", Intent::kEdit, {SetAspectEdit{"9:16"}, Title("城市梦想", 0, 3000)}},
      {"导出", Intent::kExport, {}},
      {"下载视频", Intent::kExport, {}},
      {"我还有多少积分", Intent::kCredits, {}},
      {"余额", Intent::kCredits, {}},
      {"状态", Intent::kStatus, {}},
      {"撤销", Intent::kUndo, {}},
      {"变成紫色", Intent::kHelp, {}},
  };
  return *kRows;
}

void ExpectRow(const Row& row, ReplyLanguage language) {
  const RoutedMessage routed = RouteMessage(row.message, draft_testing::MakeContext());
  EXPECT_EQ(IntentName(routed.intent), std::string(IntentName(row.intent))) << row.message;
  EXPECT_EQ(routed.edits, row.edits) << row.message;
  EXPECT_EQ(routed.language, language) << row.message;
}

class EnglishTableTest : public ::testing::TestWithParam<Row> {};
TEST_P(EnglishTableTest, RoutesAndParses) { ExpectRow(GetParam(), ReplyLanguage::kEnglish); }
INSTANTIATE_TEST_SUITE_P(Messages, EnglishTableTest, ::testing::ValuesIn(EnglishRows()));

class ChineseTableTest : public ::testing::TestWithParam<Row> {};
TEST_P(ChineseTableTest, RoutesAndParses) { ExpectRow(GetParam(), ReplyLanguage::kChinese); }
INSTANTIATE_TEST_SUITE_P(Messages, ChineseTableTest, ::testing::ValuesIn(ChineseRows()));

TEST(IntentTableTest, IsLargeEnough) {
  EXPECT_GE(EnglishRows().size(), 60u);
  EXPECT_GE(ChineseRows().size(), 20u);
}

TEST(IntentRouterTest, WithoutADraftEverythingElseGenerates) {
  ParseContext context;  // no draft yet
  RoutedMessage routed = RouteMessage("a vertical neon video", context);
  EXPECT_EQ(routed.intent, Intent::kGenerate);
  EXPECT_EQ(routed.edits, (std::vector<DraftEdit>{SetAspectEdit{"9:16"}, SetPaletteEdit{"neon"}}));
  EXPECT_EQ(RouteMessage("something for my song", context).intent, Intent::kGenerate);
  EXPECT_EQ(RouteMessage("积分", context).intent, Intent::kCredits);
}

TEST(IntentRouterTest, ReportsWhatItCouldNotRead) {
  const RoutedMessage routed = RouteMessage("make it vertical and purple", draft_testing::MakeContext());
  EXPECT_EQ(routed.edits, (std::vector<DraftEdit>{SetAspectEdit{"9:16"}}));
  ASSERT_EQ(routed.unrecognized.size(), 1u);
  EXPECT_EQ(routed.unrecognized[0], "purple");
}

TEST(IntentRouterTest, ChorusWithoutSectionsIsAProblemNotAGuess) {
  ParseContext context = draft_testing::MakeContext();
  context.sections.clear();
  const RoutedMessage routed = RouteMessage("only the chorus", context);
  EXPECT_TRUE(routed.edits.empty());
  ASSERT_EQ(routed.problems.size(), 1u);
  EXPECT_NE(routed.problems[0].find("chorus"), std::string::npos);
}

TEST(IntentRouterTest, BackgroundVolumeWhenThereIsOne) {
  ParseContext context = draft_testing::MakeContext();
  context.has_background_music = true;
  EXPECT_EQ(RouteMessage("background music to 15%", context).edits,
            (std::vector<DraftEdit>{SetVolumeEdit{true, 15, false}}));
  EXPECT_EQ(RouteMessage("turn the background music down", context).edits,
            (std::vector<DraftEdit>{SetVolumeEdit{true, -15, true}}));
}

TEST(IntentRouterTest, TitleLengthKeepsAnExistingTitlesStart) {
  ParseContext context = draft_testing::MakeContext();
  context.has_title = true;
  context.title_start_ms = 2000;
  EXPECT_EQ(RouteMessage("the title for 5 seconds", context).edits,
            (std::vector<DraftEdit>{SetTitleEdit{std::nullopt, 2000, 7000}}));
}

}  // namespace
}  // namespace beatframe
