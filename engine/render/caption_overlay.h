// Captions and lyrics over the video: each caption is laid out once (at most
// two centred lines, on a translucent rounded panel, in the lower third and
// inside the aspect's safe area) and rasterised into cached masks; each
// frame blends the one showing, fading in and out. Every style draws these
// through its title overlay (see style_kit.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/render/palette.h"
#include "engine/render/panel.h"
#include "engine/render/text_piece.h"
#include "engine/render/text_renderer.h"
#include "engine/render/yuv_canvas.h"
#include "engine/timeline/caption.h"

namespace beatframe {

// Where captions go in a frame of a given size, in luma pixels.
struct CaptionLayout {
  int pixel_size = 0;         // em size of the caption text
  int max_width = 0;          // widest line of ink
  float lower_bottom = 0.0f;  // bottom of a lower-third caption's panel
  float top_top = 0.0f;       // top of a top caption's panel
  PixelRect safe;             // nothing of a caption (panel included) leaves this
};
// 16:9 and 1:1: text-safe margins of 5%, lower-third panels ending at 90% of
// the height. 9:16: clear of the top 10% and bottom 20% that app controls
// cover, panels ending at 78%.
CaptionLayout CaptionLayoutFor(int width, int height);

struct CaptionOptions {
  std::vector<Caption> captions;  // any order; validated (see ValidateCaptions)
  int frame_width = 1920;
  int frame_height = 1080;
  // The title card: a caption that shows while it does (before
  // `avoid_until_s`) and would overlap `avoid` sits above it instead.
  PixelRect avoid;
  double avoid_until_s = 0.0;
  std::vector<std::string> font_paths;  // empty: TextRenderer::DefaultFontPaths()
};

class CaptionOverlay {
 public:
  // Fades used at a caption's ends: the full one, and the quick one used
  // where captions follow each other closely (lyrics).
  static constexpr double kFadeS = 0.3;
  static constexpr double kQuickFadeS = 0.12;

  // Lays out and rasterises every caption. Where captions at the same
  // position overlap in time, the later one replaces the earlier. NOT_FOUND
  // when no font loads or a caption needs a font that is not installed.
  static absl::StatusOr<std::unique_ptr<CaptionOverlay>> Create(const CaptionOptions& options,
                                                                const Palette& palette);

  // Blends the captions showing at `time_s`. Call once per frame; allocates nothing.
  void Draw(double time_s, YuvCanvas& canvas) const;

  // For tests and layout checks: the number of captions kept, and per
  // caption its lines, its panel and text ink in frame pixels, and its 0..1
  // visibility at `time_s`.
  int size() const { return static_cast<int>(items_.size()); }
  int line_count(int index) const { return static_cast<int>(items_[index].lines.size()); }
  PixelRect panel_bounds(int index) const { return items_[index].panel; }
  PixelRect ink_bounds(int index) const { return items_[index].ink; }
  float Visibility(int index, double time_s) const;

 private:
  struct Item {
    double start_s = 0.0, end_s = 0.0;
    double fade_in_s = kFadeS, fade_out_s = kFadeS;
    CaptionPosition position = CaptionPosition::kLowerThird;
    std::vector<TextPiece> lines;
    PixelRect panel;
    PixelRect ink;
  };
  explicit CaptionOverlay(int panel_radius) : panel_(panel_radius) {}
  // Fits, rasterises and places one caption; no lines when it has no ink.
  static absl::StatusOr<Item> LayOut(TextRenderer& renderer, const Caption& caption, const CaptionOptions& options,
                                     const CaptionLayout& layout);
  static void SetFades(std::vector<Item>& items);
  void DrawItem(const Item& item, float visibility, YuvCanvas& canvas) const;

  std::vector<Item> items_;           // by start; per position, no two overlap in time
  std::vector<double> latest_end_s_;  // running max of end_s over items_[0..i]
  RoundedPanel panel_;
  Yuv8 text_color_;
  Yuv8 panel_color_;
  Yuv8 shadow_color_;
};

}  // namespace beatframe
