// Random identifiers for sessions, assets, jobs and outputs. Ids are opaque to
// clients and also name files on disk, so they are plain lowercase hex.
#pragma once

#include <string>

namespace beatframe::service {

// Returns `bytes` random bytes as 2 * bytes lowercase hex digits. Thread-safe.
std::string NewRandomId(int bytes = 8);

}  // namespace beatframe::service
