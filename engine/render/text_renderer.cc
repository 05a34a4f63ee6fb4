#include "engine/render/text_renderer.h"

#include <algorithm>
#include <climits>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/common/status_macros.h"
#include "engine/render/bitmap_scale.h"
#include "engine/common/utf8.h"

namespace beatframe {
namespace {

struct FtLibraryDeleter {
  void operator()(FT_Library library) const { FT_Done_FreeType(library); }
};
struct HbBufferDeleter {
  void operator()(hb_buffer_t* buffer) const { hb_buffer_destroy(buffer); }
};

// Light hinting keeps glyph shapes true at display sizes and still snaps
// stems vertically, which is what large titles want.
constexpr FT_Int32 kLoadFlags = FT_LOAD_RENDER | FT_LOAD_TARGET_LIGHT;

// Characters that belong to the one before them and must be shaped with it:
// combining marks, joiners, variation selectors, emoji modifiers and tags,
// keycap marks, kana voicing marks, and controls (no glyph of their own).
bool JoinsPrevious(char32_t c) {
  return c < 0x20 || (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x200B && c <= 0x200F) || (c >= 0x20D0 && c <= 0x20FF) ||
         (c >= 0x3099 && c <= 0x309A) || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFE20 && c <= 0xFE2F) ||
         (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F) || (c >= 0xE0100 && c <= 0xE01EF);
}

bool IsSpace(char32_t c) { return c == ' ' || c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200A); }

// A byte range of the text set in one font.
struct Run {
  int font;
  uint32_t begin;
  uint32_t end;
};

// A glyph ready to rasterise: pen position in the line's pixels (y down,
// baseline at 0) and the font-to-text scale (colour fonts).
struct PlacedGlyph {
  int font;
  uint32_t glyph;
  double x;
  double y;
  float scale;
};

// The ink box of a line as glyphs are added.
struct PixelBox {
  int left = INT_MAX, top = INT_MAX, right = INT_MIN, bottom = INT_MIN;
  bool empty() const { return left > right; }
  void Grow(int x, int y, int w, int h) {
    left = std::min(left, x);
    top = std::min(top, y);
    right = std::max(right, x + w);
    bottom = std::max(bottom, y + h);
  }
};

// A colour glyph scaled to the text size, with its top-left in line pixels.
struct ColorGlyph {
  RgbaImage image;
  int x = 0, y = 0;
};

// Loads `g` from a colour font and scales it, keeping its sub-pixel
// position. False when it has no colour bitmap.
bool LoadColorGlyph(const FontFace& font, const PlacedGlyph& g, ColorGlyph* out) {
  FT_Face face = font.face();
  if (FT_Load_Glyph(face, g.glyph, FT_LOAD_COLOR) != 0) return false;
  const FT_Bitmap& bitmap = face->glyph->bitmap;
  if (bitmap.pixel_mode != FT_PIXEL_MODE_BGRA || bitmap.width == 0 || bitmap.rows == 0) return false;
  const double x = g.x + face->glyph->bitmap_left * g.scale;
  const double y = g.y - face->glyph->bitmap_top * g.scale;
  out->x = static_cast<int>(std::floor(x));
  out->y = static_cast<int>(std::floor(y));
  out->image = ScaleBgra(bitmap.buffer, static_cast<int>(bitmap.width), static_cast<int>(bitmap.rows), bitmap.pitch,
                         g.scale, static_cast<float>(x - out->x), static_cast<float>(y - out->y));
  return true;
}

// Renders `g` from an outline font into the face's glyph slot and gives its
// bitmap's top-left in line pixels. False when it leaves no ink (a space).
bool LoadGrayGlyph(const FontFace& font, const PlacedGlyph& g, int* x, int* y) {
  FT_Face face = font.face();
  if (FT_Load_Glyph(face, g.glyph, kLoadFlags) != 0) return false;
  const FT_GlyphSlot slot = face->glyph;
  if (slot->bitmap.width == 0 || slot->bitmap.rows == 0 || slot->bitmap.pixel_mode != FT_PIXEL_MODE_GRAY) return false;
  *x = static_cast<int>(std::floor(g.x + 0.5)) + slot->bitmap_left;
  *y = static_cast<int>(std::floor(g.y + 0.5)) - slot->bitmap_top;
  return true;
}

}  // namespace

struct TextRenderer::Impl {
  std::unique_ptr<FT_LibraryRec_, FtLibraryDeleter> library;  // declared first: outlives the faces
  std::vector<std::unique_ptr<FontFace>> fonts;                // [0] is the primary
  std::vector<FontChoice> missing;                             // fallbacks that did not open
  std::unique_ptr<hb_buffer_t, HbBufferDeleter> buffer{hb_buffer_create()};

