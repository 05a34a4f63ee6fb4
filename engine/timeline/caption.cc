#include "engine/timeline/caption.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace beatframe {

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
