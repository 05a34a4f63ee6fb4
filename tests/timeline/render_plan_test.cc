#include "engine/timeline/render_plan.h"

#include <gtest/gtest.h>

namespace beatframe {
namespace {

Analysis Track(double bpm = 120.0, float energy = 0.5f) {
  Analysis analysis;
  analysis.duration_s = 180.0;
  analysis.tempo_bpm = bpm;
  analysis.feature_rate_hz = 30.0;
  analysis.energy.assign(100, energy);
  return analysis;
}

TEST(ParseAspectTest, AcceptsRatiosAndWords) {
  EXPECT_EQ(*ParseAspect("16:9"), Aspect::k16x9);
  EXPECT_EQ(*ParseAspect(""), Aspect::k16x9);
  EXPECT_EQ(*ParseAspect("landscape"), Aspect::k16x9);
  EXPECT_EQ(*ParseAspect("9:16"), Aspect::k9x16);
  EXPECT_EQ(*ParseAspect(" Vertical "), Aspect::k9x16);
  EXPECT_EQ(*ParseAspect("1:1"), Aspect::k1x1);
  EXPECT_EQ(*ParseAspect("square"), Aspect::k1x1);
}

TEST(ParseAspectTest, RejectsUnknownWithInvalidArgument) {
  EXPECT_EQ(ParseAspect("4:3").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseAspect("tall").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ParseAspectTest, NamesRoundTrip) {
  for (Aspect aspect : {Aspect::k16x9, Aspect::k9x16, Aspect::k1x1}) {
    EXPECT_EQ(*ParseAspect(AspectName(aspect)), aspect);
  }
}

struct AspectCase {
  const char* prompt;
  Aspect aspect;
  int width;
  int height;
};

class PlanAspectTest : public ::testing::TestWithParam<AspectCase> {};

TEST_P(PlanAspectTest, PromptWordsPickAspectAndSize) {
  const AspectCase& c = GetParam();
  absl::StatusOr<RenderPlan> plan = PlanRender(c.prompt, "", Track(), MediaTags{});
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->aspect, c.aspect) << c.prompt;
  EXPECT_EQ(plan->width, c.width);
  EXPECT_EQ(plan->height, c.height);
  EXPECT_EQ(plan->fps_num, 30);
  EXPECT_EQ(plan->fps_den, 1);
}

INSTANTIATE_TEST_SUITE_P(Prompts, PlanAspectTest,
                         ::testing::Values(AspectCase{"a chill video", Aspect::k16x9, 1920, 1080},
                                           AspectCase{"vertical, neon", Aspect::k9x16, 1080, 1920},
                                           AspectCase{"for TikTok please", Aspect::k9x16, 1080, 1920},
                                           AspectCase{"instagram reels", Aspect::k9x16, 1080, 1920},
                                           AspectCase{"YouTube Shorts", Aspect::k9x16, 1080, 1920},
                                           AspectCase{"make it 9:16", Aspect::k9x16, 1080, 1920},
                                           AspectCase{"portrait mode", Aspect::k9x16, 1080, 1920},
                                           AspectCase{"square post", Aspect::k1x1, 1080, 1080},
                                           AspectCase{"for instagram", Aspect::k1x1, 1080, 1080},
                                           AspectCase{"1:1 dark", Aspect::k1x1, 1080, 1080},
                                           AspectCase{"16:9 not vertical", Aspect::k16x9, 1920, 1080}));

TEST(PlanRenderTest, OverrideWinsOverPrompt) {
  absl::StatusOr<RenderPlan> plan = PlanRender("vertical tiktok", "1:1", Track(), MediaTags{});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->aspect, Aspect::k1x1);
  EXPECT_EQ(plan->width, 1080);
  EXPECT_EQ(plan->height, 1080);
}

TEST(PlanRenderTest, BadOverrideIsInvalidArgument) {
  EXPECT_EQ(PlanRender("", "21:9", Track(), MediaTags{}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PlanRenderTest, EmptyTrackIsInvalidArgument) {
  Analysis empty;
  EXPECT_EQ(PlanRender("", "", empty, MediaTags{}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PlanRenderTest, TitleFromQuotes) {
  const MediaTags tags{"Tag Title", "Tag Artist", ""};
  EXPECT_EQ(PlanRender("neon video \"Midnight Drive\" vertical", "", Track(), tags)->title, "Midnight Drive");
  EXPECT_EQ(PlanRender("call it 'Don't Stop' ok", "", Track(), tags)->title, "Don't Stop");
  EXPECT_EQ(PlanRender("title \xE2\x80\x9C"
                       "Sommernacht\xE2\x80\x9D please",
                       "", Track(), tags)
                ->title,
            "Sommernacht");
  EXPECT_EQ(PlanRender("\xE2\x80\x98"
                       "Caf\xC3\xA9"
                       "\xE2\x80\x99 in pastel",
                       "", Track(), tags)
                ->title,
            "Caf\xC3\xA9");
}

TEST(PlanRenderTest, TitleFromKeyword) {
  const MediaTags tags{"Tag Title", "Tag Artist", ""};
  EXPECT_EQ(PlanRender("vertical, title Midnight Drive, neon", "", Track(), tags)->title, "Midnight Drive");
  EXPECT_EQ(PlanRender("Title: Blue Hour", "", Track(), tags)->title, "Blue Hour");
  // An apostrophe inside a word is not a quote.
  EXPECT_EQ(PlanRender("don't go dark, titled Night Shift", "", Track(), tags)->title, "Night Shift");
}

TEST(PlanRenderTest, WordsInsideTheTitleDoNotPickStyle) {
  absl::StatusOr<RenderPlan> quoted = PlanRender("\"Dark Side\" in neon", "", Track(), MediaTags{});
  EXPECT_EQ(quoted->title, "Dark Side");
  EXPECT_EQ(quoted->palette, "neon");
  absl::StatusOr<RenderPlan> keyword = PlanRender("title Midnight Vertical, warm", "", Track(), MediaTags{});
  EXPECT_EQ(keyword->title, "Midnight Vertical");
  EXPECT_EQ(keyword->palette, "warm");
  EXPECT_EQ(keyword->aspect, Aspect::k16x9);
}

TEST(PlanRenderTest, TitleFromTagsWithArtistAsSubtitle) {
  absl::StatusOr<RenderPlan> plan = PlanRender("neon", "", Track(), MediaTags{"Song", "Artist", "Album"});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->title, "Song");
  EXPECT_EQ(plan->subtitle, "Artist");
}

TEST(PlanRenderTest, NoTitleWhenAskedOrNothingKnown) {
  EXPECT_EQ(PlanRender("no title, neon", "", Track(), MediaTags{"Song", "Artist", ""})->title, "");
  absl::StatusOr<RenderPlan> plan = PlanRender("neon", "", Track(), MediaTags{});
  EXPECT_EQ(plan->title, "");
  EXPECT_EQ(plan->subtitle, "");
}

TEST(PlanRenderTest, PaletteFromPromptWords) {
  for (const char* name : {"neon", "pastel", "dark", "warm", "mono"}) {
    EXPECT_EQ(PlanRender(std::string("something ") + name + " please", "", Track(), MediaTags{})->palette,
              name);
  }
  EXPECT_EQ(PlanRender("Cyberpunk vibes", "", Track(60.0), MediaTags{})->palette, "neon");
  EXPECT_EQ(PlanRender("sunset mood", "", Track(160.0), MediaTags{})->palette, "warm");
}

TEST(PlanRenderTest, PaletteFromMusicWhenPromptIsSilent) {
  EXPECT_EQ(PlanRender("", "", Track(128.0), MediaTags{})->palette, "neon");
  EXPECT_EQ(PlanRender("", "", Track(70.0), MediaTags{})->palette, "pastel");
  EXPECT_EQ(PlanRender("", "", Track(105.0, 0.7f), MediaTags{})->palette, "warm");
  EXPECT_EQ(PlanRender("", "", Track(105.0, 0.2f), MediaTags{})->palette, "dark");
  EXPECT_EQ(PlanRender("", "", Track(0.0), MediaTags{})->palette, "dark");
}

TEST(PlanRenderTest, DurationStyleAndStableSeed) {
  absl::StatusOr<RenderPlan> a = PlanRender("neon vertical", "", Track(), MediaTags{});
  absl::StatusOr<RenderPlan> b = PlanRender("neon vertical", "", Track(), MediaTags{});
  absl::StatusOr<RenderPlan> c = PlanRender("neon vertical!", "", Track(), MediaTags{});
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_DOUBLE_EQ(a->duration_s, 180.0);
  EXPECT_EQ(a->style, "pulse");
  EXPECT_EQ(a->seed, b->seed);
  EXPECT_NE(a->seed, c->seed);
  // FNV-1a of the empty prompt: pinned so the seed never silently changes.
  EXPECT_EQ(PlanRender("", "", Track(), MediaTags{})->seed, 2166136261u);
}

}  // namespace
}  // namespace beatframe
