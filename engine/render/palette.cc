#include "engine/render/palette.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace beatframe {
namespace {

// Backgrounds stay around Y 25..45: dark enough for the accents to glow, far
// enough from black that H.264 does not turn the gradient into bands.
const std::array<Palette, 5>& AllPalettes() {
  static const std::array<Palette, 5> kPalettes = {{
      {"neon",
       {46, 20, 84},
       {14, 10, 34},
       {{{255, 46, 166}, {0, 224, 255}, {160, 90, 255}, {40, 255, 170}}},
       {255, 255, 255},
       {6, 2, 16}},
      {"pastel",
       {58, 42, 92},
       {22, 18, 42},
       {{{255, 170, 200}, {160, 212, 255}, {204, 184, 255}, {170, 238, 212}}},
       {255, 250, 252},
       {14, 10, 24}},
      {"dark",
       {30, 40, 62},
       {10, 13, 22},
       {{{60, 130, 255}, {0, 206, 196}, {146, 96, 255}, {210, 228, 255}}},
       {236, 242, 255},
       {2, 4, 8}},
      {"warm",
       {70, 26, 24},
       {24, 9, 12},
       {{{255, 138, 36}, {255, 64, 84}, {255, 200, 64}, {255, 96, 160}}},
       {255, 246, 236},
       {14, 4, 4}},
      {"mono",
       {44, 44, 50},
       {14, 14, 17},
       {{{236, 236, 240}, {170, 172, 184}, {255, 255, 255}, {130, 132, 144}}},
       {255, 255, 255},
       {4, 4, 6}},
  }};
  return kPalettes;
}

}  // namespace

absl::StatusOr<Palette> FindPalette(absl::string_view name) {
  for (const Palette& palette : AllPalettes()) {
    if (palette.name == name) return palette;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown palette '", name, "': expected one of ", absl::StrJoin(PaletteNames(), ", ")));
}

std::vector<std::string> PaletteNames() {
  std::vector<std::string> names;
  for (const Palette& palette : AllPalettes()) names.push_back(palette.name);
  return names;
}

YuvColor RgbToYuv709(const Rgb& rgb) {
  constexpr float kKr = 0.2126f;
  constexpr float kKb = 0.0722f;
  const float r = std::clamp(rgb.r, 0.0f, 255.0f) / 255.0f;
  const float g = std::clamp(rgb.g, 0.0f, 255.0f) / 255.0f;
  const float b = std::clamp(rgb.b, 0.0f, 255.0f) / 255.0f;
  const float luma = kKr * r + (1.0f - kKr - kKb) * g + kKb * b;
  YuvColor out;
  out.y = 16.0f + 219.0f * luma;
  out.u = 128.0f + 224.0f * (b - luma) / (2.0f * (1.0f - kKb));
  out.v = 128.0f + 224.0f * (r - luma) / (2.0f * (1.0f - kKr));
  return out;
}

Rgb Mix(const Rgb& a, const Rgb& b, float t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

Rgb Scale(const Rgb& rgb, float factor) { return {rgb.r * factor, rgb.g * factor, rgb.b * factor}; }

}  // namespace beatframe
