// The draft model: creation, validation, the summary, edits and their
// errors, and the render settings taken from a draft.
#include <gtest/gtest.h>

#include "engine/timeline/draft.h"
#include "engine/timeline/draft_edit.h"
#include "engine/timeline/draft_render.h"
#include "engine/timeline/draft_summary.h"
#include "tests/timeline/draft_test_util.h"

namespace beatframe {
namespace {

using draft_testing::MakeDraft;

Draft Apply(const Draft& draft, const DraftEdit& edit) {
  absl::StatusOr<EditResult> result = ApplyEdit(draft, edit);
  EXPECT_TRUE(result.ok()) << DebugString(edit) << ": " << result.status();
  return result.ok() ? result->draft : draft;
}

absl::StatusCode CodeOf(const Draft& draft, const DraftEdit& edit) { return ApplyEdit(draft, edit).status().code(); }

TEST(NewDraftTest, PlaysTheWholeTrackUnderOneVisualsSegment) {
  const Draft draft = MakeDraft();
  ASSERT_EQ(draft.tracks.size(), 2u);
  EXPECT_EQ(draft.tracks[0].type(), TrackType::kVideo);
  EXPECT_EQ(draft.tracks[1].type(), TrackType::kAudio);
  EXPECT_EQ(draft.duration_ms(), 180000);
  EXPECT_EQ(draft.trim_start_ms(), 0);
  EXPECT_EQ(draft.trim_end_ms(), 180000);
  EXPECT_TRUE(ValidateDraft(draft).ok());
}

TEST(NewDraftTest, RefusesBadInput) {
  NewDraftParams params{"a1", "t", "", 180000, "pulse", "neon", "16:9"};
  params.asset_id = "";
  EXPECT_EQ(NewDraft(params).status().code(), absl::StatusCode::kInvalidArgument);
  params = {"a1", "t", "", 500, "pulse", "neon", "16:9"};
  EXPECT_EQ(NewDraft(params).status().code(), absl::StatusCode::kInvalidArgument);
  params = {"a1", "t", "", 180000, "sparkles", "neon", "16:9"};
  EXPECT_EQ(NewDraft(params).status().code(), absl::StatusCode::kInvalidArgument);
  params = {"a1", "t", "", 180000, "pulse", "neon", "4:5"};
  EXPECT_EQ(NewDraft(params).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ValidateDraftTest, NamesTheBrokenPart) {
  Draft draft = Apply(MakeDraft(), SetTitleEdit{"Urban Dreams", 0, 3000});
  draft.tracks[2].segments[0].duration_ms = 200000;
  const absl::Status status = ValidateDraft(draft);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("track 3 (title): segment 1"), std::string::npos) << status;
}

TEST(SummaryTest, HasExactlyTheIssuesForm) {
  const Draft draft = Apply(MakeDraft(), SetTitleEdit{"Urban Dreams", 0, 3000});
  EXPECT_EQ(SummarizeDraft(draft),
            "Timeline (3 tracks): 1. Video: pulse (0-180s) 2. Music: Neon City (0-180s, 100%) "
            "3. Title: \"Urban Dreams\" (0-3s)");
}

TEST(SummaryTest, ShowsTrimBackgroundMusicCaptionsAndFades) {
  Draft draft = Apply(MakeDraft(), SetTitleEdit{"Urban Dreams", 0, 3000});
  draft = Apply(draft, TrimEdit{60000, 90000});
  draft = Apply(draft, AddBackgroundMusicEdit{"bgm-1", "Lo-fi", 35});
  draft = Apply(draft, AddCaptionEdit{"Hi", 5000, 8500});
  draft = Apply(draft, FadeEdit{2000, 1500});
  EXPECT_EQ(SummarizeDraft(draft),
            "Timeline (5 tracks): 1. Video: pulse (0-30s) 2. Music: Neon City (0-30s, 100%, from 1:00-1:30, "
            "fade in 2s, fade out 1.5s) 3. BGM: Lo-fi (0-30s, 35%) 4. Title: \"Urban Dreams\" (0-3s) "
            "5. Captions: \"Hi\" (5-8.5s)");
  EXPECT_EQ(SummarizeDraft(MakeDraft()).substr(0, 20), "Timeline (2 tracks):");
}

TEST(SummaryTest, TimeTexts) {
  EXPECT_EQ(SecondsText(3000), "3");
  EXPECT_EQ(SecondsText(2500), "2.5");
  EXPECT_EQ(SecondsText(1250), "1.25");
  EXPECT_EQ(ClockText(90000), "1:30");
  EXPECT_EQ(ClockText(5500), "0:05.5");
}

TEST(ApplyEditTest, SaysWhatChangedInTheMessagesLanguage) {
  absl::StatusOr<EditResult> english = ApplyEdit(MakeDraft(), SetAspectEdit{"9:16"});
  ASSERT_TRUE(english.ok());
  EXPECT_EQ(english->draft.settings.aspect, "9:16");
  EXPECT_EQ(english->change, "Aspect is now 9:16 (vertical, 1080x1920).");
  absl::StatusOr<EditResult> chinese = ApplyEdit(MakeDraft(), SetAspectEdit{"9:16"}, ReplyLanguage::kChinese);
  ASSERT_TRUE(chinese.ok());
  EXPECT_NE(chinese->change.find("竖屏"), std::string::npos) << chinese->change;
}

TEST(ApplyEditTest, SameValueIsNoChange) {
  absl::StatusOr<EditResult> result = ApplyEdit(MakeDraft(), SetAspectEdit{"16:9"});
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->changed);
  EXPECT_EQ(result->draft, MakeDraft());
}

TEST(ApplyEditTest, UnsupportedValuesSayWhatWorks) {
  const absl::StatusOr<EditResult> four_five = ApplyEdit(MakeDraft(), SetAspectEdit{"4:5"});
  EXPECT_EQ(four_five.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(four_five.status().message().find("closest to 4:5 is 1:1"), std::string::npos) << four_five.status();
  EXPECT_EQ(CodeOf(MakeDraft(), SetResolutionEdit{2160}), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(MakeDraft(), SetStyleEdit{"sparkles"}), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(MakeDraft(), SetPaletteEdit{"purple"}), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(MakeDraft(), SetVolumeEdit{false, 500, false}), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(MakeDraft(), SetIntensityEdit{5, false}), absl::StatusCode::kInvalidArgument);
}

TEST(ApplyEditTest, TrimPastTheEndIsOutOfRange) {
  const absl::StatusOr<EditResult> result = ApplyEdit(MakeDraft(), TrimEdit{150000, 210000});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(result.status().message().find("only 3:00 long"), std::string::npos) << result.status();
  EXPECT_EQ(CodeOf(MakeDraft(), TrimEdit{200000, std::nullopt}), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(CodeOf(MakeDraft(), TrimEdit{10000, 10500}), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(MakeDraft(), TrimEdit{-1, 10000}), absl::StatusCode::kInvalidArgument);
}

TEST(ApplyEditTest, MissingPrerequisitesAreFailedPrecondition) {
  EXPECT_EQ(CodeOf(MakeDraft(), AddBackgroundMusicEdit{"", "", 30}), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(MakeDraft(), SetVolumeEdit{true, 20, false}), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(MakeDraft(), SetTitleEdit{std::nullopt, 0, 3000}), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(MakeDraft(), UndoEdit{}), absl::StatusCode::kFailedPrecondition);
  const absl::StatusOr<EditResult> result = ApplyEdit(MakeDraft(), AddBackgroundMusicEdit{"", "", 30});
  EXPECT_NE(result.status().message().find("upload"), std::string::npos) << result.status();
}

TEST(ApplyEditTest, TextRangesAreChecked) {
  EXPECT_EQ(CodeOf(MakeDraft(), SetTitleEdit{"X", 5000, 3000}), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(MakeDraft(), AddCaptionEdit{"Hi", 190000, 195000}), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(CodeOf(MakeDraft(), AddCaptionEdit{"  ", 0, 1000}), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(MakeDraft(), AddCaptionEdit{"\xFF\xFE", 0, 1000}), absl::StatusCode::kInvalidArgument);
  // An end past the video is cut to it.
  const Draft draft = Apply(MakeDraft(), SetTitleEdit{"X", 170000, 200000});
  EXPECT_EQ(draft.FindTrack(TrackRole::kTitle)->segments[0].end_ms(), 180000);
}

TEST(ApplyEditTest, TrimKeepsCaptionsOnTheirWordsAndTheTitleAtTheStart) {
  Draft draft = Apply(MakeDraft(), SetTitleEdit{"Urban Dreams", 0, 4000});
  draft = Apply(draft, AddCaptionEdit{"early", 10000, 12000});
  draft = Apply(draft, AddCaptionEdit{"chorus line", 70000, 75000});
  const absl::StatusOr<EditResult> result = ApplyEdit(draft, TrimEdit{60000, 90000});
  ASSERT_TRUE(result.ok()) << result.status();
  const Track* captions = result->draft.FindTrack(TrackRole::kCaptions);
  ASSERT_NE(captions, nullptr);
  ASSERT_EQ(captions->segments.size(), 1u);
  EXPECT_EQ(captions->segments[0].text, "chorus line");
  EXPECT_EQ(captions->segments[0].start_ms, 10000);
  EXPECT_EQ(result->draft.FindTrack(TrackRole::kTitle)->segments[0].start_ms, 0);
  EXPECT_EQ(result->draft.duration_ms(), 30000);
  EXPECT_NE(result->change.find("1 caption(s) outside it were removed"), std::string::npos) << result->change;
  // Back to the whole track: the caption returns to its place in the song.
  const Draft whole = Apply(result->draft, TrimEdit{0, std::nullopt});
  EXPECT_EQ(whole.FindTrack(TrackRole::kCaptions)->segments[0].start_ms, 70000);
  EXPECT_EQ(whole.FindTrack(TrackRole::kVisuals)->segments[0].duration_ms, 180000);
}

TEST(ApplyEditTest, FadesMustFit) {
  const Draft trimmed = Apply(MakeDraft(), TrimEdit{0, 5000});
  EXPECT_EQ(CodeOf(trimmed, FadeEdit{3000, 3000}), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(CodeOf(trimmed, FadeEdit{-1, std::nullopt}), absl::StatusCode::kInvalidArgument);
  const Draft faded = Apply(trimmed, FadeEdit{2000, std::nullopt});
  EXPECT_EQ(faded.FindTrack(TrackRole::kMusic)->segments[0].fade_in_ms, 2000);
  EXPECT_EQ(faded.FindTrack(TrackRole::kMusic)->segments[0].fade_out_ms, 0);
}

TEST(ApplyEditTest, IntensityStaysInRange) {
  Draft draft = MakeDraft();
  draft = Apply(draft, SetIntensityEdit{-1, true});
  draft = Apply(draft, SetIntensityEdit{-1, true});
  absl::StatusOr<EditResult> again = ApplyEdit(draft, SetIntensityEdit{-1, true});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->changed);
  EXPECT_EQ(again->draft.settings.intensity, kMinIntensity);
  EXPECT_NE(again->change.find("as calm as it goes"), std::string::npos) << again->change;
}

TEST(ApplyEditTest, CaptionsAreRemovedByTextTimeOrAll) {
  Draft draft = Apply(MakeDraft(), AddCaptionEdit{"one", 1000, 2000});
  draft = Apply(draft, AddCaptionEdit{"two", 3000, 4000});
  draft = Apply(draft, AddCaptionEdit{"three", 5000, 6000});
  draft = Apply(draft, RemoveCaptionEdit{"TWO", std::nullopt});
  EXPECT_EQ(draft.FindTrack(TrackRole::kCaptions)->segments.size(), 2u);
  draft = Apply(draft, RemoveCaptionEdit{std::nullopt, 5500});
  EXPECT_EQ(draft.FindTrack(TrackRole::kCaptions)->segments.size(), 1u);
  draft = Apply(draft, RemoveCaptionEdit{});
  EXPECT_EQ(draft.FindTrack(TrackRole::kCaptions), nullptr);
}

TEST(RenderSettingsTest, CarryEverythingTheRendererNeeds) {
  Draft draft = Apply(MakeDraft(), SetAspectEdit{"9:16"});
  draft = Apply(draft, SetResolutionEdit{720});
  draft = Apply(draft, SetStyleEdit{"particles"});
  draft = Apply(draft, SetPaletteEdit{"warm"});
  draft = Apply(draft, TrimEdit{60000, 90000});
  draft = Apply(draft, SetTitleEdit{"Urban Dreams", 0, 3000});
  draft = Apply(draft, AddCaptionEdit{"Hello", 5000, 7000});
  draft = Apply(draft, FadeEdit{1000, 2000});
  draft = Apply(draft, SetVolumeEdit{false, 80, false});
  draft = Apply(draft, AddBackgroundMusicEdit{"bgm-1", "Lo-fi", 25});
  draft = Apply(draft, SetCutRateEdit{CutRate::kBar});
  draft = Apply(draft, SetIntensityEdit{1, true});
  absl::StatusOr<DraftRenderSettings> settings = RenderSettingsForDraft(draft);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->aspect, "9:16");
  EXPECT_EQ(settings->width, 720);
  EXPECT_EQ(settings->height, 1280);
  EXPECT_EQ(settings->style, "particles");
  EXPECT_EQ(settings->palette, "warm");
  EXPECT_EQ(settings->title, "Urban Dreams");
  EXPECT_DOUBLE_EQ(settings->title_start_s, 0.0);
  EXPECT_DOUBLE_EQ(settings->title_end_s, 3.0);
  ASSERT_EQ(settings->captions.size(), 1u);
  EXPECT_DOUBLE_EQ(settings->captions[0].start_s, 5.0);
  EXPECT_DOUBLE_EQ(settings->trim_start_s, 60.0);
  EXPECT_DOUBLE_EQ(settings->trim_end_s, 90.0);
  EXPECT_DOUBLE_EQ(settings->duration_s, 30.0);
  EXPECT_DOUBLE_EQ(settings->fade_in_s, 1.0);
  EXPECT_DOUBLE_EQ(settings->fade_out_s, 2.0);
  EXPECT_DOUBLE_EQ(settings->audio_fade_out_s, 2.0);
  EXPECT_EQ(settings->music_volume_percent, 80);
  EXPECT_EQ(settings->music_asset_id, "music-1");
  EXPECT_EQ(settings->background_asset_id, "bgm-1");
  EXPECT_EQ(settings->background_volume_percent, 25);
  EXPECT_EQ(settings->cut_rate, CutRate::kBar);
  EXPECT_EQ(settings->intensity, 1);
}

TEST(RenderSettingsTest, FrameSizes) {
  int width = 0, height = 0;
  FrameSize("16:9", 1080, &width, &height);
  EXPECT_EQ(width, 1920);
  EXPECT_EQ(height, 1080);
  FrameSize("16:9", 720, &width, &height);
  EXPECT_EQ(width, 1280);
  FrameSize("1:1", 720, &width, &height);
  EXPECT_EQ(width, 720);
  EXPECT_EQ(height, 720);
}

TEST(RenderSettingsTest, RefusesAnInvalidDraft) {
  Draft draft = MakeDraft();
  draft.settings.resolution = 480;
  EXPECT_EQ(RenderSettingsForDraft(draft).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace beatframe
