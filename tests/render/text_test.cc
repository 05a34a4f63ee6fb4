#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "engine/render/frame.h"
#include "engine/render/palette.h"
#include "engine/render/text_piece.h"
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

// Ink pixels (coverage over half) of a mask.
int InkCount(const AlphaMask& mask) {
  int count = 0;
  for (uint8_t a : mask.alpha) count += a > 128;
  return count;
}

TEST(TextRendererTest, CjkComesFromTheCjkFontNotTofu) {
  auto renderer = TextRenderer::Create(TextRenderer::DefaultFontPaths());
  ASSERT_TRUE(renderer.ok()) << renderer.status();
  EXPECT_NE((*renderer)->FontPathFor(U'\u591C').find("NotoSansCJK"), std::string::npos);
  EXPECT_NE((*renderer)->FontPathFor(U'A').find("DejaVu"), std::string::npos);
  absl::StatusOr<TextLine> cjk = (*renderer)->RenderLine("\u591C\u306E\u8857\u3092\u8D70\u308B", 48);
  ASSERT_TRUE(cjk.ok()) << cjk.status();
  EXPECT_GT(InkCount(cjk->mask), 6 * 150);  // six dense glyphs
  EXPECT_TRUE(cjk->color.empty());

  // Without fallbacks the same text is the primary font's missing-glyph
  // boxes: six identical outlines, which the real glyphs are not.
  auto primary_only = TextRenderer::Create(TextRenderer::DefaultFontPaths(), {});
  ASSERT_TRUE(primary_only.ok());
  absl::StatusOr<TextLine> tofu = (*primary_only)->RenderLine("\u591C\u306E\u8857\u3092\u8D70\u308B", 48);
  ASSERT_TRUE(tofu.ok()) << tofu.status();
  ASSERT_FALSE(tofu->mask.empty());
  int differing = 0;
  const int w = std::min(cjk->mask.width, tofu->mask.width), h = std::min(cjk->mask.height, tofu->mask.height);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) differing += (cjk->mask.at(x, y) > 128) != (tofu->mask.at(x, y) > 128);
  }
  EXPECT_GT(differing, InkCount(cjk->mask) / 3);
}

TEST(TextRendererTest, MixedScriptsShareOneLine) {
  auto renderer = TextRenderer::Create(TextRenderer::DefaultFontPaths());
  ASSERT_TRUE(renderer.ok());
  absl::StatusOr<TextLine> latin = (*renderer)->RenderLine("Night", 40);
  absl::StatusOr<TextLine> mixed = (*renderer)->RenderLine("Night \u591C \U0001F3B5", 40);
  ASSERT_TRUE(latin.ok() && mixed.ok()) << mixed.status();
  EXPECT_GT(mixed->advance, latin->advance + 2 * 40);
  EXPECT_FALSE(mixed->color.empty());
  EXPECT_EQ(mixed->color.width, mixed->mask.width);
}

TEST(TextRendererTest, EmojiRenderInColour) {
  auto renderer = TextRenderer::Create(TextRenderer::DefaultFontPaths());
  ASSERT_TRUE(renderer.ok());
  absl::StatusOr<TextLine> line = (*renderer)->RenderLine("\U0001F3B5\U0001F525", 64);
  ASSERT_TRUE(line.ok()) << line.status();
  ASSERT_FALSE(line->color.empty());
  // Scaled from the 109 px strike to about the em size.
  EXPECT_GT(line->color.height, 50);
  EXPECT_LT(line->color.height, 90);
  EXPECT_GT(line->advance, 2 * 55);
  int opaque = 0, colourful = 0;
  for (size_t i = 0; i < line->color.rgba.size(); i += 4) {
    const uint8_t* p = &line->color.rgba[i];
    if (p[3] < 200) continue;
    ++opaque;
    colourful += std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]}) > 60;
  }
  EXPECT_GT(opaque, 1000);
  EXPECT_GT(colourful, opaque / 4);
}

