#include "service/sha256.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

extern "C" {
#include <libavutil/mem.h>
#include <libavutil/sha.h>
}

namespace beatframe::service {

Sha256::Sha256() : ctx_(av_sha_alloc()) {
  // av_sha_alloc only fails when out of memory, where we cannot continue anyway.
  if (ctx_ == nullptr) std::abort();
  av_sha_init(ctx_, 256);
}

Sha256::~Sha256() { av_free(ctx_); }

void Sha256::Update(const void* data, size_t size) {
  av_sha_update(ctx_, static_cast<const uint8_t*>(data), size);
}

std::string Sha256::HexDigest() {
  static constexpr char kHex[] = "0123456789abcdef";
  uint8_t digest[32];
  av_sha_final(ctx_, digest);
  std::string hex;
  hex.reserve(64);
  for (uint8_t byte : digest) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 0xf]);
  }
  return hex;
}

absl::StatusOr<std::string> Sha256OfFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    const int err = errno;
    const std::string message = absl::StrCat("open '", path, "': ", std::strerror(err));
    return err == ENOENT ? absl::NotFoundError(message) : absl::InternalError(message);
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(file, &std::fclose);
  Sha256 hash;
  std::vector<char> buffer(1 << 20);
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), file)) > 0) hash.Update(buffer.data(), n);
  if (std::ferror(file)) return absl::InternalError(absl::StrCat("read '", path, "' failed"));
  return hash.HexDigest();
}

}  // namespace beatframe::service
