#include "engine/render/text_piece.h"

#include <algorithm>
#include <climits>

namespace beatframe {
namespace {

// The colour layer cut down to its ink, starting on even offsets.
RgbaImage CropToInk(const RgbaImage& image, int* offset_x, int* offset_y) {
  int left = INT_MAX, top = INT_MAX, right = -1, bottom = -1;
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      if (image.rgba[(static_cast<size_t>(y) * image.width + x) * 4 + 3] == 0) continue;
      left = std::min(left, x);
      top = std::min(top, y);
      right = std::max(right, x);
      bottom = std::max(bottom, y);
    }
  }
  if (right < 0) return {};
  left &= ~1;
  top &= ~1;
  RgbaImage out = RgbaImage::Make(right + 1 - left, bottom + 1 - top);
  for (int y = 0; y < out.height; ++y) {
    const uint8_t* src = &image.rgba[(static_cast<size_t>(y + top) * image.width + left) * 4];
    std::copy(src, src + out.width * 4, &out.rgba[static_cast<size_t>(y) * out.width * 4]);
  }
  *offset_x = left;
  *offset_y = top;
  return out;
}

}  // namespace

PixelRect Union(const PixelRect& a, const PixelRect& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return {std::min(a.left, b.left), std::min(a.top, b.top), std::max(a.right, b.right), std::max(a.bottom, b.bottom)};
}

TextPiece MakeTextPiece(TextLine line, int x, int y, const ShadowSpec& shadow) {
  TextPiece piece;
  piece.x = EvenFloor(static_cast<float>(x));
  piece.y = EvenFloor(static_cast<float>(y));
  piece.ink = {piece.x, piece.y, piece.x + line.mask.width, piece.y + line.mask.height};
  if (shadow.blur > 0) {
    const int pad = 3 * shadow.blur;
    piece.shadow = PadMask(InkCoverage(line), pad);
    BlurMask(piece.shadow, shadow.blur);
    for (uint8_t& a : piece.shadow.alpha) a = static_cast<uint8_t>(std::min(255, a * 2));
    piece.shadow.BuildHalf();
    piece.shadow_x = piece.x - pad + shadow.dx;
    piece.shadow_y = piece.y - pad + shadow.dy;
  }
  if (!line.color.empty()) {
    int dx = 0, dy = 0;
    piece.color = MakeColorMask(CropToInk(line.color, &dx, &dy));
    piece.color_x = piece.x + dx;
    piece.color_y = piece.y + dy;
  }
  piece.text = std::move(line.mask);
  return piece;
}

void DrawTextPiece(const TextPiece& piece, Yuv8 text_color, int text_alpha, Yuv8 shadow_color, int shadow_alpha,
                   YuvCanvas& canvas) {
  canvas.DrawMask(piece.shadow, piece.shadow_x, piece.shadow_y, shadow_color, shadow_alpha, BlendMode::kOver);
  canvas.DrawMask(piece.text, piece.x, piece.y, text_color, text_alpha, BlendMode::kOver);
  DrawColorMask(piece.color, piece.color_x, piece.color_y, text_alpha, canvas.view());
}

}  // namespace beatframe
