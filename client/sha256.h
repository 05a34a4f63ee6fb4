// A self-contained SHA-256 (FIPS 180-4) for checking uploads and downloads.
// The CLI needs only a hex digest of whole files, so this avoids a dependency
// on OpenSSL just for one hash.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beatframe::client {

// Incremental hasher: Update() any number of times, then HexDigest() once.
// Not thread-safe; one object per hash.
class Sha256 {
 public:
  Sha256();

  void Update(const void* data, size_t size);
  void Update(absl::string_view data) { Update(data.data(), data.size()); }

  // Finishes the hash and returns 64 lowercase hex digits. Call once.
  std::string HexDigest();

 private:
  void ProcessBlock(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_;
  size_t buffer_len_ = 0;
  uint64_t total_bytes_ = 0;
};

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(absl::string_view data);

// Lowercase hex SHA-256 of a file's bytes. NOT_FOUND when the file cannot be
// opened, DATA_LOSS on a read error.
absl::StatusOr<std::string> Sha256File(const std::string& path);

}  // namespace beatframe::client
