// Captions: line breaking and fitting, timing and fades, placement inside
// each aspect's safe area and clear of the title, and that every style draws
// them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/render/caption_overlay.h"
#include "engine/render/frame.h"
#include "engine/render/style.h"
#include "engine/render/synthetic_analysis.h"
#include "engine/render/text_layout.h"
#include "engine/render/title_overlay.h"
#include "engine/timeline/frame_context.h"
#include "engine/timeline/render_plan.h"

namespace beatframe {
namespace {

constexpr char kNightRun[] = "\u591C\u306E\u8857\u3092\u8D70\u308B";  // 夜の街を走る
constexpr char kMusicFire[] = "\U0001F3B5\U0001F525";                 // 🎵🔥

struct Size {
  int width;
  int height;
};
constexpr Size kAspects[] = {{1920, 1080}, {1080, 1920}, {1080, 1080}};

void FillGrey(FrameView view) {
  for (int p = 0; p < 3; ++p) {
    const int rows = p == 0 ? view.height : (view.height + 1) / 2;
    const int cols = p == 0 ? view.width : (view.width + 1) / 2;
    for (int y = 0; y < rows; ++y) {
      std::fill_n(view.planes[p] + static_cast<size_t>(y) * view.strides[p], cols, p == 0 ? 90 : 128);
    }
  }
}

// Luma pixels that differ between two frames of the same size.
int ChangedPixels(const FrameView& a, const FrameView& b) {
  int changed = 0;
  for (int y = 0; y < a.height; ++y) {
    for (int x = 0; x < a.width; ++x) {
      changed += a.planes[0][static_cast<size_t>(y) * a.strides[0] + x] !=
                 b.planes[0][static_cast<size_t>(y) * b.strides[0] + x];
    }
  }
  return changed;
}

// Bounding box of luma pixels that differ.
PixelRect ChangedBounds(const FrameView& a, const FrameView& b) {
  PixelRect box{a.width, a.height, 0, 0};
  for (int y = 0; y < a.height; ++y) {
    for (int x = 0; x < a.width; ++x) {
      if (a.planes[0][static_cast<size_t>(y) * a.strides[0] + x] ==
          b.planes[0][static_cast<size_t>(y) * b.strides[0] + x]) {
        continue;
      }
      box = {std::min(box.left, x), std::min(box.top, y), std::max(box.right, x + 1), std::max(box.bottom, y + 1)};
    }
  }
  return box;
}

std::unique_ptr<CaptionOverlay> MakeOverlay(std::vector<Caption> captions, Size size = {1920, 1080}) {
  CaptionOptions options;
  options.captions = std::move(captions);
  options.frame_width = size.width;
  options.frame_height = size.height;
  absl::StatusOr<std::unique_ptr<CaptionOverlay>> overlay = CaptionOverlay::Create(options, *FindPalette("neon"));
  EXPECT_TRUE(overlay.ok()) << overlay.status();
  return overlay.ok() ? *std::move(overlay) : nullptr;
}

TEST(LineBreaksTest, SpacesAndBetweenIdeographsButNotBeforeClosingMarks) {
  EXPECT_EQ(LineBreaks("hello big world"), (std::vector<size_t>{6, 10}));
  EXPECT_TRUE(LineBreaks("unbreakable").empty());
  // 夜の街を走る: any boundary between its six characters (3 bytes each).
  EXPECT_EQ(LineBreaks(kNightRun), (std::vector<size_t>{3, 6, 9, 12, 15}));
  // 今日は。明日: never before 。, and the small っ of あっ stays put.
  const std::vector<size_t> breaks = LineBreaks("\u4ECA\u65E5\u306F\u3002\u660E\u65E5");
  EXPECT_EQ(std::count(breaks.begin(), breaks.end(), 9u), 0);
  EXPECT_EQ(LineBreaks("\u3042\u3063").size(), 0u);
}

TEST(FitTextTest, LongTextWrapsToTwoBalancedLines) {
  auto renderer = TextRenderer::Create(TextRenderer::DefaultFontPaths());
  ASSERT_TRUE(renderer.ok());
  absl::StatusOr<FittedText> fitted = FitText(
      **renderer, "We were running through the city lights until the morning came", 54, 1300, 2);
  ASSERT_TRUE(fitted.ok()) << fitted.status();
  ASSERT_EQ(fitted->lines.size(), 2u);
  EXPECT_EQ(fitted->pixel_size, 54);
  const int a = fitted->lines[0].mask.width, b = fitted->lines[1].mask.width;
  EXPECT_LE(std::max(a, b), 1300);
  EXPECT_LT(std::abs(a - b), 250) << fitted->texts[0] << " / " << fitted->texts[1];

  absl::StatusOr<FittedText> cjk =
      FitText(**renderer, std::string(kNightRun) + kNightRun + kNightRun, 54, 700, 2);
  ASSERT_TRUE(cjk.ok()) << cjk.status();
  EXPECT_EQ(cjk->lines.size(), 2u);
  EXPECT_EQ(cjk->pixel_size, 54);

  absl::StatusOr<FittedText> forced = FitText(**renderer, "first\nsecond\nthird", 54, 1000, 2);
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced->texts, (std::vector<std::string>{"first", "second third"}));
}

TEST(CaptionOverlayTest, VisibleOnlyInsideItsTimeRangeWithFades) {
  std::unique_ptr<CaptionOverlay> overlay = MakeOverlay({{"Hello there", 1.0, 2.0}});
  ASSERT_NE(overlay, nullptr);
  ASSERT_EQ(overlay->size(), 1);
  EXPECT_EQ(overlay->Visibility(0, 0.99), 0.0f);
  EXPECT_EQ(overlay->Visibility(0, 1.0), 0.0f);
  EXPECT_NEAR(overlay->Visibility(0, 1.15), 0.5f, 1e-4);
  EXPECT_EQ(overlay->Visibility(0, 1.5), 1.0f);
  EXPECT_NEAR(overlay->Visibility(0, 1.85), 0.5f, 1e-4);
  EXPECT_EQ(overlay->Visibility(0, 2.0), 0.0f);

  YuvFrame base(1920, 1080), frame(1920, 1080);
  FillGrey(base.view());
  for (double t : {0.5, 1.5, 2.5}) {
    FillGrey(frame.view());
    YuvCanvas canvas(frame.view());
    overlay->Draw(t, canvas);
    const int changed = ChangedPixels(base.view(), frame.view());
    if (t == 1.5) {
      EXPECT_GT(changed, 20000) << "at " << t;
    } else {
      EXPECT_EQ(changed, 0) << "at " << t;
    }
  }
}

TEST(CaptionOverlayTest, InsideTheSafeAreaInEveryAspect) {
  const std::string long_text =
      "A caption long enough that it cannot fit on one line in any of the three frame shapes at all";
  for (const Size size : kAspects) {
    SCOPED_TRACE(testing::Message() << size.width << "x" << size.height);
    std::unique_ptr<CaptionOverlay> overlay =
        MakeOverlay({{"Short", 0.0, 1.0},
                     {long_text, 1.0, 2.0},
                     {std::string(kNightRun) + " " + kMusicFire, 2.0, 3.0},
                     {std::string(kNightRun) + kNightRun + kNightRun + kNightRun + kNightRun, 3.0, 4.0},
                     {"Up top", 0.0, 4.0, CaptionPosition::kTop}},
                    size);
    ASSERT_NE(overlay, nullptr);
    ASSERT_EQ(overlay->size(), 5);
    const CaptionLayout layout = CaptionLayoutFor(size.width, size.height);
    const bool portrait = size.height > size.width;
    for (int i = 0; i < overlay->size(); ++i) {
      SCOPED_TRACE(i);
      const PixelRect panel = overlay->panel_bounds(i), ink = overlay->ink_bounds(i);
      EXPECT_LE(overlay->line_count(i), 2);
      EXPECT_GE(panel.left, layout.safe.left);
      EXPECT_LE(panel.right, layout.safe.right);
      EXPECT_GE(panel.top, layout.safe.top);
      EXPECT_LE(panel.bottom, layout.safe.bottom);
      // Text inside its panel.
      EXPECT_GE(ink.left, panel.left);
      EXPECT_LE(ink.right, panel.right);
      EXPECT_GE(ink.top, panel.top);
      EXPECT_LE(ink.bottom, panel.bottom);
      if (portrait) {  // app chrome: top 10% and bottom 20%
        EXPECT_GE(panel.top, 0.10 * size.height);
        EXPECT_LE(panel.bottom, 0.80 * size.height);
      }
    }
    // Kept in start order: Short, Up top, the long one, CJK + emoji, long CJK.
    EXPECT_EQ(overlay->line_count(0), 1);
    EXPECT_EQ(overlay->line_count(2), 2);
    EXPECT_EQ(overlay->line_count(4), 2);
    // Lower-third captions sit low in the frame; top ones above the middle.
    EXPECT_GT(overlay->panel_bounds(0).top, size.height / 2);
    EXPECT_LT(overlay->panel_bounds(1).bottom, size.height / 2);
  }
}

TEST(CaptionOverlayTest, MovesAboveTheTitleWhileItShows) {
  TitleOptions title;
  title.title = "Midnight Drive";
  title.subtitle = "The Night Owls";
  title.band_top = 0.77f * 1080;
  title.band_bottom = 0.93f * 1080;
  title.show_s = 4.0;
  absl::StatusOr<std::unique_ptr<TitleOverlay>> overlay = TitleOverlay::Create(title, *FindPalette("neon"));
  ASSERT_TRUE(overlay.ok());
  ASSERT_TRUE((*overlay)->AddCaptions({{"During the title", 1.0, 3.0}, {"After it", 5.0, 6.0}}, *FindPalette("neon")).ok());
  const CaptionOverlay& captions = *(*overlay)->captions();
  ASSERT_EQ(captions.size(), 2);
  const PixelRect card = (*overlay)->ink_bounds();
  EXPECT_LE(captions.panel_bounds(0).bottom, card.top);
  EXPECT_GT(captions.panel_bounds(1).bottom, card.top);
}

TEST(CaptionOverlayTest, ALaterCaptionReplacesAnOverlappingOne) {
  std::unique_ptr<CaptionOverlay> overlay = MakeOverlay({{"first", 1.0, 5.0}, {"second", 3.0, 4.0}});
  ASSERT_NE(overlay, nullptr);
  ASSERT_EQ(overlay->size(), 2);
  EXPECT_GT(overlay->Visibility(0, 2.5), 0.0f);
  EXPECT_EQ(overlay->Visibility(0, 3.5), 0.0f);
  EXPECT_EQ(overlay->Visibility(1, 3.5), 1.0f);
  // Back to back: quick fades so the lines do not blink out between them.
  EXPECT_GT(overlay->Visibility(0, 2.9), 0.6f);
}

TEST(CaptionOverlayTest, EveryStyleDrawsCaptionsInTime) {
  SyntheticMusic music;
  music.duration_s = 4.0;
  const Analysis analysis = MakeSyntheticAnalysis(music);
  const char* const styles[] = {"pulse", "bars", "waveform", "particles", "tunnel", "gradient"};
  for (const char* name : styles) {
    SCOPED_TRACE(name);
    absl::StatusOr<RenderPlan> plan = PlanRender("neon", "9:16", analysis, MediaTags{});
    ASSERT_TRUE(plan.ok());
    plan->style = name;
    plan->title.clear();
    RenderPlan with = *plan;
    with.captions = {{std::string(kNightRun) + " " + kMusicFire, 1.0, 2.0}};
    auto plain = CreateStyle(*plan);
    auto captioned = CreateStyle(with);
    ASSERT_TRUE(plain.ok() && captioned.ok()) << captioned.status();
    FrameContextBuilder contexts(analysis, plan->fps_num, plan->fps_den);
    YuvFrame a(plan->width, plan->height), b(plan->width, plan->height);
    for (double t : {1.5, 3.0}) {
      const FrameContext context = contexts.At(contexts.FrameNearest(t));
      FrameView va = a.view(), vb = b.view();
      (*plain)->Render(context, va);
      (*captioned)->Render(context, vb);
      const PixelRect changed = ChangedBounds(va, vb);
      if (t == 1.5) {
        ASSERT_FALSE(changed.empty());
        EXPECT_GE(changed.top, 0.10 * plan->height);
        EXPECT_LE(changed.bottom, 0.80 * plan->height);
        EXPECT_GT(changed.top, plan->height / 2);
      } else {
        EXPECT_TRUE(changed.empty()) << "caption still drawn at " << t;
      }
    }
  }
}

}  // namespace
}  // namespace beatframe
