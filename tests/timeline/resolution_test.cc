// The 720p preview mode in the plan: frame sizes per aspect and resolution,
// the override string, and the prompt words that ask for a preview.
#include <gtest/gtest.h>

#include "engine/timeline/render_plan.h"

namespace beatframe {
namespace {

Analysis Track() {
  Analysis analysis;
  analysis.duration_s = 60.0;
  analysis.tempo_bpm = 120.0;
  analysis.feature_rate_hz = 30.0;
  analysis.energy.assign(100, 0.5f);
  return analysis;
}

TEST(ParseResolutionTest, AcceptsSizesAndEmpty) {
  EXPECT_EQ(*ParseResolution(""), Resolution::kAuto);
  EXPECT_EQ(*ParseResolution("1080p"), Resolution::k1080p);
  EXPECT_EQ(*ParseResolution(" 720P "), Resolution::k720p);
  EXPECT_EQ(*ParseResolution("720"), Resolution::k720p);
  EXPECT_EQ(ParseResolution("4k").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseResolution("480p").status().code(), absl::StatusCode::kInvalidArgument);
}

struct SizeCase {
  const char* aspect;
  const char* resolution;
  int width;
  int height;
};

class PlanSizeTest : public ::testing::TestWithParam<SizeCase> {};

TEST_P(PlanSizeTest, AspectTimesResolutionGivesTheFrameSize) {
  const SizeCase& c = GetParam();
  absl::StatusOr<RenderPlan> plan = PlanRender("neon bars", c.aspect, Track(), MediaTags{}, c.resolution);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->width, c.width) << c.aspect << " " << c.resolution;
  EXPECT_EQ(plan->height, c.height) << c.aspect << " " << c.resolution;
  // Everything else about the plan is the same at either size.
  absl::StatusOr<RenderPlan> full = PlanRender("neon bars", c.aspect, Track(), MediaTags{}, "1080p");
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(plan->style, full->style);
  EXPECT_EQ(plan->palette, full->palette);
  EXPECT_EQ(plan->seed, full->seed);
  EXPECT_EQ(plan->fps_num, full->fps_num);
}

INSTANTIATE_TEST_SUITE_P(Sizes, PlanSizeTest,
                         ::testing::Values(SizeCase{"16:9", "1080p", 1920, 1080}, SizeCase{"9:16", "1080p", 1080, 1920},
                                           SizeCase{"1:1", "1080p", 1080, 1080}, SizeCase{"16:9", "720p", 1280, 720},
                                           SizeCase{"9:16", "720p", 720, 1280}, SizeCase{"1:1", "720p", 720, 720},
                                           SizeCase{"16:9", "", 1920, 1080}));

TEST(PlanResolutionTest, PromptWordsAskForAPreview) {
  struct Case {
    const char* prompt;
    int width;
    int height;
  };
  for (const Case& c : {Case{"a quick preview please", 1280, 720}, Case{"draft, vertical", 720, 1280},
                        Case{"square 720p", 720, 720}, Case{"neon 1080p", 1920, 1080},
                        // An explicit size wins over "preview" wherever it stands.
                        Case{"preview in 1080p", 1920, 1080}, Case{"calm gradient", 1920, 1080}}) {
    absl::StatusOr<RenderPlan> plan = PlanRender(c.prompt, "", Track(), MediaTags{});
    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_EQ(plan->width, c.width) << c.prompt;
    EXPECT_EQ(plan->height, c.height) << c.prompt;
  }
}

TEST(PlanResolutionTest, OverrideWinsOverThePromptAndBadOnesAreRefused) {
  absl::StatusOr<RenderPlan> plan = PlanRender("preview", "", Track(), MediaTags{}, "1080p");
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->width, 1920);
  plan = PlanRender("1080p", "9:16", Track(), MediaTags{}, "720p");
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->width, 720);
  EXPECT_EQ(plan->height, 1280);
  EXPECT_EQ(PlanRender("", "", Track(), MediaTags{}, "8k").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PlanResolutionTest, WordsInTheTitleDoNotPickTheSize) {
  absl::StatusOr<RenderPlan> plan = PlanRender("title 'Sneak Preview', neon", "", Track(), MediaTags{});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->title, "Sneak Preview");
  EXPECT_EQ(plan->width, 1920);
}

}  // namespace
}  // namespace beatframe
