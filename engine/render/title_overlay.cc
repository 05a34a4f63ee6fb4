#include "engine/render/title_overlay.h"

#include <algorithm>
#include <climits>
#include <cmath>

#include "engine/common/status_macros.h"
#include "engine/render/text_renderer.h"

namespace beatframe {
namespace {

constexpr float kSafeWidth = 0.88f;       // title-safe: 6% margins left and right
constexpr float kMinTitleHeight = 0.05f;  // of the frame height, readable on a phone
constexpr float kTitleOfShortSide = 0.07f;
constexpr float kSubtitleScale = 0.55f;
constexpr float kLinePitch = 1.18f;

// Splits at the space nearest the middle; false when there is no space.
bool SplitInTwo(const std::string& text, std::string* first, std::string* second) {
  size_t best = std::string::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != ' ') continue;
    const auto off_centre = [&](size_t at) {
      return std::abs(static_cast<long>(2 * at) - static_cast<long>(text.size()));
    };
    if (best == std::string::npos || off_centre(i) < off_centre(best)) best = i;
  }
  if (best == std::string::npos) return false;
  *first = text.substr(0, best);
  *second = text.substr(best + 1);
  return true;
}

// Picks lines and a size so every line fits `max_width`: one line at the
// preferred size, else two lines, else shrinks (long unbroken titles only).
absl::StatusOr<std::vector<TextLine>> FitLines(TextRenderer& renderer, const std::string& text,
                                               int preferred_px, int max_width, bool allow_two_lines,
                                               int* size_px) {
  std::vector<std::string> lines = {text};
  std::string first, second;
  BF_ASSIGN_OR_RETURN(int width, renderer.MeasureWidth(text, preferred_px));
  if (width > max_width && allow_two_lines && SplitInTwo(text, &first, &second)) lines = {first, second};
  int px = preferred_px;
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::vector<TextLine> out;
    int widest = 0;
    for (const std::string& line : lines) {
      BF_ASSIGN_OR_RETURN(TextLine rendered, renderer.RenderLine(line, px));
      widest = std::max(widest, rendered.mask.width);
      out.push_back(std::move(rendered));
    }
    if (widest <= max_width || px <= 8) {
      *size_px = px;
      return out;
    }
    px = std::max(8, static_cast<int>(std::floor(px * 0.98f * max_width / widest)));
  }
  return absl::InternalError("title layout did not converge");
}

int EvenFloor(float value) { return static_cast<int>(std::floor(value / 2.0f)) * 2; }

}  // namespace

