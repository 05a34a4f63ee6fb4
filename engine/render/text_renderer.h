// Sets a line of UTF-8 text with HarfBuzz and rasterises it with FreeType
// into an alpha mask. Meant for start-up: styles render their titles once and
// blend the cached masks every frame.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/render/alpha_mask.h"

namespace beatframe {

struct TextLine {
  AlphaMask mask;    // tight around the ink
  int baseline = 0;  // baseline row, relative to the mask's top (may lie outside it)
  int advance = 0;   // pen advance in pixels
};

class TextRenderer {
 public:
  // DejaVu Sans Bold, then DejaVu Sans (Debian's fonts-dejavu-core).
  static std::vector<std::string> DefaultFontPaths();
  // Opens the first of `font_paths` that loads. NOT_FOUND when none does.
  static absl::StatusOr<std::unique_ptr<TextRenderer>> Create(const std::vector<std::string>& font_paths);
  ~TextRenderer();
  TextRenderer(const TextRenderer&) = delete;
  TextRenderer& operator=(const TextRenderer&) = delete;

  // Ink width in pixels of `text` on one line at `pixel_size` (the em size).
  absl::StatusOr<int> MeasureWidth(absl::string_view text, int pixel_size);
  // Shapes and rasterises `text` on one line. An empty or all-space line
  // gives an empty mask. Not thread-safe (the face's size is shared state).
  absl::StatusOr<TextLine> RenderLine(absl::string_view text, int pixel_size);
  const std::string& font_path() const { return font_path_; }

 private:
  struct Impl;
  explicit TextRenderer(std::unique_ptr<Impl> impl, std::string font_path);
  std::unique_ptr<Impl> impl_;
  std::string font_path_;
};

}  // namespace beatframe
