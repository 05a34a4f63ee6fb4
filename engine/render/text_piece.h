// One line of text placed in the frame and cached for blending every frame:
// its glyph mask, its colour glyphs (emoji) and, optionally, a soft shadow.
// Titles and captions are made of these.
#pragma once

#include <cmath>

#include "engine/render/alpha_mask.h"
#include "engine/render/color_mask.h"
#include "engine/render/text_renderer.h"
#include "engine/render/yuv_canvas.h"

namespace beatframe {

struct PixelRect {
  int left = 0, top = 0, right = 0, bottom = 0;  // right/bottom exclusive
  bool empty() const { return right <= left || bottom <= top; }
};
// The smallest rect holding both (an empty one adds nothing).
PixelRect Union(const PixelRect& a, const PixelRect& b);

// A drop shadow: the ink blurred over `blur` px (0: no shadow), moved by
// (dx, dy) and boosted so the blur does not thin it out.
struct ShadowSpec {
  int blur = 0;
  int dx = 0;
  int dy = 0;
};

struct TextPiece {
  AlphaMask text;  // drawn in the text colour
  int x = 0, y = 0;
  ColorMask color;  // cropped to the colour glyphs' ink
  int color_x = 0, color_y = 0;
  AlphaMask shadow;  // empty without a shadow
  int shadow_x = 0, shadow_y = 0;
  PixelRect ink;  // of text and colour, shadow excluded
};

// Places `line` with its box's top-left at (x, y); positions are made even
// so the half-resolution chroma lines up.
TextPiece MakeTextPiece(TextLine line, int x, int y, const ShadowSpec& shadow);

// Blends the shadow, the text and the colour glyphs; alphas are 0..256 (the
// colour glyphs take `text_alpha`).
void DrawTextPiece(const TextPiece& piece, Yuv8 text_color, int text_alpha, Yuv8 shadow_color, int shadow_alpha,
                   YuvCanvas& canvas);

// Rounds down to an even number (for luma positions that chroma must share).
inline int EvenFloor(float value) { return static_cast<int>(std::floor(value / 2.0f)) * 2; }

}  // namespace beatframe
