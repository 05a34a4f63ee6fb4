// UTF-8 decoding: code points with byte offsets, U+FFFD for what is malformed,
// and validation by the same rules.
#include "engine/common/utf8.h"

#include <gtest/gtest.h>

namespace beatframe {
namespace {

TEST(Utf8Test, DecodesMixedScriptsWithOffsets) {
  const std::vector<Codepoint> cps = DecodeUtf8("a\xC3\xA9\xE5\xA4\x9C\xF0\x9F\x8E\xB5");  // a é 夜 🎵
  ASSERT_EQ(cps.size(), 4u);
  EXPECT_EQ(cps[0].value, U'a');
  EXPECT_EQ(cps[1].value, U'\u00E9');
  EXPECT_EQ(cps[1].offset, 1u);
  EXPECT_EQ(cps[2].value, U'\u591C');
  EXPECT_EQ(cps[2].offset, 3u);
  EXPECT_EQ(cps[3].value, U'\U0001F3B5');
  EXPECT_EQ(cps[3].offset, 6u);
  EXPECT_TRUE(IsValidUtf8("a\xC3\xA9\xE5\xA4\x9C\xF0\x9F\x8E\xB5"));
}

TEST(Utf8Test, MalformedBytesBecomeReplacementAndFailValidation) {
  for (const char* bad : {"\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF", "a\x80z"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(IsValidUtf8(bad));
    bool replaced = false;
    for (const Codepoint& cp : DecodeUtf8(bad)) replaced |= cp.value == 0xFFFD;
    EXPECT_TRUE(replaced);
  }
  const std::vector<Codepoint> cps = DecodeUtf8("a\x80z");
  ASSERT_EQ(cps.size(), 3u);
  EXPECT_EQ(cps[2].value, U'z');
  EXPECT_EQ(cps[2].offset, 2u);
  EXPECT_TRUE(IsValidUtf8(""));
}

}  // namespace
}  // namespace beatframe
