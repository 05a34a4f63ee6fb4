#include "service/auth.h"

#include <sys/random.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "engine/common/status_macros.h"
#include "service/error_reasons.h"
#include "service/sha256.h"

namespace beatframe::service {
namespace {

constexpr char kTokenPrefix[] = "bft_";
constexpr size_t kTokenRandomBytes = 32;

// Tokens are keys to people's sessions: they come from the kernel's CSPRNG,
// not from a general-purpose generator.
absl::StatusOr<std::string> NewTokenText() {
  unsigned char bytes[kTokenRandomBytes];
  size_t filled = 0;
  while (filled < sizeof(bytes)) {
    const ssize_t n = getrandom(bytes + filled, sizeof(bytes) - filled, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return absl::InternalError(absl::StrCat("no random bytes for a token: ", std::strerror(errno)));
    filled += static_cast<size_t>(n);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token = kTokenPrefix;
  for (unsigned char byte : bytes) {
    token.push_back(kHex[byte >> 4]);
    token.push_back(kHex[byte & 0xf]);
  }
  return token;
}

// "ipv4:127.0.0.1:5000" → "ipv4:127.0.0.1": one bucket per address, not per connection.
std::string PeerAddress(absl::string_view peer) {
  const size_t colon = peer.rfind(':');
  const size_t first = peer.find(':');
  if (colon == absl::string_view::npos || colon == first) return std::string(peer);
  return std::string(peer.substr(0, colon));
}

absl::Status Unauthenticated(absl::string_view message, absl::string_view reason) {
  return WithReason(absl::UnauthenticatedError(message), reason);
}

}  // namespace

std::string TokenHash(absl::string_view token) {
  Sha256 hash;
  hash.Update(token.data(), token.size());
  return hash.HexDigest();
}

Authenticator::Authenticator(Storage& storage, const AuthOptions& options)
    : storage_(storage), options_(options), limiter_(options.rate_limit_per_minute) {}

absl::StatusOr<v1::CreateTokenResponse> Authenticator::CreateToken(absl::string_view peer) {
  BF_RETURN_IF_ERROR(limiter_.Take(absl::StrCat("peer ", PeerAddress(peer)), absl::Now()));
  BF_ASSIGN_OR_RETURN(const std::string token, NewTokenText());
  TokenRecord record;
  record.token_hash = TokenHash(token);
  record.created_unix_ms = NowUnixMs();
  record.expires_unix_ms = record.created_unix_ms + absl::ToInt64Milliseconds(options_.token_ttl);
  record.credits = options_.initial_credits;
  BF_RETURN_IF_ERROR(storage_.InsertToken(record));
  v1::CreateTokenResponse response;
  response.set_token(token);
  response.set_expires_unix_ms(record.expires_unix_ms);
  response.set_credits(record.credits);
  return response;
}

absl::StatusOr<std::string> Authenticator::Authenticate(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  const auto it = metadata.find("authorization");
  if (it == metadata.end()) return AuthenticateHeader("");
  return AuthenticateHeader(absl::string_view(it->second.data(), it->second.size()));
}

absl::StatusOr<std::string> Authenticator::AuthenticateHeader(absl::string_view authorization) {
  absl::string_view value = absl::StripAsciiWhitespace(authorization);
  // The scheme name is case-insensitive (RFC 7235).
  if (value.size() < 7 || !absl::EqualsIgnoreCase(value.substr(0, 7), "bearer ")) {
    return Unauthenticated(
        "this call needs a token: send the metadata 'authorization: Bearer <token>' with a token from CreateToken",
        kReasonTokenMissing);
  }
  const absl::string_view token = absl::StripAsciiWhitespace(value.substr(7));
  const std::string hash = TokenHash(token);
  absl::StatusOr<TokenRecord> record = storage_.GetToken(hash);
  if (absl::IsNotFound(record.status())) {
    return Unauthenticated("unknown token; get a new one with CreateToken", kReasonTokenUnknown);
  }
  if (!record.ok()) return record.status();
  if (NowUnixMs() >= record->expires_unix_ms) {
    return Unauthenticated(absl::StrCat("the token expired at ",
                                        absl::FormatTime("%Y-%m-%d %H:%M:%S UTC",
                                                         absl::FromUnixMillis(record->expires_unix_ms),
                                                         absl::UTCTimeZone()),
                                        "; get a new one with CreateToken"),
                           kReasonTokenExpired);
  }
  BF_RETURN_IF_ERROR(limiter_.Take(hash, absl::Now()));
  return hash;
}

}  // namespace beatframe::service
