#include "engine/timeline/caption.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace beatframe {

bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = [&](size_t at) { return static_cast<uint8_t>(text[at]); };
    const uint8_t lead = byte(i);
    int extra = 0;
    uint32_t cp = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      extra = 1;
      cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2;
      cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3;
      cp = lead & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // truncated sequence
    for (int k = 1; k <= extra; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and values past Unicode are not UTF-8.
    static constexpr uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
    i += extra + 1;
  }
  return true;
}

absl::Status ValidateCaptions(const std::vector<Caption>& captions) {
  if (captions.size() > kMaxCaptions) {
    return absl::InvalidArgumentError(
        absl::StrCat(captions.size(), " captions is too many; at most ", kMaxCaptions, " are allowed"));
  }
  for (size_t i = 0; i < captions.size(); ++i) {
    const Caption& caption = captions[i];
    const std::string where = absl::StrCat("caption ", i + 1);
    if (absl::StripAsciiWhitespace(caption.text).empty()) {
      return absl::InvalidArgumentError(absl::StrCat(where, " has no text"));
    }
    if (caption.text.size() > kMaxCaptionBytes) {
      return absl::InvalidArgumentError(absl::StrCat(where, " is ", caption.text.size(), " bytes long; at most ",
                                                     kMaxCaptionBytes, " fit on two lines"));
    }
    if (!IsValidUtf8(caption.text)) {
      return absl::InvalidArgumentError(absl::StrCat(where, " is not valid UTF-8 text"));
    }
    if (!std::isfinite(caption.start_s) || !std::isfinite(caption.end_s) || caption.start_s < 0.0) {
      return absl::InvalidArgumentError(absl::StrCat(where, " ('", caption.text,
                                                     "') needs finite, non-negative times"));
    }
    if (caption.end_s <= caption.start_s) {
      return absl::InvalidArgumentError(absl::StrCat(where, " ('", caption.text, "') ends at ", caption.end_s,
                                                     " s, not after its start at ", caption.start_s, " s"));
    }
  }
  return absl::OkStatus();
}

void SortCaptions(std::vector<Caption>& captions) {
  std::stable_sort(captions.begin(), captions.end(),
                   [](const Caption& a, const Caption& b) { return a.start_s < b.start_s; });
}

}  // namespace beatframe
