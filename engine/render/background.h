// The static part of a style's picture, baked once per palette and size and
// copied into every frame: a radial gradient from the palette's inner to
// outer colour, a few faint clouds of the accents, a vignette, and ordered
// dither plus light noise so H.264 keeps the gradient smooth.
#pragma once

#include <cstdint>

#include "engine/render/frame.h"
#include "engine/render/palette.h"

namespace beatframe {

// Fills `out` (any size) with the background whose gradient centres on
// (center_x, center_y) in luma pixels. `seed` places the clouds.
void BakeBackground(const Palette& palette, float center_x, float center_y, uint32_t seed, YuvFrame& out);

// Copies `background` into `out` (same size expected; strides may differ;
// a size mismatch copies only the overlap).
void CopyFrame(YuvFrame& background, FrameView& out);

}  // namespace beatframe
