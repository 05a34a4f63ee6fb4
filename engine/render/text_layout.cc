#include "engine/render/text_layout.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "engine/common/status_macros.h"
#include "engine/common/utf8.h"

namespace beatframe {
namespace {

bool IsBreakSpace(char32_t c) { return c == ' ' || c == '\t' || c == 0x3000; }

// Scripts set without spaces between words, where any character boundary
// may break, and emoji (pictographs break like ideographs).
bool IsWide(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0x1F000 && c <= 0x1FAFF) ||
         (c >= 0x2600 && c <= 0x27BF);
}

// Kinsoku: characters a line must not start with...
bool NoLineStart(char32_t c) {
  static constexpr char32_t kChars[] = {
      U'、', U'。', U'，', U'．', U'・', U'：', U'；', U'？', U'！', U'ー', U'）', U'」', U'』', U'】', U'〕',
      U'〉', U'》', U'〙', U'〗', U'〟', U'’', U'”', U'｝', U'〜', U'ゝ', U'ゞ', U'ヽ', U'ヾ', U'々', U'ぁ',
      U'ぃ', U'ぅ', U'ぇ', U'ぉ', U'っ', U'ゃ', U'ゅ', U'ょ', U'ゎ', U'ァ', U'ィ', U'ゥ', U'ェ', U'ォ', U'ッ',
      U'ャ', U'ュ', U'ョ', U'ヮ', U'ヵ', U'ヶ', U')', U']', U'}', U',', U'.', U'!', U'?', U':', U';',
      U'…', U'‥', U'〻'};
  // Marks, joiners and variation selectors stay with what they modify.
  if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200D) || (c >= 0xFE00 && c <= 0xFE0F) ||
      (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F) || c == 0x20E3 || c == 0x3099 ||
      c == 0x309A) {
    return true;
  }
  return std::find(std::begin(kChars), std::end(kChars), c) != std::end(kChars);
}

// ...and characters a line must not end with.
bool NoLineEnd(char32_t c) {
  static constexpr char32_t kChars[] = {U'（', U'「', U'『', U'【', U'〔', U'〈', U'《', U'〘', U'〖',
                                        U'〝', U'‘', U'“', U'｛', U'(', U'[', U'{', 0x200D};
  return std::find(std::begin(kChars), std::end(kChars), c) != std::end(kChars);
}

std::string Trimmed(absl::string_view text) { return std::string(absl::StripAsciiWhitespace(text)); }

// The two lines of `text` split at `at`, trimmed (the ideographic space too).
std::pair<std::string, std::string> SplitAt(absl::string_view text, size_t at) {
  auto trim = [](absl::string_view s) {
    s = absl::StripAsciiWhitespace(s);
    while (absl::EndsWith(s, "\u3000")) s.remove_suffix(3);
    while (absl::StartsWith(s, "\u3000")) s.remove_prefix(3);
    return std::string(s);
  };
  return {trim(text.substr(0, at)), trim(text.substr(at))};
}

// The break whose wider line is narrowest at `px`; npos when there is none.
absl::StatusOr<size_t> BestBreak(TextRenderer& renderer, absl::string_view text, int px) {
  size_t best = absl::string_view::npos;
  int best_width = 0;
  for (size_t at : LineBreaks(text)) {
    const auto [first, second] = SplitAt(text, at);
    if (first.empty() || second.empty()) continue;
    BF_ASSIGN_OR_RETURN(const int a, renderer.MeasureAdvance(first, px));
    BF_ASSIGN_OR_RETURN(const int b, renderer.MeasureAdvance(second, px));
    const int wider = std::max(a, b);
    // Ties go to the later break: a longer first line reads better.
    if (best == absl::string_view::npos || wider <= best_width) {
      best = at;
      best_width = wider;
    }
  }
  return best;
}

}  // namespace

std::vector<size_t> LineBreaks(absl::string_view text) {
  const std::vector<Codepoint> cps = DecodeUtf8(text);
  std::vector<size_t> breaks;
  for (size_t i = 1; i < cps.size(); ++i) {
    const char32_t before = cps[i - 1].value, here = cps[i].value;
    if (IsBreakSpace(here)) continue;
    const bool after_space = IsBreakSpace(before);
    const bool wide = IsWide(before) || IsWide(here);
    if ((after_space || wide) && !NoLineStart(here) && !NoLineEnd(before)) breaks.push_back(cps[i].offset);
  }
  return breaks;
}

absl::StatusOr<FittedText> FitText(TextRenderer& renderer, absl::string_view text, int preferred_px, int max_width,
                                   int max_lines) {
  FittedText fitted;
  const size_t newline = text.find('\n');
  if (newline != absl::string_view::npos && max_lines >= 2) {
    fitted.texts = {Trimmed(text.substr(0, newline)),
                    Trimmed(absl::StrReplaceAll(text.substr(newline + 1), {{"\n", " "}, {"\r", ""}}))};
    if (fitted.texts[0].empty()) fitted.texts.erase(fitted.texts.begin());
    if (fitted.texts.back().empty()) fitted.texts.pop_back();
  } else {
    const std::string flat = Trimmed(absl::StrReplaceAll(text, {{"\n", " "}, {"\r", ""}}));
    fitted.texts = {flat};
    BF_ASSIGN_OR_RETURN(const int width, renderer.MeasureAdvance(flat, preferred_px));
    if (width > max_width && max_lines >= 2) {
      BF_ASSIGN_OR_RETURN(const size_t at, BestBreak(renderer, flat, preferred_px));
      if (at != absl::string_view::npos) {
        auto [first, second] = SplitAt(flat, at);
        fitted.texts = {std::move(first), std::move(second)};
      }
    }
  }
  int px = preferred_px;
  for (int attempt = 0; attempt < 10; ++attempt) {
    fitted.lines.clear();
    int widest = 0;
    for (const std::string& line : fitted.texts) {
      BF_ASSIGN_OR_RETURN(TextLine rendered, renderer.RenderLine(line, px));
      widest = std::max(widest, rendered.mask.width);
      fitted.lines.push_back(std::move(rendered));
    }
    if (widest <= max_width || px <= 8) break;
    px = std::max(8, static_cast<int>(std::floor(px * 0.98f * max_width / widest)));
  }
  fitted.pixel_size = px;
  return fitted;
}

}  // namespace beatframe
