// SHA-256 of streamed bytes and of files, as lowercase hex: the integrity check
// the API exposes for uploads (UploadHeader.sha256) and outputs
// (RenderResult.sha256, DownloadHeader.sha256). Backed by libavutil's AVSHA.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

struct AVSHA;

namespace beatframe::service {

// Incremental hasher. Not thread-safe; one per stream.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(const void* data, size_t size);
  // Finishes the hash and returns 64 hex digits. Call once.
  std::string HexDigest();

 private:
  AVSHA* ctx_;
};

// Hashes a whole file, reading it in 1 MiB pieces. NOT_FOUND if it is missing.
absl::StatusOr<std::string> Sha256OfFile(const std::string& path);

}  // namespace beatframe::service
