#include "engine/render/text_renderer.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <hb.h>

#include <algorithm>
#include <climits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace beatframe {
namespace {

struct FtLibraryDeleter {
  void operator()(FT_Library library) const { FT_Done_FreeType(library); }
};
struct FtFaceDeleter {
  void operator()(FT_Face face) const { FT_Done_Face(face); }
};
struct HbFontDeleter {
  void operator()(hb_font_t* font) const { hb_font_destroy(font); }
};
struct HbBufferDeleter {
  void operator()(hb_buffer_t* buffer) const { hb_buffer_destroy(buffer); }
};
using FtLibraryPtr = std::unique_ptr<FT_LibraryRec_, FtLibraryDeleter>;
using FtFacePtr = std::unique_ptr<FT_FaceRec_, FtFaceDeleter>;

// Light hinting keeps glyph shapes true at display sizes and still snaps
// stems vertically, which is what large titles want.
constexpr FT_Int32 kLoadFlags = FT_LOAD_RENDER | FT_LOAD_TARGET_LIGHT;

}  // namespace

struct TextRenderer::Impl {
  FtLibraryPtr library;
  FtFacePtr face;
};

std::vector<std::string> TextRenderer::DefaultFontPaths() {
  return {"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
          "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"};
}

absl::StatusOr<std::unique_ptr<TextRenderer>> TextRenderer::Create(
    const std::vector<std::string>& font_paths) {
  FT_Library raw_library = nullptr;
  if (FT_Init_FreeType(&raw_library) != 0) return absl::InternalError("FreeType initialisation failed");
  auto impl = std::make_unique<Impl>();
  impl->library.reset(raw_library);
  for (const std::string& path : font_paths) {
    FT_Face raw_face = nullptr;
    if (FT_New_Face(impl->library.get(), path.c_str(), 0, &raw_face) != 0) continue;
    impl->face.reset(raw_face);
    return std::unique_ptr<TextRenderer>(new TextRenderer(std::move(impl), path));
  }
  return absl::NotFoundError(absl::StrCat("no usable font among: ", absl::StrJoin(font_paths, ", ")));
}

TextRenderer::TextRenderer(std::unique_ptr<Impl> impl, std::string font_path)
    : impl_(std::move(impl)), font_path_(std::move(font_path)) {}

TextRenderer::~TextRenderer() = default;

absl::StatusOr<int> TextRenderer::MeasureWidth(absl::string_view text, int pixel_size) {
  absl::StatusOr<TextLine> line = RenderLine(text, pixel_size);
  if (!line.ok()) return line.status();
  return line->mask.width;
}

absl::StatusOr<TextLine> TextRenderer::RenderLine(absl::string_view text, int pixel_size) {
  FT_Face face = impl_->face.get();
  if (pixel_size <= 0 || FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(pixel_size)) != 0) {
    return absl::InvalidArgumentError(absl::StrCat("cannot set font size ", pixel_size, " px"));
  }
  std::unique_ptr<hb_font_t, HbFontDeleter> font(hb_ft_font_create_referenced(face));
  std::unique_ptr<hb_buffer_t, HbBufferDeleter> buffer(hb_buffer_create());
  hb_buffer_add_utf8(buffer.get(), text.data(), static_cast<int>(text.size()), 0,
                     static_cast<int>(text.size()));
  hb_buffer_guess_segment_properties(buffer.get());
  hb_shape(font.get(), buffer.get(), nullptr, 0);
  unsigned int count = 0;
  const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer.get(), &count);
  const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer.get(), &count);

  // Two passes over the glyphs: find the ink box, then draw into it. Pen
  // positions are 26.6 fixed point; y grows downwards from the baseline.
  int left = INT_MAX, top = INT_MAX, right = INT_MIN, bottom = INT_MIN;
  TextLine line;
  AlphaMask& mask = line.mask;
  for (int pass = 0; pass < 2; ++pass) {
    int64_t pen_x = 0, pen_y = 0;
    for (unsigned int i = 0; i < count; ++i) {
      if (FT_Load_Glyph(face, infos[i].codepoint, kLoadFlags) != 0) continue;
      const FT_GlyphSlot slot = face->glyph;
      const FT_Bitmap& bitmap = slot->bitmap;
      const int gx = static_cast<int>((pen_x + positions[i].x_offset + 32) >> 6) + slot->bitmap_left;
      const int gy = static_cast<int>((pen_y - positions[i].y_offset + 32) >> 6) - slot->bitmap_top;
      pen_x += positions[i].x_advance;
      pen_y -= positions[i].y_advance;
      if (bitmap.width == 0 || bitmap.rows == 0 || bitmap.pixel_mode != FT_PIXEL_MODE_GRAY) continue;
      const int w = static_cast<int>(bitmap.width), h = static_cast<int>(bitmap.rows);
      if (pass == 0) {
        left = std::min(left, gx);
        top = std::min(top, gy);
        right = std::max(right, gx + w);
        bottom = std::max(bottom, gy + h);
        continue;
      }
      for (int y = 0; y < h; ++y) {
        const uint8_t* src = bitmap.buffer + static_cast<ptrdiff_t>(y) * bitmap.pitch;
        uint8_t* dst = mask.alpha.data() + static_cast<size_t>(gy - top + y) * mask.width + (gx - left);
        for (int x = 0; x < w; ++x) dst[x] = std::max(dst[x], src[x]);
      }
    }
    line.advance = static_cast<int>((pen_x + 32) >> 6);
    if (pass == 0) {
      if (left > right) return line;  // nothing visible
      mask = MakeMask(right - left, bottom - top);
      line.baseline = -top;
    }
  }
  mask.BuildHalf();
  return line;
}

}  // namespace beatframe
