// Lyrics files (LRC, SRT) into captions, caption validation, and applying a
// user's title, captions and lyrics file to a plan.
#include "engine/timeline/lyrics.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/timeline/user_text.h"

namespace beatframe {
namespace {

void ExpectInvalidAtLine(const absl::StatusOr<std::vector<Caption>>& result, int line) {
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
  EXPECT_NE(result.status().message().find(absl::StrCat("line ", line, ":")), std::string::npos) << result.status();
}

TEST(ParseLrcTest, LinesEndWhereTheNextBeginsCappedAtSixSeconds) {
  absl::StatusOr<std::vector<Caption>> captions = ParseLrc(
      "[ti:Midnight Drive]\n"
      "[ar:The Night Owls]\n"
      "\n"
      "[00:01.50]First line\n"
      "[00:03.25] Second line  \n"
      "[00:20.00]After a long break\n");
  ASSERT_TRUE(captions.ok()) << captions.status();
  ASSERT_EQ(captions->size(), 3u);
  EXPECT_EQ((*captions)[0].text, "First line");
  EXPECT_DOUBLE_EQ((*captions)[0].start_s, 1.5);
  EXPECT_DOUBLE_EQ((*captions)[0].end_s, 3.25);
  EXPECT_EQ((*captions)[1].text, "Second line");
  EXPECT_DOUBLE_EQ((*captions)[1].end_s, 3.25 + kMaxLrcLineS);
  EXPECT_DOUBLE_EQ((*captions)[2].start_s, 20.0);
  EXPECT_DOUBLE_EQ((*captions)[2].end_s, 26.0);
  EXPECT_EQ((*captions)[0].position, CaptionPosition::kLowerThird);
}

TEST(ParseLrcTest, SeveralStampsOffsetAndStampVariants) {
  absl::StatusOr<std::vector<Caption>> captions = ParseLrc(
      "\xEF\xBB\xBF[offset:+500]\r\n"
      "[00:10.00][00:30.00]Chorus <00:10.50>word <00:11.00>by word\r\n"
      "[00:20]Verse\r\n"
      "[00:25:50]\r\n"            // an empty stamped line ends the verse
      "[01:02.125]\xE5\xA4\x9C\xE3\x81\xAE\xE8\xA1\x97\r\n");  // 夜の街, millisecond stamp
  ASSERT_TRUE(captions.ok()) << captions.status();
  ASSERT_EQ(captions->size(), 4u);
  // +500 ms shows every line half a second sooner.
  EXPECT_DOUBLE_EQ((*captions)[0].start_s, 9.5);
  EXPECT_EQ((*captions)[0].text, "Chorus word by word");
  EXPECT_DOUBLE_EQ((*captions)[0].end_s, 15.5);  // capped: the verse starts at 19.5
  EXPECT_EQ((*captions)[1].text, "Verse");
  EXPECT_DOUBLE_EQ((*captions)[1].start_s, 19.5);
  EXPECT_DOUBLE_EQ((*captions)[1].end_s, 25.0);
  EXPECT_EQ((*captions)[2].text, "Chorus word by word");
  EXPECT_DOUBLE_EQ((*captions)[2].start_s, 29.5);
  EXPECT_DOUBLE_EQ((*captions)[3].start_s, 61.625);
  EXPECT_EQ((*captions)[3].text, "\xE5\xA4\x9C\xE3\x81\xAE\xE8\xA1\x97");
}

TEST(ParseLrcTest, LinesSharingAStampShowTogether) {
  absl::StatusOr<std::vector<Caption>> captions = ParseLrc("[00:05.00]Lead\n[00:05.00]Echo\n[00:07.00]Next\n");
  ASSERT_TRUE(captions.ok());
  ASSERT_EQ(captions->size(), 2u);
  EXPECT_EQ((*captions)[0].text, "Lead\nEcho");
}

TEST(ParseLrcTest, MalformedFilesNameTheLine) {
  ExpectInvalidAtLine(ParseLrc("[00:01.00]ok\n[00:6x.00]bad stamp\n"), 2);
  ExpectInvalidAtLine(ParseLrc("[00:01.00]ok\n\nno stamp here\n"), 3);
  ExpectInvalidAtLine(ParseLrc("[00:61.00]seconds out of range\n"), 1);
  ExpectInvalidAtLine(ParseLrc("[00:01.00 unclosed\n"), 1);
  ExpectInvalidAtLine(ParseLrc("[offset:soon]\n[00:01.00]x\n"), 1);
  ExpectInvalidAtLine(ParseLrc("[00:01.00]ok\n[00:02.00]\xFF\xFE bytes\n"), 2);
  EXPECT_EQ(ParseLrc("[ti:Only tags]\n\n").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseLrc("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ParseSrtTest, CuesWithTwoLinesMarkupAndVariants) {
  absl::StatusOr<std::vector<Caption>> captions = ParseSrt(
      "1\r\n"
      "00:00:01,000 --> 00:00:03,500\r\n"
      "<i>Hello</i> there\r\n"
      "{\\an8}second line\r\n"
      "\r\n"
      "2\n"
      "00:00:04.250 --> 00:00:06.000 X1:10 X2:20\n"
      "one\ntwo\nthree\n"
      "\n\n"
      "00:01:00,000 --> 01:00:00,000\n"  // no cue number: tolerated
      "late\n");
  ASSERT_TRUE(captions.ok()) << captions.status();
  ASSERT_EQ(captions->size(), 3u);
  EXPECT_EQ((*captions)[0].text, "Hello there\nsecond line");
  EXPECT_DOUBLE_EQ((*captions)[0].start_s, 1.0);
  EXPECT_DOUBLE_EQ((*captions)[0].end_s, 3.5);
  EXPECT_EQ((*captions)[1].text, "one\ntwo three");
  EXPECT_DOUBLE_EQ((*captions)[1].start_s, 4.25);
  EXPECT_DOUBLE_EQ((*captions)[2].start_s, 60.0);
  EXPECT_DOUBLE_EQ((*captions)[2].end_s, 3600.0);
}

TEST(ParseSrtTest, MalformedFilesNameTheLine) {
  ExpectInvalidAtLine(ParseSrt("1\n00:00:01,000 -> 00:00:02,000\ntext\n"), 1);
  ExpectInvalidAtLine(ParseSrt("1\n00:00:01,000 --> 00:00:0x,000\ntext\n"), 2);
  ExpectInvalidAtLine(ParseSrt("1\n00:00:05,000 --> 00:00:02,000\nbackwards\n"), 2);
  ExpectInvalidAtLine(ParseSrt("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 --> 00:00:04,000\n\xC3\x28\n"), 7);
  EXPECT_EQ(ParseSrt("\n\n").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ParseSrtTest, ErrorsQuoteOnlyAnExcerptOfTheLine) {
  const absl::Status status = ParseSrt(std::string(100000, 'x')).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_LT(status.message().size(), 300u);
  EXPECT_LT(ParseLrc("[00:1" + std::string(100000, '9') + "]x").status().message().size(), 300u);
}

TEST(ParseLyricsTest, PicksTheFormatByExtension) {
  EXPECT_TRUE(IsLyricsFileName("Song.LRC"));
  EXPECT_TRUE(IsLyricsFileName("a.srt"));
  EXPECT_FALSE(IsLyricsFileName("song.mp3"));
  EXPECT_TRUE(ParseLyrics("x.lrc", "[00:01.00]hi\n").ok());
  EXPECT_TRUE(ParseLyrics("x.srt", "1\n00:00:01,000 --> 00:00:02,000\nhi\n").ok());
  absl::StatusOr<std::vector<Caption>> bad = ParseLyrics("song.lrc", "oops\n");
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("'song.lrc': line 1"), std::string::npos) << bad.status();
  EXPECT_EQ(ParseLyrics("x.txt", "hi").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ValidateCaptionsTest, RejectsBadCaptionsByNumber) {
  EXPECT_TRUE(ValidateCaptions({{"ok", 0.0, 1.0}, {"\xE5\xA4\x9C", 1.0, 2.5}}).ok());
  EXPECT_TRUE(ValidateCaptions({}).ok());
  const absl::Status backwards = ValidateCaptions({{"ok", 0.0, 1.0}, {"back", 3.0, 2.0}});
  EXPECT_EQ(backwards.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(backwards.message().find("caption 2"), std::string::npos);
  EXPECT_EQ(ValidateCaptions({{"  ", 0.0, 1.0}}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateCaptions({{"x", -1.0, 1.0}}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateCaptions({{"\xC3", 0.0, 1.0}}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateCaptions({{std::string(kMaxCaptionBytes + 1, 'a'), 0.0, 1.0}}).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(IsValidUtf8Test, AcceptsUtf8RejectsTheRest) {
  EXPECT_TRUE(IsValidUtf8("plain \xE5\xA4\x9C \xF0\x9F\x8E\xB5"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x8E"));      // truncated
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
}

class ApplyUserTextTest : public testing::Test {
 protected:
  void SetUp() override {
    plan_.title = "From Tags";
    plan_.subtitle = "Tag Artist";
    plan_.duration_s = 30.0;
  }
  RenderPlan plan_;
};

TEST_F(ApplyUserTextTest, TitleOverridesAndCaptionsAreSortedAndCut) {
  ASSERT_TRUE(ApplyUserText("  My Title ", {{"late", 25.0, 40.0}, {"early", 1.0, 2.0}, {"gone", 31.0, 32.0}}, "",
                            MediaTags{}, plan_)
                  .ok());
  EXPECT_EQ(plan_.title, "My Title");
  EXPECT_EQ(plan_.subtitle, "Tag Artist");
  ASSERT_EQ(plan_.captions.size(), 2u);
  EXPECT_EQ(plan_.captions[0].text, "early");
  EXPECT_DOUBLE_EQ(plan_.captions[1].end_s, 30.0);
}

TEST_F(ApplyUserTextTest, EmptyTitleKeepsThePlansAndArtistFillsAMissingSubtitle) {
  ASSERT_TRUE(ApplyUserText("", {}, "", MediaTags{}, plan_).ok());
  EXPECT_EQ(plan_.title, "From Tags");
  plan_.title.clear();
  plan_.subtitle.clear();
  MediaTags tags;
  tags.artist = "Someone";
  ASSERT_TRUE(ApplyUserText("Mine", {}, "", tags, plan_).ok());
  EXPECT_EQ(plan_.subtitle, "Someone");
  EXPECT_EQ(ApplyUserText(std::string(kMaxUserTitleBytes + 1, 'x'), {}, "", tags, plan_).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ApplyUserTextTest, LyricsFileJoinsTheCaptions) {
  const std::string path = testing::TempDir() + "/apply_user_text.lrc";
  std::ofstream(path) << "[00:02.00]sung\n[00:04.00]next\n";
  ASSERT_TRUE(ApplyUserText("", {{"typed", 0.5, 1.5}}, path, MediaTags{}, plan_).ok());
  ASSERT_EQ(plan_.captions.size(), 3u);
  EXPECT_EQ(plan_.captions[0].text, "typed");
  EXPECT_EQ(plan_.captions[1].text, "sung");
  EXPECT_DOUBLE_EQ(plan_.captions[1].end_s, 4.0);
  std::remove(path.c_str());
  EXPECT_EQ(ApplyUserText("", {}, path, MediaTags{}, plan_).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ApplyUserText("", {{"bad", 2.0, 1.0}}, "", MediaTags{}, plan_).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace beatframe