absl::StatusOr<std::unique_ptr<TitleOverlay>> TitleOverlay::Create(const TitleOptions& options,
                                                                   const Palette& palette) {
  auto overlay = std::unique_ptr<TitleOverlay>(new TitleOverlay());
  overlay->show_s_ = options.show_s;
  overlay->fade_s_ = std::max(options.fade_s, 1e-3);
  overlay->text_color_ = ToYuv8(RgbToYuv709(palette.text));
  overlay->shadow_color_ = ToYuv8(RgbToYuv709(palette.shadow));
  if (options.title.empty() || options.show_s <= 0.0) return overlay;

  const std::vector<std::string> fonts =
      options.font_paths.empty() ? TextRenderer::DefaultFontPaths() : options.font_paths;
  BF_ASSIGN_OR_RETURN(std::unique_ptr<TextRenderer> renderer, TextRenderer::Create(fonts));
  const int w = options.frame_width, h = options.frame_height;
  const int max_width = static_cast<int>(kSafeWidth * w);
  const int title_px = std::max(static_cast<int>(std::ceil(kMinTitleHeight * h)),
                                static_cast<int>(std::lround(kTitleOfShortSide * std::min(w, h))));
  int fitted_title_px = title_px;
  BF_ASSIGN_OR_RETURN(std::vector<TextLine> lines,
                      FitLines(*renderer, options.title, title_px, max_width, true, &fitted_title_px));
  overlay->title_pixel_size_ = fitted_title_px;
  // Baselines relative to the first line's; the subtitle sits a gap below.
  std::vector<int> baselines, sizes;
  for (size_t i = 0; i < lines.size(); ++i) {
    baselines.push_back(static_cast<int>(std::lround(i * kLinePitch * fitted_title_px)));
    sizes.push_back(fitted_title_px);
  }
  if (!options.subtitle.empty()) {
    int subtitle_px = 0;
    const int preferred_px = static_cast<int>(std::lround(kSubtitleScale * title_px));
    BF_ASSIGN_OR_RETURN(std::vector<TextLine> sub,
                        FitLines(*renderer, options.subtitle, preferred_px, max_width, false, &subtitle_px));
    baselines.push_back(baselines.back() +
                        static_cast<int>(std::lround(0.45f * fitted_title_px + 1.05f * subtitle_px)));
    sizes.push_back(subtitle_px);
    lines.push_back(std::move(sub.front()));
  }

  // Centre the block in the band; if it is too tall, keep its bottom inside
  // (the bottom of a 9:16 frame is covered by app controls).
  int block_top = INT_MAX, block_bottom = INT_MIN;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].mask.empty()) continue;
    block_top = std::min(block_top, baselines[i] - lines[i].baseline);
    block_bottom = std::max(block_bottom, baselines[i] - lines[i].baseline + lines[i].mask.height);
  }
  if (block_top > block_bottom) return overlay;  // nothing visible (all spaces)
  float offset = 0.5f * (options.band_top + options.band_bottom) - 0.5f * (block_top + block_bottom);
  offset = std::min(offset, options.band_bottom - block_bottom);

  for (size_t i = 0; i < lines.size(); ++i) {
    TextLine& line = lines[i];
    if (line.mask.empty()) continue;
    const int px = sizes[i];
    Piece piece;
    piece.x = EvenFloor(0.5f * (w - line.mask.width));
    piece.y = EvenFloor(offset + baselines[i] - line.baseline);
    const int blur = std::max(1, static_cast<int>(std::lround(0.05f * px)));
    piece.shadow = PadMask(line.mask, 3 * blur);
    BlurMask(piece.shadow, blur);
    // The blur thins the shadow out; boost it so the text keeps its contrast.
    for (uint8_t& a : piece.shadow.alpha) a = static_cast<uint8_t>(std::min(255, a * 2));
    piece.shadow.BuildHalf();
    piece.shadow_x = piece.x - 3 * blur + EvenFloor(0.03f * px);
    piece.shadow_y = piece.y - 3 * blur + EvenFloor(0.05f * px) + 2;
    piece.text = std::move(line.mask);
    PixelRect& ink = overlay->ink_bounds_;
    const PixelRect box = {piece.x, piece.y, piece.x + piece.text.width, piece.y + piece.text.height};
    ink = ink.empty() ? box
                      : PixelRect{std::min(ink.left, box.left), std::min(ink.top, box.top),
                                  std::max(ink.right, box.right), std::max(ink.bottom, box.bottom)};
    overlay->pieces_.push_back(std::move(piece));
  }
  return overlay;
}

float TitleOverlay::Visibility(double time_s) const {
  if (pieces_.empty() || time_s < 0.0 || time_s > show_s_) return 0.0f;
  const double v = std::min({1.0, time_s / fade_s_, (show_s_ - time_s) / fade_s_});
  return static_cast<float>(std::max(0.0, v));
}

void TitleOverlay::Draw(double time_s, YuvCanvas& canvas) const {
  const float visibility = Visibility(time_s);
  if (visibility <= 0.0f) return;
  // Ease so the fade reads as smooth rather than linear.
  const float eased = visibility * visibility * (3.0f - 2.0f * visibility);
  const int alpha = static_cast<int>(std::lround(256.0f * eased));
  for (const Piece& piece : pieces_) {
    canvas.DrawMask(piece.shadow, piece.shadow_x, piece.shadow_y, shadow_color_, alpha * 7 / 8,
                    BlendMode::kOver);
    canvas.DrawMask(piece.text, piece.x, piece.y, text_color_, alpha, BlendMode::kOver);
  }
}

}  // namespace beatframe
