// UTF-8 decoding shared by text layout (which needs code points with their
// byte offsets) and input validation (titles, captions, lyrics).
#pragma once

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"

namespace beatframe {

struct Codepoint {
  char32_t value;
  uint32_t offset;  // of its first byte in the text
};

// Decodes `text`; a malformed sequence (bad lead or continuation byte,
// truncation, overlong form, surrogate, past U+10FFFF) becomes U+FFFD for its
// first byte and decoding goes on.
std::vector<Codepoint> DecodeUtf8(absl::string_view text);

// True when `text` is well-formed UTF-8 by the same rules.
bool IsValidUtf8(absl::string_view text);

}  // namespace beatframe
