// The language a reply is written in: the language of the message it answers.
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace beatframe {

enum class ReplyLanguage { kEnglish, kChinese };

// Chinese when the message holds any CJK ideograph, else English.
ReplyLanguage DetectLanguage(absl::string_view message);

// `english` or `chinese` by `language`; keeps the two texts side by side.
inline std::string InLanguage(ReplyLanguage language, absl::string_view english, absl::string_view chinese) {
  return std::string(language == ReplyLanguage::kChinese ? chinese : english);
}

}  // namespace beatframe
