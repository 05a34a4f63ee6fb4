#include "service/remote/gui_phrases.h"

#include <initializer_list>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace beatframe::remote {
namespace {

bool HasAny(absl::string_view text, std::initializer_list<absl::string_view> words) {
  for (absl::string_view word : words) {
    if (absl::StrContains(text, word)) return true;
  }
  return false;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Length of the sentence terminator starting at `i`, or 0.
size_t TerminatorAt(absl::string_view s, size_t i) {
  if (s[i] == '.' || s[i] == '!' || s[i] == '?') return 1;
  // U+3002 。, U+FF01 ！, U+FF1F ？ end a sentence without a following space.
  for (absl::string_view full : {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F"}) {
    if (s.substr(i, full.size()) == full) return full.size();
  }
  return 0;
}

}  // namespace

GuiAction ClassifySentence(absl::string_view sentence) {
  const std::string s = absl::AsciiStrToLower(sentence);
  const bool gui_verb = HasAny(s, {"click", "press ", "tap ", "hit ", "button", "select the"});
  if (absl::StrContains(s, "export") && gui_verb) return GuiAction::kExport;
  if (absl::StrContains(s, "open") && absl::StrContains(s, "panel")) return GuiAction::kOpenPanel;
  if (absl::StrContains(s, "preview") && HasAny(s, {"timeline", "player"})) return GuiAction::kPreview;
  if (HasAny(s, {"drag", "drop it", "drop the", "drop your", "drop them"})) return GuiAction::kSendAsMessage;
  if (HasAny(s, {"click", "double-click"}) || (gui_verb && absl::StrContains(s, "button"))) {
    return GuiAction::kSendAsMessage;
  }
  return GuiAction::kNone;
}

std::vector<std::string> SentenceSplitter::Add(absl::string_view text) {
  buffer_.append(text.data(), text.size());
  std::vector<std::string> sentences;
  size_t start = 0;
  size_t i = 0;
  while (i < buffer_.size()) {
    size_t end = 0;  // one past the sentence's last byte, 0 when none ends here
    if (buffer_[i] == '\n') {
      end = i + 1;
    } else if (size_t n = TerminatorAt(buffer_, i); n > 0) {
      const bool ascii = n == 1;
      if (!ascii) {
        end = i + n;
      } else if (i + 1 == buffer_.size()) {
        break;  // wait: "3.5" and "3. " only differ in the next byte
      } else if (IsSpace(buffer_[i + 1])) {
        end = i + 1;
      }
      if (end == 0) {
        i += n;
        continue;
      }
    } else {
      ++i;
      continue;
    }
    while (end < buffer_.size() && IsSpace(buffer_[end])) ++end;
    sentences.push_back(buffer_.substr(start, end - start));
    start = i = end;
  }
  buffer_.erase(0, start);
  return sentences;
}

std::string SentenceSplitter::Flush() { return std::exchange(buffer_, std::string()); }

}  // namespace beatframe::remote
