// Resampling of colour glyph bitmaps. Colour emoji fonts hold one fixed size
// (Noto Color Emoji: 109 px per em); text is set at any size, so each glyph
// is scaled once, when a line is rasterised, with an area average going down
// (no aliasing) and bilinear going up.
#pragma once

#include <cstdint>

#include "engine/render/color_mask.h"

namespace beatframe {

// `pixels`: premultiplied B,G,R,A rows of `width` pixels, `pitch` bytes apart
// (FreeType's FT_PIXEL_MODE_BGRA). Returns premultiplied RGBA scaled by
// `scale` (> 0) and shifted right/down by `offset_x`/`offset_y` (sub-pixel,
// 0..1), so glyphs keep their fractional pen positions. The result is
// ceil(offset + size * scale) pixels each way.
RgbaImage ScaleBgra(const uint8_t* pixels, int width, int height, int pitch, float scale, float offset_x,
                    float offset_y);

}  // namespace beatframe
