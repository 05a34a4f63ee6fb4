// Fitting text into a width: where a line may break (spaces, and between the
// characters of scripts written without spaces) and the choice of break and
// size that keeps a title or caption on at most two balanced lines.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/render/text_renderer.h"

namespace beatframe {

// Byte offsets where a second line may start: after a run of spaces (the
// spaces are dropped) and between two characters when either is CJK, kana,
// Hangul or an emoji, except before closing punctuation and small kana or
// after opening brackets (the usual Japanese and Chinese rules).
std::vector<size_t> LineBreaks(absl::string_view text);

struct FittedText {
  std::vector<TextLine> lines;  // one or two, top to bottom
  std::vector<std::string> texts;
  int pixel_size = 0;
};

// Lays `text` out at `preferred_px` on one line when it fits `max_width`
// pixels of ink; otherwise, when `max_lines` is 2, at the break that makes
// the wider of two lines narrowest; the size shrinks only when the lines
// still do not fit (long words). A '\n' in the text forces the break (later
// ones become spaces). Errors are RenderLine's.
absl::StatusOr<FittedText> FitText(TextRenderer& renderer, absl::string_view text, int preferred_px, int max_width,
                                   int max_lines);

}  // namespace beatframe
