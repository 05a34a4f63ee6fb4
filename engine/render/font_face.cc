#include "engine/render/font_face.h"

#include <hb-ft.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace beatframe {

absl::StatusOr<std::unique_ptr<FontFace>> FontFace::Open(FT_Library library, const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return absl::NotFoundError(absl::StrCat("font '", path, "' does not exist"));
  }
  FT_Face face = nullptr;
  if (FT_New_Face(library, path.c_str(), 0, &face) != 0) {
    return absl::NotFoundError(absl::StrCat("font '", path, "' cannot be opened"));
  }
  return std::unique_ptr<FontFace>(new FontFace(face, path));
}

FontFace::FontFace(FT_Face face, std::string path) : face_(face), path_(std::move(path)) {
  color_ = FT_HAS_COLOR(face_) && !FT_IS_SCALABLE(face_) && face_->num_fixed_sizes > 0;
}

FontFace::~FontFace() {
  if (hb_font_ != nullptr) hb_font_destroy(hb_font_);
  FT_Done_Face(face_);
}

absl::StatusOr<float> FontFace::SetPixelSize(int pixel_size) {
  if (pixel_size <= 0) return absl::InvalidArgumentError(absl::StrCat("cannot set font size ", pixel_size, " px"));
  if (pixel_size == pixel_size_ && hb_font_ != nullptr) return scale_;
  if (color_) {
    // The strike nearest the wanted size from above scales down cleanly;
    // Noto Color Emoji has just one (109 px per em).
    int best = 0;
    for (int i = 1; i < face_->num_fixed_sizes; ++i) {
      const long have = face_->available_sizes[i].y_ppem, best_have = face_->available_sizes[best].y_ppem;
      const bool covers = have >= pixel_size * 64L, best_covers = best_have >= pixel_size * 64L;
      if ((covers && (!best_covers || have < best_have)) || (!covers && !best_covers && have > best_have)) best = i;
    }
    if (FT_Select_Size(face_, best) != 0) {
      return absl::InternalError(absl::StrCat("font '", path_, "': cannot select its bitmap size"));
    }
    scale_ = static_cast<float>(pixel_size) / (face_->available_sizes[best].y_ppem / 64.0f);
  } else {
    if (FT_Set_Pixel_Sizes(face_, 0, static_cast<FT_UInt>(pixel_size)) != 0) {
      return absl::InvalidArgumentError(absl::StrCat("cannot set font size ", pixel_size, " px"));
    }
    scale_ = 1.0f;
  }
  // HarfBuzz reads the face's size when the font is made or told it changed.
  if (hb_font_ == nullptr) {
    hb_font_ = hb_ft_font_create_referenced(face_);
  } else {
    hb_ft_font_changed(hb_font_);
  }
  pixel_size_ = pixel_size;
  return scale_;
}

}  // namespace beatframe
