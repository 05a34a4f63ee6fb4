// Sets a line of UTF-8 text with HarfBuzz and rasterises it with FreeType:
// glyph outlines into an alpha mask, colour emoji into an RGBA layer. A
// primary Latin font is backed by fallbacks (CJK, colour emoji) chosen per
// character, so mixed text like "夜の街 🎵 Night" sets in one line. Meant for
// start-up: styles render their text once and blend the cached result every
// frame.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/render/alpha_mask.h"
#include "engine/render/color_mask.h"
#include "engine/render/font_face.h"

namespace beatframe {

struct TextLine {
  AlphaMask mask;    // glyphs drawn in the text colour; the box is tight around all ink
  RgbaImage color;   // colour glyphs (emoji), same box as `mask`; empty when there are none
  int baseline = 0;  // baseline row, relative to the box's top (may lie outside it)
  int advance = 0;   // pen advance in pixels
};

// Everything the line inks, monochrome and colour: what a shadow is cast from.
AlphaMask InkCoverage(const TextLine& line);

class TextRenderer {
 public:
  // DejaVu Sans Bold, then DejaVu Sans (Debian's fonts-dejavu-core).
  static std::vector<std::string> DefaultFontPaths();
  // For characters the primary font lacks, in order: Noto Sans CJK Bold
  // (fonts-noto-cjk; Japanese, Chinese, Korean) and Noto Color Emoji
  // (fonts-noto-color-emoji).
  static std::vector<FontChoice> DefaultFallbacks();

  // Opens the first of `font_paths` that loads as the primary font (NOT_FOUND
  // when none does) and the first path that loads of each fallback. A
  // fallback none of whose paths loads is only an error for text that needs
  // it (see RenderLine).
  static absl::StatusOr<std::unique_ptr<TextRenderer>> Create(
      const std::vector<std::string>& font_paths,
      const std::vector<FontChoice>& fallbacks = DefaultFallbacks());
  ~TextRenderer();
  TextRenderer(const TextRenderer&) = delete;
  TextRenderer& operator=(const TextRenderer&) = delete;

  // Ink width in pixels of `text` on one line at `pixel_size` (the em size).
  absl::StatusOr<int> MeasureWidth(absl::string_view text, int pixel_size);
  // Pen advance in pixels (shaping only, no rasterising: cheap enough to try
  // many line breaks).
  absl::StatusOr<int> MeasureAdvance(absl::string_view text, int pixel_size);
  // Shapes and rasterises `text` on one line. Each character is set in the
  // first font that has it (marks, joiners and variation selectors stay with
  // the character before; U+FE0F prefers the colour font). An empty or
  // all-space line gives an empty mask. NOT_FOUND, naming the character and
  // the package to install, when no open font has a character and a fallback
  // font is missing; with every font present such a character shows as the
  // primary font's missing-glyph box. INVALID_ARGUMENT for a bad size.
  // Not thread-safe (font sizes are shared state).
  absl::StatusOr<TextLine> RenderLine(absl::string_view text, int pixel_size);

  // The primary font's path.
  const std::string& font_path() const;
  // The path of the font `codepoint` is set in on its own; empty when no
  // open font has it.
  std::string FontPathFor(char32_t codepoint) const;

 private:
  struct Impl;
  explicit TextRenderer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace beatframe
