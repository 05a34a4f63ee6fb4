#include "engine/render/caption_overlay.h"

#include <algorithm>
#include <cmath>

#include "engine/common/status_macros.h"
#include "engine/render/text_layout.h"
#include "engine/render/text_renderer.h"

namespace beatframe {
namespace {

// In ems of the caption size. The line box uses fixed ascent and descent
// rather than the ink, so every caption's panel has the same height per line
// count whatever letters it holds.
constexpr float kLinePitch = 1.28f;
constexpr float kAscent = 0.95f;
constexpr float kDescent = 0.3f;
constexpr float kPadX = 0.55f;
constexpr float kPadY = 0.3f;
constexpr float kRadius = 0.34f;
constexpr float kTitleGap = 0.55f;    // between a caption's panel and the title above which it moves
constexpr float kPanelOpacity = 0.62f;  // keeps white text >= 4.5:1 even over white

// Captions sorted by start, each ended where the next one at its position
// starts; those left with no time are dropped.
std::vector<Caption> Resolve(std::vector<Caption> captions) {
  SortCaptions(captions);
  for (size_t i = 0; i < captions.size(); ++i) {
    for (size_t j = i + 1; j < captions.size(); ++j) {
      if (captions[j].position != captions[i].position) continue;
      captions[i].end_s = std::min(captions[i].end_s, captions[j].start_s);
      break;
    }
  }
  captions.erase(std::remove_if(captions.begin(), captions.end(),
                                [](const Caption& c) { return !(c.end_s > c.start_s); }),
                 captions.end());
  return captions;
}

bool Overlaps(const PixelRect& a, const PixelRect& b) {
  return !a.empty() && !b.empty() && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

}  // namespace

CaptionLayout CaptionLayoutFor(int width, int height) {
  const float w = static_cast<float>(width), h = static_cast<float>(height);
  CaptionLayout layout;
  layout.pixel_size = std::max(8, static_cast<int>(std::lround(0.05f * std::min(w, h))));
  if (w / h < 0.8f) {
    layout.max_width = static_cast<int>(0.84f * w);
    layout.lower_bottom = 0.78f * h;
    layout.top_top = 0.12f * h;
    layout.safe = {static_cast<int>(0.05f * w), static_cast<int>(std::ceil(0.10f * h)), static_cast<int>(0.95f * w),
                   static_cast<int>(0.80f * h)};
  } else {
    layout.max_width = static_cast<int>((w / h > 1.2f ? 0.80f : 0.84f) * w);
    layout.lower_bottom = 0.90f * h;
    layout.top_top = 0.08f * h;
    layout.safe = {static_cast<int>(0.05f * w), static_cast<int>(std::ceil(0.05f * h)), static_cast<int>(0.95f * w),
                   static_cast<int>(0.95f * h)};
  }
  return layout;
}

absl::StatusOr<std::unique_ptr<CaptionOverlay>> CaptionOverlay::Create(const CaptionOptions& options,
                                                                      const Palette& palette) {
  const CaptionLayout layout = CaptionLayoutFor(options.frame_width, options.frame_height);
  auto overlay = std::unique_ptr<CaptionOverlay>(
      new CaptionOverlay(static_cast<int>(std::lround(kRadius * layout.pixel_size))));
  overlay->text_color_ = ToYuv8(RgbToYuv709(palette.text));
  overlay->panel_color_ = ToYuv8(RgbToYuv709(palette.shadow));
  overlay->shadow_color_ = overlay->panel_color_;
  const std::vector<Caption> captions = Resolve(options.captions);
  if (captions.empty()) return overlay;

  const std::vector<std::string> fonts =
      options.font_paths.empty() ? TextRenderer::DefaultFontPaths() : options.font_paths;
  BF_ASSIGN_OR_RETURN(std::unique_ptr<TextRenderer> renderer, TextRenderer::Create(fonts));
  for (const Caption& caption : captions) {
    BF_ASSIGN_OR_RETURN(Item item, LayOut(*renderer, caption, options, layout));
    if (!item.lines.empty()) overlay->items_.push_back(std::move(item));  // empty: spaces only
  }
  SetFades(overlay->items_);
  double latest = 0.0;
  for (const Item& item : overlay->items_) {
    latest = std::max(latest, item.end_s);
    overlay->latest_end_s_.push_back(latest);
  }
  return overlay;
}

absl::StatusOr<CaptionOverlay::Item> CaptionOverlay::LayOut(TextRenderer& renderer, const Caption& caption,
                                                            const CaptionOptions& options,
                                                            const CaptionLayout& layout) {
  BF_ASSIGN_OR_RETURN(FittedText fitted, FitText(renderer, caption.text, layout.pixel_size, layout.max_width, 2));
  Item item;
  item.start_s = caption.start_s;
  item.end_s = caption.end_s;
  item.position = caption.position;
  int widest = 0;
  for (const TextLine& line : fitted.lines) widest = std::max(widest, line.mask.width);
  if (widest == 0) return item;

  // The panel: the lines' boxes plus padding, centred, at its anchor.
  const float px = static_cast<float>(fitted.pixel_size);
  const int count = static_cast<int>(fitted.lines.size());
  const float pad_y = kPadY * px, pitch = kLinePitch * px;
  const float height = (count - 1) * pitch + (kAscent + kDescent) * px + 2.0f * pad_y;
  const float width = std::max(widest + 2.0f * kPadX * px, height);
  float top = caption.position == CaptionPosition::kTop ? layout.top_top : layout.lower_bottom - height;
  const float left = 0.5f * (options.frame_width - width);
  const PixelRect planned = {static_cast<int>(left), static_cast<int>(top), static_cast<int>(left + width),
                             static_cast<int>(top + height)};
  if (caption.start_s < options.avoid_until_s && Overlaps(planned, options.avoid)) {
    top = options.avoid.top - kTitleGap * px - height;
  }
  top = std::max(static_cast<float>(layout.safe.top), std::min(top, layout.safe.bottom - height));
  item.panel = {EvenFloor(left), EvenFloor(top), EvenFloor(left + width + 1.0f), EvenFloor(top + height + 1.0f)};

  const ShadowSpec shadow{std::max(1, static_cast<int>(std::lround(0.04f * px))), 0, 2};
  for (int i = 0; i < count; ++i) {
    TextLine& line = fitted.lines[i];
    if (line.mask.empty()) continue;
    const float baseline = top + pad_y + kAscent * px + i * pitch;
    const int x = static_cast<int>(std::lround(0.5f * (options.frame_width - line.mask.width)));
    const int y = static_cast<int>(std::lround(baseline)) - line.baseline;
    TextPiece piece = MakeTextPiece(std::move(line), x, y, shadow);
    item.ink = Union(item.ink, piece.ink);
    item.lines.push_back(std::move(piece));
  }
  return item;
}

void CaptionOverlay::SetFades(std::vector<Item>& items) {
  // Quick fades where captions follow each other closely (lyrics), so lines
  // do not blink out between them; never more than a third of a caption.
  for (size_t i = 0; i < items.size(); ++i) {
    double gap_before = 1e9, gap_after = 1e9;
    for (size_t j = 0; j < items.size(); ++j) {
      if (j == i || items[j].position != items[i].position) continue;
      if (items[j].end_s <= items[i].start_s) gap_before = std::min(gap_before, items[i].start_s - items[j].end_s);
      if (items[j].start_s >= items[i].end_s) gap_after = std::min(gap_after, items[j].start_s - items[i].end_s);
    }
    const double third = (items[i].end_s - items[i].start_s) / 3.0;
    items[i].fade_in_s = std::min(gap_before < 2.0 * kFadeS ? kQuickFadeS : kFadeS, third);
    items[i].fade_out_s = std::min(gap_after < 2.0 * kFadeS ? kQuickFadeS : kFadeS, third);
  }
}

float CaptionOverlay::Visibility(int index, double time_s) const {
  const Item& item = items_[index];
  if (time_s < item.start_s || time_s >= item.end_s) return 0.0f;
  const double v = std::min({1.0, (time_s - item.start_s) / item.fade_in_s, (item.end_s - time_s) / item.fade_out_s});
  return static_cast<float>(std::clamp(v, 0.0, 1.0));
}

void CaptionOverlay::Draw(double time_s, YuvCanvas& canvas) const {
  // The last caption starting by now, then back while an earlier one may
  // still be showing (at most one per position is).
  auto it = std::upper_bound(items_.begin(), items_.end(), time_s,
                             [](double t, const Item& item) { return t < item.start_s; });
  for (int i = static_cast<int>(it - items_.begin()) - 1; i >= 0 && latest_end_s_[i] > time_s; --i) {
    const float visibility = Visibility(i, time_s);
    if (visibility > 0.0f) DrawItem(items_[i], visibility, canvas);
  }
}

void CaptionOverlay::DrawItem(const Item& item, float visibility, YuvCanvas& canvas) const {
  // Ease so the fade reads as smooth rather than linear.
  const float eased = visibility * visibility * (3.0f - 2.0f * visibility);
  const int alpha = static_cast<int>(std::lround(256.0f * eased));
  panel_.Draw(canvas.view(), item.panel.left, item.panel.top, item.panel.right, item.panel.bottom, panel_color_,
              static_cast<int>(std::lround(alpha * kPanelOpacity)));
  for (const TextPiece& piece : item.lines) {
    DrawTextPiece(piece, text_color_, alpha, shadow_color_, alpha / 2, canvas);
  }
}

}  // namespace beatframe
