// Where the CLI keeps its anonymous bearer token between runs:
// $XDG_CONFIG_HOME/beatframe/token, else ~/.config/beatframe/token, readable
// by the user only (mode 0600). The file holds the token and its expiry so an
// expired token is replaced before it is ever sent.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace beatframe::client {

struct StoredToken {
  std::string token;
  int64_t expires_unix_ms = 0;  // 0 when unknown
};

// The default token file; "" when neither XDG_CONFIG_HOME nor HOME is set.
std::string DefaultTokenPath();

// NOT_FOUND when there is no file (or it holds no token).
absl::StatusOr<StoredToken> LoadToken(const std::string& path);

// Writes the file atomically (temp file + rename), creating its directory
// (mode 0700) and giving the file mode 0600.
absl::Status SaveToken(const std::string& path, const StoredToken& token);

}  // namespace beatframe::client
