// One font file opened for setting text: its FreeType face, the HarfBuzz font
// over it and whether it draws in colour. Colour bitmap fonts (Noto Color
// Emoji's CBDT) come in fixed sizes: their glyphs are shaped and rasterised
// at the font's own size and scaled to the text's afterwards.
#pragma once

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace beatframe {

// A font the renderer wants for some characters, found by path: the first of
// `paths` that exists and opens is used. Hard-coded Debian paths keep the
// engine free of fontconfig; `package` tells people what to install.
struct FontChoice {
  std::string role;                // "Latin", "CJK", "emoji": names it in messages
  std::vector<std::string> paths;  // tried in order
  std::string package;             // the Debian package that provides it
};

class FontFace {
 public:
  // Face 0 of the file at `path` (the Japanese face of a Noto CJK
  // collection, which covers the shared Han, kana and Hangul). NOT_FOUND when
  // the file is absent or FreeType cannot open it. `library` must outlive it.
  static absl::StatusOr<std::unique_ptr<FontFace>> Open(FT_Library library, const std::string& path);
  ~FontFace();
  FontFace(const FontFace&) = delete;
  FontFace& operator=(const FontFace&) = delete;

  bool HasGlyph(char32_t codepoint) const { return FT_Get_Char_Index(face_, codepoint) != 0; }
  // Glyphs are colour bitmaps (load with FT_LOAD_COLOR, blend their colour).
  bool color() const { return color_; }
  // Sets both the FreeType face and the HarfBuzz font to `pixel_size` px per
  // em and returns the factor from the font's pixels to the text's: 1 for
  // outline fonts; text size / strike size for bitmap fonts, which are set to
  // their nearest strike. INVALID_ARGUMENT for a size FreeType refuses.
  absl::StatusOr<float> SetPixelSize(int pixel_size);

  FT_Face face() const { return face_; }
  hb_font_t* hb_font() const { return hb_font_; }
  const std::string& path() const { return path_; }

 private:
  FontFace(FT_Face face, std::string path);

  FT_Face face_;
  hb_font_t* hb_font_ = nullptr;
  std::string path_;
  bool color_ = false;
  int pixel_size_ = 0;  // last size set, to skip redundant work
  float scale_ = 1.0f;
};

}  // namespace beatframe
