// Named colour palettes for the styles and the BT.709 limited-range RGB ->
// YUV conversion every drawing call goes through. Colours are picked in
// sRGB (gamma-encoded R'G'B', 0..255) because that is what designers give.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beatframe {

struct Rgb {
  float r = 0.0f;  // 0..255, gamma-encoded
  float g = 0.0f;
  float b = 0.0f;
};

// A colour in the encoder's space: BT.709, limited range (Y 16..235, C 16..240).
// Kept as float so callers can blend and dither before rounding.
struct YuvColor {
  float y = 16.0f;
  float u = 128.0f;
  float v = 128.0f;
};

struct Palette {
  std::string name;
  Rgb background_inner;        // centre of the background gradient
  Rgb background_outer;        // edges; dark but never black (black bands first)
  std::array<Rgb, 4> accents;  // saturated colours cycled on strong beats
  Rgb text;
  Rgb shadow;
};

// The palette called `name` ("neon", "pastel", "dark", "warm", "mono").
// INVALID_ARGUMENT for any other name.
absl::StatusOr<Palette> FindPalette(absl::string_view name);
std::vector<std::string> PaletteNames();

YuvColor RgbToYuv709(const Rgb& rgb);
Rgb Mix(const Rgb& a, const Rgb& b, float t);  // t = 0 -> a, 1 -> b
Rgb Scale(const Rgb& rgb, float factor);

}  // namespace beatframe
