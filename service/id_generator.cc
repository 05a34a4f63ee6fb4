#include "service/id_generator.h"

#include <cstdint>

#include "absl/random/random.h"

namespace beatframe::service {

std::string NewRandomId(int bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  // absl::BitGen is seeded from the OS and is not thread-safe: one per thread.
  thread_local absl::BitGen gen;
  std::string id;
  id.reserve(static_cast<size_t>(bytes) * 2);
  for (int i = 0; i < bytes; ++i) {
    const auto byte = absl::Uniform<uint32_t>(gen, 0, 256);
    id.push_back(kHex[byte >> 4]);
    id.push_back(kHex[byte & 0xf]);
  }
  return id;
}

}  // namespace beatframe::service
