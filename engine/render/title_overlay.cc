#include "engine/render/title_overlay.h"

#include <algorithm>
#include <climits>
#include <cmath>

#include "engine/common/status_macros.h"
#include "engine/render/text_layout.h"
#include "engine/render/text_renderer.h"

namespace beatframe {
namespace {

constexpr float kSafeWidth = 0.88f;       // title-safe: 6% margins left and right
constexpr float kMinTitleHeight = 0.05f;  // of the frame height, readable on a phone
constexpr float kTitleOfShortSide = 0.07f;
constexpr float kSubtitleScale = 0.55f;
constexpr float kLinePitch = 1.18f;

}  // namespace

absl::StatusOr<std::unique_ptr<TitleOverlay>> TitleOverlay::Create(const TitleOptions& options,
                                                                   const Palette& palette) {
  auto overlay = std::unique_ptr<TitleOverlay>(new TitleOverlay());
  overlay->options_ = options;
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
  BF_ASSIGN_OR_RETURN(FittedText title, FitText(*renderer, options.title, title_px, max_width, 2));
  overlay->title_pixel_size_ = title.pixel_size;
  std::vector<TextLine> lines = std::move(title.lines);
  // Baselines relative to the first line's; the subtitle sits a gap below.
  std::vector<int> baselines, sizes;
  for (size_t i = 0; i < lines.size(); ++i) {
    baselines.push_back(static_cast<int>(std::lround(i * kLinePitch * title.pixel_size)));
    sizes.push_back(title.pixel_size);
  }
  if (!options.subtitle.empty()) {
    const int preferred_px = static_cast<int>(std::lround(kSubtitleScale * title_px));
    BF_ASSIGN_OR_RETURN(FittedText sub, FitText(*renderer, options.subtitle, preferred_px, max_width, 1));
    baselines.push_back(baselines.back() +
                        static_cast<int>(std::lround(0.45f * title.pixel_size + 1.05f * sub.pixel_size)));
    sizes.push_back(sub.pixel_size);
    lines.push_back(std::move(sub.lines.front()));
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
    const int blur = std::max(1, static_cast<int>(std::lround(0.05f * px)));
    const int x = static_cast<int>(std::floor(0.5f * (w - line.mask.width)));
    const int y = static_cast<int>(std::floor(offset + baselines[i] - line.baseline));
    TextPiece piece =
        MakeTextPiece(std::move(line), x, y, {blur, EvenFloor(0.03f * px), EvenFloor(0.05f * px) + 2});
    overlay->ink_bounds_ = Union(overlay->ink_bounds_, piece.ink);
    overlay->pieces_.push_back(std::move(piece));
  }
  return overlay;
}

absl::Status TitleOverlay::AddCaptions(const std::vector<Caption>& captions, const Palette& palette) {
  if (captions.empty()) return absl::OkStatus();
  CaptionOptions options;
  options.captions = captions;
  options.frame_width = options_.frame_width;
  options.frame_height = options_.frame_height;
  options.avoid = ink_bounds_;
  // Captions that start before the card is gone keep clear of it
  // (CaptionOptions knows only an end time, so lines that end before a late
  // card appears move too: harmless).
  options.avoid_until_s = pieces_.empty() ? 0.0 : options_.start_s + options_.show_s;
  options.font_paths = options_.font_paths;
  BF_ASSIGN_OR_RETURN(captions_, CaptionOverlay::Create(options, palette));
  return absl::OkStatus();
}

float TitleOverlay::Visibility(double time_s) const {
  const double t = time_s - options_.start_s;  // time since the card's start
  if (pieces_.empty() || t < 0.0 || t > options_.show_s) return 0.0f;
  const double v = std::min({1.0, t / fade_s_, (options_.show_s - t) / fade_s_});
  return static_cast<float>(std::max(0.0, v));
}

void TitleOverlay::Draw(double time_s, YuvCanvas& canvas) const {
  const float visibility = Visibility(time_s);
  if (visibility > 0.0f) {
    // Ease so the fade reads as smooth rather than linear.
    const float eased = visibility * visibility * (3.0f - 2.0f * visibility);
    const int alpha = static_cast<int>(std::lround(256.0f * eased));
    for (const TextPiece& piece : pieces_) {
      DrawTextPiece(piece, text_color_, alpha, shadow_color_, alpha * 7 / 8, canvas);
    }
  }
  if (captions_ != nullptr) captions_->Draw(time_s, canvas);
}

}  // namespace beatframe