  // The font for codepoint `i` of `cps`, given the font of the one before.
  absl::StatusOr<int> FontFor(const std::vector<Codepoint>& cps, size_t i, int previous) const;
  absl::StatusOr<std::vector<Run>> Itemize(absl::string_view text) const;
  absl::StatusOr<std::vector<PlacedGlyph>> Layout(absl::string_view text, int pixel_size, double* advance);
};

absl::StatusOr<int> TextRenderer::Impl::FontFor(const std::vector<Codepoint>& cps, size_t i, int previous) const {
  const char32_t c = cps[i].value;
  if (previous >= 0 && (JoinsPrevious(c) || (IsSpace(c) && fonts[previous]->HasGlyph(c)))) return previous;
  // U+FE0F after a character asks for its emoji form (❤️ rather than ❤).
  if (i + 1 < cps.size() && cps[i + 1].value == 0xFE0F) {
    for (size_t f = 0; f < fonts.size(); ++f) {
      if (fonts[f]->color() && fonts[f]->HasGlyph(c)) return static_cast<int>(f);
    }
  }
  for (size_t f = 0; f < fonts.size(); ++f) {
    if (fonts[f]->HasGlyph(c)) return static_cast<int>(f);
  }
  if (JoinsPrevious(c) || IsSpace(c)) return 0;
  if (!missing.empty()) {
    std::vector<std::string> wanted;
    for (const FontChoice& choice : missing) {
      wanted.push_back(absl::StrCat(choice.role, " (", choice.package, ": ", absl::StrJoin(choice.paths, ", "), ")"));
    }
    return absl::NotFoundError(absl::StrFormat("no installed font has U+%04X; install the missing font: %s",
                                               static_cast<uint32_t>(c), absl::StrJoin(wanted, "; ")));
  }
  return 0;  // the primary font's missing-glyph box
}

absl::StatusOr<std::vector<Run>> TextRenderer::Impl::Itemize(absl::string_view text) const {
  const std::vector<Codepoint> cps = DecodeUtf8(text);
  std::vector<Run> runs;
  for (size_t i = 0; i < cps.size(); ++i) {
    BF_ASSIGN_OR_RETURN(const int font, FontFor(cps, i, runs.empty() ? -1 : runs.back().font));
    const uint32_t end = i + 1 < cps.size() ? cps[i + 1].offset : static_cast<uint32_t>(text.size());
    if (!runs.empty() && runs.back().font == font) {
      runs.back().end = end;
    } else {
      runs.push_back({font, cps[i].offset, end});
    }
  }
  return runs;
}

absl::StatusOr<std::vector<PlacedGlyph>> TextRenderer::Impl::Layout(absl::string_view text, int pixel_size,
                                                                   double* advance) {
  BF_ASSIGN_OR_RETURN(const std::vector<Run> runs, Itemize(text));
  std::vector<PlacedGlyph> glyphs;
  double pen_x = 0.0;
  hb_buffer_t* buffer = this->buffer.get();
  for (const Run& run : runs) {
    FontFace& font = *fonts[run.font];
    BF_ASSIGN_OR_RETURN(const float scale, font.SetPixelSize(pixel_size));
    hb_buffer_clear_contents(buffer);
    // The whole text goes in as context so shaping across run edges is right.
    hb_buffer_add_utf8(buffer, text.data(), static_cast<int>(text.size()), run.begin,
                       static_cast<int>(run.end - run.begin));
    hb_buffer_guess_segment_properties(buffer);
    hb_shape(font.hb_font(), buffer, nullptr, 0);
    unsigned int count = 0;
    const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer, &count);
    const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer, &count);
    // Positions are 26.6 fixed point in the font's pixels.
    const double unit = scale / 64.0;
    for (unsigned int i = 0; i < count; ++i) {
      glyphs.push_back({run.font, infos[i].codepoint, pen_x + positions[i].x_offset * unit,
                        -positions[i].y_offset * unit, scale});
      pen_x += positions[i].x_advance * unit;
    }
  }
  *advance = pen_x;
  return glyphs;
}

std::vector<std::string> TextRenderer::DefaultFontPaths() {
  return {"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
          "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"};
}

std::vector<FontChoice> TextRenderer::DefaultFallbacks() {
  return {{"CJK",
           {"/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"},
           "fonts-noto-cjk"},
          {"emoji", {"/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"}, "fonts-noto-color-emoji"}};
}

