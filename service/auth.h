// Anonymous bearer tokens: CreateToken issues one (stored only as its
// SHA-256), and every other RPC calls Authenticate, which reads the call's
// `authorization: Bearer <token>` metadata, checks the token and its expiry,
// and takes one call from the token's rate-limit bucket. The token's hash is
// the owner of the sessions it creates.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "beatframe/v1/beatframe.pb.h"
#include "grpcpp/server_context.h"
#include "service/rate_limiter.h"
#include "service/storage.h"

namespace beatframe::service {

struct AuthOptions {
  // How long a new token works (the API documents 7 days).
  absl::Duration token_ttl = absl::Hours(7 * 24);
  // Credits a new token holds (the API documents 100).
  int64_t initial_credits = 100;
  // Calls per minute per token (and CreateToken calls per client address);
  // <= 0 means no limit.
  int rate_limit_per_minute = 300;
};

class Authenticator {
 public:
  // `storage` must outlive this.
  Authenticator(Storage& storage, const AuthOptions& options);

  // A new token for the client at `peer` (gRPC's peer string; rate-limited
  // per address).
  absl::StatusOr<v1::CreateTokenResponse> CreateToken(absl::string_view peer);

  // The hash of the call's valid token. UNAUTHENTICATED with reason
  // TOKEN_MISSING, TOKEN_UNKNOWN or TOKEN_EXPIRED; RESOURCE_EXHAUSTED with
  // reason RATE_LIMITED (and a retry delay) past the rate limit.
  absl::StatusOr<std::string> Authenticate(const grpc::ServerContextBase& context);
  // Same, from the metadata value itself ("Bearer <token>"; "" when absent).
  absl::StatusOr<std::string> AuthenticateHeader(absl::string_view authorization);

 private:
  Storage& storage_;
  const AuthOptions options_;
  RateLimiter limiter_;
};

// The lowercase hex SHA-256 of a token: what the database keeps.
std::string TokenHash(absl::string_view token);

}  // namespace beatframe::service
