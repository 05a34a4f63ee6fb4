#include "engine/common/utf8.h"

namespace beatframe {
namespace {

// Length in bytes of the well-formed sequence at text[at] and its code point;
// length 0 when the sequence there is malformed.
struct Decoded {
  int length;
  char32_t value;
};

Decoded DecodeAt(absl::string_view text, size_t at) {
  const auto lead = static_cast<uint8_t>(text[at]);
  if (lead < 0x80) return {1, lead};
  int extra = 0;
  char32_t cp = 0;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3;
    cp = lead & 0x07;
  } else {
    return {0, 0};
  }
  if (at + extra >= text.size()) return {0, 0};  // truncated sequence
  for (int k = 1; k <= extra; ++k) {
    const auto next = static_cast<uint8_t>(text[at + k]);
    if ((next & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (next & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and values past Unicode are not UTF-8.
  static constexpr char32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return {0, 0};
  return {extra + 1, cp};
}

}  // namespace

std::vector<Codepoint> DecodeUtf8(absl::string_view text) {
  std::vector<Codepoint> out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const Decoded decoded = DecodeAt(text, i);
    out.push_back({decoded.length > 0 ? decoded.value : char32_t{0xFFFD}, static_cast<uint32_t>(i)});
    i += decoded.length > 0 ? decoded.length : 1;
  }
  return out;
}

bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const Decoded decoded = DecodeAt(text, i);
    if (decoded.length == 0) return false;
    i += decoded.length;
  }
  return true;
}

}  // namespace beatframe