TEST(TextRendererTest, VariationSelectorPicksTheEmojiForm) {
  auto renderer = TextRenderer::Create(TextRenderer::DefaultFontPaths());
  ASSERT_TRUE(renderer.ok());
  absl::StatusOr<TextLine> text_form = (*renderer)->RenderLine("\u2764", 40);
  absl::StatusOr<TextLine> emoji_form = (*renderer)->RenderLine("\u2764\uFE0F", 40);
  ASSERT_TRUE(text_form.ok() && emoji_form.ok());
  EXPECT_TRUE(text_form->color.empty());
  EXPECT_FALSE(emoji_form->color.empty());
}

TEST(TextRendererTest, MissingFallbackIsAnErrorOnlyWhenNeeded) {
  const std::vector<FontChoice> missing_cjk = {{"CJK", {"/nonexistent/cjk.ttc"}, "fonts-noto-cjk"}};
  auto renderer = TextRenderer::Create(TextRenderer::DefaultFontPaths(), missing_cjk);
  ASSERT_TRUE(renderer.ok()) << renderer.status();
  EXPECT_TRUE((*renderer)->RenderLine("Hello, world", 30).ok());
  absl::StatusOr<TextLine> cjk = (*renderer)->RenderLine("Hi \u591C", 30);
  ASSERT_EQ(cjk.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(cjk.status().message().find("fonts-noto-cjk"), std::string::npos) << cjk.status();
  EXPECT_NE(cjk.status().message().find("U+591C"), std::string::npos) << cjk.status();
}

TEST(TextPieceTest, EmojiBlendInColourOverGrey) {
  auto renderer = TextRenderer::Create(TextRenderer::DefaultFontPaths());
  ASSERT_TRUE(renderer.ok());
  absl::StatusOr<TextLine> line = (*renderer)->RenderLine("\U0001F3B5\U0001F525", 64);
  ASSERT_TRUE(line.ok());
  YuvFrame frame(320, 160);
  FrameView view = frame.view();
  for (int p = 0; p < 3; ++p) {
    const int rows = p == 0 ? view.height : (view.height + 1) / 2;
    for (int y = 0; y < rows; ++y) {
      std::fill_n(view.planes[p] + static_cast<size_t>(y) * view.strides[p], p == 0 ? view.width : view.width / 2,
                  p == 0 ? 120 : 128);
    }
  }
  const TextPiece piece = MakeTextPiece(*std::move(line), 20, 40, {});
  YuvCanvas canvas(view);
  DrawTextPiece(piece, Yuv8{235, 128, 128}, 256, Yuv8{16, 128, 128}, 256, canvas);
  // Inside the glyph box the chroma planes move well away from neutral grey.
  int tinted = 0, total = 0;
  for (int y = piece.ink.top / 2; y < piece.ink.bottom / 2; ++y) {
    for (int x = piece.ink.left / 2; x < piece.ink.right / 2; ++x, ++total) {
      const int u = view.planes[1][static_cast<size_t>(y) * view.strides[1] + x];
      const int v = view.planes[2][static_cast<size_t>(y) * view.strides[2] + x];
      tinted += std::abs(u - 128) + std::abs(v - 128) > 24;
    }
  }
  EXPECT_GT(total, 0);
  EXPECT_GT(tinted, total / 5) << tinted << " of " << total;
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

TEST(TitleOverlayTest, CjkAndEmojiTitlesWrapInsideTheSafeArea) {
  auto overlay = TitleOverlay::Create(
      PortraitTitle("\u591C\u306E\u8857\u3092\u8D70\u308B\u541B\u3068\u50D5\u306E\u6B4C \U0001F3B5\U0001F525"),
      *FindPalette("neon"));
  ASSERT_TRUE(overlay.ok()) << overlay.status();
  ExpectInsidePortraitSafeArea((*overlay)->ink_bounds());
  EXPECT_GE((*overlay)->title_pixel_size(), 0.05 * 1920);  // wrapped between characters, not shrunk
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
