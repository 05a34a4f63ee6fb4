// The text layer every style draws: the title card (title on one or two
// lines and a smaller subtitle, set once at start-up into cached masks with a
// soft drop shadow, blended each frame with a fade in and out) and, on top,
// the plan's captions (caption_overlay.h). Layout keeps the card inside a
// band of the frame and inside the horizontal title-safe margins.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/render/caption_overlay.h"
#include "engine/render/palette.h"
#include "engine/render/text_piece.h"
#include "engine/render/yuv_canvas.h"
#include "engine/timeline/caption.h"

namespace beatframe {

struct TitleOptions {
  std::string title;
  std::string subtitle;
  int frame_width = 1920;
  int frame_height = 1080;
  float band_top = 0.0f;  // luma rows the text block must stay within
  float band_bottom = 0.0f;
  // Visible from start_s for show_s seconds (video time): it fades in over
  // fade_s after start_s and is fully gone at start_s + show_s.
  double start_s = 0.0;
  double show_s = 4.0;
  double fade_s = 0.4;
  std::vector<std::string> font_paths;  // empty: TextRenderer::DefaultFontPaths()
};

class TitleOverlay {
 public:
  // NOT_FOUND when no font loads, or the title needs a font that is not
  // installed. An empty title gives an overlay that draws no card.
  static absl::StatusOr<std::unique_ptr<TitleOverlay>> Create(const TitleOptions& options,
                                                              const Palette& palette);
  // Adds `captions` (validated), laid out for this frame size and kept clear
  // of the card while it shows. Call once, after Create. Errors are
  // CaptionOverlay::Create's.
  absl::Status AddCaptions(const std::vector<Caption>& captions, const Palette& palette);

  // Blends the card and the captions as they should look at `time_s`. Call
  // once per frame; allocates nothing.
  void Draw(double time_s, YuvCanvas& canvas) const;
  // 0..1 visibility of the card at `time_s` (the fade envelope).
  float Visibility(double time_s) const;
  // Union of the card's ink boxes in frame pixels (shadow excluded).
  PixelRect ink_bounds() const { return ink_bounds_; }
  int title_pixel_size() const { return title_pixel_size_; }
  // Null until AddCaptions.
  const CaptionOverlay* captions() const { return captions_.get(); }

 private:
  TitleOverlay() = default;

  TitleOptions options_;
  std::vector<TextPiece> pieces_;
  PixelRect ink_bounds_;
  int title_pixel_size_ = 0;
  double fade_s_ = 0.4;
  Yuv8 text_color_;
  Yuv8 shadow_color_;
  std::unique_ptr<CaptionOverlay> captions_;
};

}  // namespace beatframe
