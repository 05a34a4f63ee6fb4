// The title card: title (one or two lines) and a smaller subtitle, set once
// at start-up into cached alpha masks with a soft drop shadow, then blended
// each frame with a fade in and out. Layout keeps the ink inside a band of
// the frame and inside the horizontal title-safe margins.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/render/alpha_mask.h"
#include "engine/render/palette.h"
#include "engine/render/yuv_canvas.h"

namespace beatframe {

struct TitleOptions {
  std::string title;
  std::string subtitle;
  int frame_width = 1920;
  int frame_height = 1080;
  float band_top = 0.0f;  // luma rows the text block must stay within
  float band_bottom = 0.0f;
  double show_s = 4.0;  // visible from 0 to show_s
  double fade_s = 0.4;
  std::vector<std::string> font_paths;  // empty: TextRenderer::DefaultFontPaths()
};

struct PixelRect {
  int left = 0, top = 0, right = 0, bottom = 0;  // right/bottom exclusive
  bool empty() const { return right <= left || bottom <= top; }
};

class TitleOverlay {
 public:
  // NOT_FOUND when no font loads. An empty title gives an overlay that draws nothing.
  static absl::StatusOr<std::unique_ptr<TitleOverlay>> Create(const TitleOptions& options,
                                                              const Palette& palette);
  // Blends the card as it should look at `time_s`. Call once per frame.
  void Draw(double time_s, YuvCanvas& canvas) const;
  // 0..1 visibility at `time_s` (the fade envelope).
  float Visibility(double time_s) const;
  // Union of the text's ink boxes in frame pixels (shadow excluded).
  PixelRect ink_bounds() const { return ink_bounds_; }
  int title_pixel_size() const { return title_pixel_size_; }

 private:
  struct Piece {
    AlphaMask text;
    AlphaMask shadow;
    int x = 0, y = 0;                // text mask's top-left
    int shadow_x = 0, shadow_y = 0;  // shadow mask's top-left
  };
  TitleOverlay() = default;

  std::vector<Piece> pieces_;
  PixelRect ink_bounds_;
  int title_pixel_size_ = 0;
  double show_s_ = 0.0;
  double fade_s_ = 0.4;
  Yuv8 text_color_;
  Yuv8 shadow_color_;
};

}  // namespace beatframe