absl::StatusOr<std::unique_ptr<TextRenderer>> TextRenderer::Create(const std::vector<std::string>& font_paths,
                                                                   const std::vector<FontChoice>& fallbacks) {
  FT_Library raw_library = nullptr;
  if (FT_Init_FreeType(&raw_library) != 0) return absl::InternalError("FreeType initialisation failed");
  auto impl = std::make_unique<Impl>();
  impl->library.reset(raw_library);
  for (const std::string& path : font_paths) {
    absl::StatusOr<std::unique_ptr<FontFace>> font = FontFace::Open(raw_library, path);
    if (!font.ok()) continue;
    impl->fonts.push_back(*std::move(font));
    break;
  }
  if (impl->fonts.empty()) {
    return absl::NotFoundError(absl::StrCat("no usable font among: ", absl::StrJoin(font_paths, ", ")));
  }
  for (const FontChoice& choice : fallbacks) {
    bool opened = false;
    for (const std::string& path : choice.paths) {
      absl::StatusOr<std::unique_ptr<FontFace>> font = FontFace::Open(raw_library, path);
      if (!font.ok()) continue;
      impl->fonts.push_back(*std::move(font));
      opened = true;
      break;
    }
    if (!opened) impl->missing.push_back(choice);
  }
  return std::unique_ptr<TextRenderer>(new TextRenderer(std::move(impl)));
}

TextRenderer::TextRenderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

TextRenderer::~TextRenderer() = default;

const std::string& TextRenderer::font_path() const { return impl_->fonts[0]->path(); }

std::string TextRenderer::FontPathFor(char32_t codepoint) const {
  for (const auto& font : impl_->fonts) {
    if (font->HasGlyph(codepoint)) return font->path();
  }
  return "";
}

absl::StatusOr<int> TextRenderer::MeasureWidth(absl::string_view text, int pixel_size) {
  BF_ASSIGN_OR_RETURN(const TextLine line, RenderLine(text, pixel_size));
  return line.mask.width;
}

absl::StatusOr<int> TextRenderer::MeasureAdvance(absl::string_view text, int pixel_size) {
  double advance = 0.0;
  BF_RETURN_IF_ERROR(impl_->Layout(text, pixel_size, &advance).status());
  return static_cast<int>(std::lround(advance));
}

absl::StatusOr<TextLine> TextRenderer::RenderLine(absl::string_view text, int pixel_size) {
  if (pixel_size <= 0) return absl::InvalidArgumentError(absl::StrCat("cannot set font size ", pixel_size, " px"));
  double advance = 0.0;
  BF_ASSIGN_OR_RETURN(const std::vector<PlacedGlyph> glyphs, impl_->Layout(text, pixel_size, &advance));

  // Colour glyphs are scaled once here and kept; outline glyphs are loaded
  // twice (find the ink box, then draw into it), which is cheaper than copying.
  std::vector<ColorGlyph> color_glyphs;
  PixelBox box;
  for (const PlacedGlyph& g : glyphs) {
    const FontFace& font = *impl_->fonts[g.font];
    if (font.color()) {
      ColorGlyph glyph;
      if (!LoadColorGlyph(font, g, &glyph)) continue;
      box.Grow(glyph.x, glyph.y, glyph.image.width, glyph.image.height);
      color_glyphs.push_back(std::move(glyph));
    } else if (int x, y; LoadGrayGlyph(font, g, &x, &y)) {
      box.Grow(x, y, static_cast<int>(font.face()->glyph->bitmap.width), static_cast<int>(font.face()->glyph->bitmap.rows));
    }
  }
  TextLine line;
  line.advance = static_cast<int>(std::lround(advance));
  if (box.empty()) return line;  // nothing visible
  line.mask = MakeMask(box.right - box.left, box.bottom - box.top);
  line.baseline = -box.top;
  for (const PlacedGlyph& g : glyphs) {
    const FontFace& font = *impl_->fonts[g.font];
    int x = 0, y = 0;
    if (font.color() || !LoadGrayGlyph(font, g, &x, &y)) continue;
    const FT_Bitmap& bitmap = font.face()->glyph->bitmap;
    for (unsigned int row = 0; row < bitmap.rows; ++row) {
      const uint8_t* src = bitmap.buffer + static_cast<ptrdiff_t>(row) * bitmap.pitch;
      uint8_t* dst = line.mask.alpha.data() + static_cast<size_t>(y - box.top + row) * line.mask.width + (x - box.left);
      for (unsigned int col = 0; col < bitmap.width; ++col) dst[col] = std::max(dst[col], src[col]);
    }
  }
  if (!color_glyphs.empty()) {
    line.color = RgbaImage::Make(line.mask.width, line.mask.height);
    for (const ColorGlyph& glyph : color_glyphs) {
      CompositeOver(glyph.image, glyph.x - box.left, glyph.y - box.top, line.color);
    }
  }
  line.mask.BuildHalf();
  return line;
}

AlphaMask InkCoverage(const TextLine& line) {
  AlphaMask ink = line.mask;
  if (!line.color.empty()) {
    for (size_t i = 0; i < ink.alpha.size(); ++i) ink.alpha[i] = std::max(ink.alpha[i], line.color.rgba[i * 4 + 3]);
  }
  ink.BuildHalf();
  return ink;
}

}  // namespace beatframe
