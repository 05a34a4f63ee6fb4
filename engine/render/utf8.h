// UTF-8 decoding for text layout: code points with their byte offsets, so
// runs and line breaks found on code points map back to byte ranges.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"

namespace beatframe {

struct Codepoint {
  char32_t value;
  uint32_t offset;  // of its first byte in the text
};

// Decodes `text`; a malformed byte becomes U+FFFD and decoding goes on.
std::vector<Codepoint> DecodeUtf8(absl::string_view text);

}  // namespace beatframe
