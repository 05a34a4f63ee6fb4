// SHA-256 against the FIPS 180-4 / NIST example vectors, plus the block
// boundaries where padding bugs hide.
#include "client/sha256.h"

#include <cstdio>
#include <string>

#include "gtest/gtest.h"

namespace beatframe::client {
namespace {

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(
      Sha256Hex(
          "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklm"
          "nopqrlmnopqrsmnopqrstnopqrstu"),
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(Sha256Test, OneMillionA) {
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, ChunkedUpdatesMatchOneShotAtBlockBoundaries) {
  for (size_t length : {55u, 56u, 57u, 63u, 64u, 65u, 119u, 120u, 128u, 1000u}) {
    std::string data(length, '\0');
    for (size_t i = 0; i < length; ++i) data[i] = static_cast<char>(i * 31 + 7);
    for (size_t step : {1u, 3u, 64u, 100u}) {
      Sha256 hasher;
      for (size_t pos = 0; pos < length; pos += step) hasher.Update(data.substr(pos, step));
      EXPECT_EQ(hasher.HexDigest(), Sha256Hex(data)) << "length " << length << " step " << step;
    }
  }
}

TEST(Sha256Test, FileMatchesBytes) {
  const std::string path = ::testing::TempDir() + "/sha256_test_file.bin";
  const std::string data(3 * 65536 + 17, 'x');
  FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(std::fwrite(data.data(), 1, data.size(), file), data.size());
  std::fclose(file);
  absl::StatusOr<std::string> digest = Sha256File(path);
  ASSERT_TRUE(digest.ok()) << digest.status();
  EXPECT_EQ(*digest, Sha256Hex(data));
  std::remove(path.c_str());
}

TEST(Sha256Test, MissingFileIsNotFound) {
  EXPECT_EQ(Sha256File("/nonexistent/dir/file.mp3").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace beatframe::client
