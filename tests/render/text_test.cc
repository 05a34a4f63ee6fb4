#include <gtest/gtest.h>

#include "engine/render/palette.h"
#include "engine/render/text_renderer.h"
#include "engine/render/title_overlay.h"

namespace beatframe {
namespace {

TEST(TextRendererTest, RendersALineWithInk) {
  absl::StatusOr<std::unique_ptr<TextRenderer>> renderer =
      TextRenderer::Create(TextRenderer::DefaultFontPaths());
  ASSERT_TRUE(renderer.ok()) << renderer.status();
  absl::StatusOr<TextLine> line = (*renderer)->RenderLine("Hello", 40);
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_GT(line->mask.width, 60);
  EXPECT_LT(line->mask.width, 200);
  // Cap height of DejaVu is ~0.73 em; "Hello" has no descender.
  EXPECT_GT(line->mask.height, 25);
  EXPECT_LE(line->mask.height, 40);
  EXPECT_NEAR(line->baseline, line->mask.height, 2);
  int solid = 0;
  for (uint8_t a : line->mask.alpha) solid += a == 255;
  EXPECT_GT(solid, 100);
  EXPECT_EQ(line->mask.half_width, (line->mask.width + 1) / 2);
}

TEST(TextRendererTest, ShapesUtf8AndBlankLines) {
  auto renderer = TextRenderer::Create(TextRenderer::DefaultFontPaths());
  ASSERT_TRUE(renderer.ok());
  EXPECT_GT((*renderer)->RenderLine("Caf\xC3\xA9 \xC3\x9C", 30)->mask.width, 0);
  EXPECT_TRUE((*renderer)->RenderLine("   ", 30)->mask.empty());
  EXPECT_TRUE((*renderer)->RenderLine("", 30)->mask.empty());
  EXPECT_EQ((*renderer)->RenderLine("x", 0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TextRendererTest, FallsBackAndReportsMissingFonts) {
  auto fallback =
      TextRenderer::Create({"/nonexistent/font.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"});
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ((*fallback)->font_path(), "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  EXPECT_EQ(TextRenderer::Create({"/nonexistent/a.ttf"}).status().code(), absl::StatusCode::kNotFound);
}

TitleOptions PortraitTitle(const std::string& title) {
  TitleOptions options;
  options.title = title;
  options.subtitle = "Someone";
  options.frame_width = 1080;
  options.frame_height = 1920;
  options.band_top = 0.66f * 1920;
  options.band_bottom = 0.79f * 1920;
  return options;
}

void ExpectInsidePortraitSafeArea(const PixelRect& ink) {
  EXPECT_GE(ink.left, static_cast<int>(0.06 * 1080));
  EXPECT_LE(ink.right, static_cast<int>(0.94 * 1080) + 1);
  EXPECT_GE(ink.top, static_cast<int>(0.1 * 1920));
  EXPECT_LE(ink.bottom, static_cast<int>(0.79 * 1920) + 1);
}

TEST(TitleOverlayTest, TitlesTooWideForOneLineWrapAtFullSize) {
  auto overlay = TitleOverlay::Create(PortraitTitle("Midnight Drive Home Again"), *FindPalette("neon"));
  ASSERT_TRUE(overlay.ok()) << overlay.status();
  ExpectInsidePortraitSafeArea((*overlay)->ink_bounds());
  // Wrapped rather than shrunk: still at least 5% of the frame height, and
  // two lines tall.
  EXPECT_GE((*overlay)->title_pixel_size(), 0.05 * 1920);
  EXPECT_GT((*overlay)->ink_bounds().bottom - (*overlay)->ink_bounds().top, 2 * 96);
}

TEST(TitleOverlayTest, VeryLongTitlesShrinkToStayInside) {
  auto overlay = TitleOverlay::Create(PortraitTitle("A Rather Long Song Title That Needs Two Lines Or More"),
                                      *FindPalette("neon"));
  ASSERT_TRUE(overlay.ok()) << overlay.status();
  ExpectInsidePortraitSafeArea((*overlay)->ink_bounds());
  EXPECT_LT((*overlay)->title_pixel_size(), 96);
  EXPECT_GT((*overlay)->title_pixel_size(), 30);
}

TEST(TitleOverlayTest, FadesInAndOut) {
  TitleOptions options;
  options.title = "Hi";
  options.show_s = 4.0;
  auto overlay = TitleOverlay::Create(options, *FindPalette("dark"));
  ASSERT_TRUE(overlay.ok());
  EXPECT_FLOAT_EQ((*overlay)->Visibility(0.0), 0.0f);
  EXPECT_NEAR((*overlay)->Visibility(0.2), 0.5f, 1e-5);
  EXPECT_FLOAT_EQ((*overlay)->Visibility(2.0), 1.0f);
  EXPECT_NEAR((*overlay)->Visibility(3.8), 0.5f, 1e-5);
  EXPECT_FLOAT_EQ((*overlay)->Visibility(4.5), 0.0f);
}

}  // namespace
}  // namespace beatframe
