// Machine-readable reasons on errors: a google.rpc.ErrorInfo (and for rate
// limits a google.rpc.RetryInfo) attached to an absl::Status as payloads,
// keyed by their Any type URLs, where the error arises. ToGrpcStatus turns
// the payloads into the google.rpc.Status details of the gRPC status.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace beatframe::service {

// The ErrorInfo domain of every reason below.
inline constexpr char kErrorDomain[] = "beatframe.dev";

// The reasons beatframe sends (listed in beatframe.proto).
inline constexpr char kReasonOutOfCredits[] = "OUT_OF_CREDITS";
inline constexpr char kReasonTokenExpired[] = "TOKEN_EXPIRED";
inline constexpr char kReasonTokenMissing[] = "TOKEN_MISSING";
inline constexpr char kReasonTokenUnknown[] = "TOKEN_UNKNOWN";
inline constexpr char kReasonRateLimited[] = "RATE_LIMITED";
inline constexpr char kReasonSessionNotFound[] = "SESSION_NOT_FOUND";
inline constexpr char kReasonUnsupportedFileType[] = "UNSUPPORTED_FILE_TYPE";
inline constexpr char kReasonFileTooLarge[] = "FILE_TOO_LARGE";

// Payload keys: the type URLs the payloads have as google.protobuf.Any.
inline constexpr char kErrorInfoTypeUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";
inline constexpr char kRetryInfoTypeUrl[] = "type.googleapis.com/google.rpc.RetryInfo";

// `status` with an ErrorInfo {reason, kErrorDomain, metadata}. OK stays OK.
absl::Status WithReason(absl::Status status, absl::string_view reason,
                        const std::map<std::string, std::string>& metadata = {});

// `status` with a RetryInfo saying to wait `delay` (rounded up to the ms).
absl::Status WithRetryDelay(absl::Status status, absl::Duration delay);

// The ErrorInfo reason on `status`, if any.
std::optional<std::string> ErrorReason(const absl::Status& status);

}  // namespace beatframe::service
