#include "engine/timeline/reply_language.h"

#include "engine/common/utf8.h"

namespace beatframe {

ReplyLanguage DetectLanguage(absl::string_view message) {
  for (const Codepoint& codepoint : DecodeUtf8(message)) {
    const char32_t c = codepoint.value;
    // CJK Unified Ideographs and Extension A: enough to tell Chinese apart.
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)) return ReplyLanguage::kChinese;
  }
  return ReplyLanguage::kEnglish;
}

}  // namespace beatframe
