// A machine-readable reason carried on an absl::Status, for errors a client
// acts on (out of credits, a file type the remote service refuses, ...). The
// service turns it into google.rpc.ErrorInfo.reason when it maps the status.
//
// Encoding (kept deliberately simple so any layer can read it without a proto):
// payload type URL kErrorReasonTypeUrl, payload bytes = the reason string in
// ASCII, e.g. "OUT_OF_CREDITS".
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace beatframe::remote {

inline constexpr char kErrorReasonTypeUrl[] = "type.googleapis.com/beatframe.ErrorReason";

// The reasons the remote backend attaches.
inline constexpr char kReasonOutOfCredits[] = "OUT_OF_CREDITS";            // RESOURCE_EXHAUSTED (code 2001)
inline constexpr char kReasonUnsupportedFileType[] = "UNSUPPORTED_FILE_TYPE";  // INVALID_ARGUMENT (4001)
inline constexpr char kReasonFileTooLarge[] = "FILE_TOO_LARGE";            // INVALID_ARGUMENT (4002)
inline constexpr char kReasonPlanLimit[] = "PLAN_LIMIT";                   // FAILED_PRECONDITION (HTTP 402)
inline constexpr char kReasonRateLimited[] = "RATE_LIMITED";               // UNAVAILABLE (HTTP 429 twice)
inline constexpr char kReasonSessionNotFound[] = "SESSION_NOT_FOUND";      // NOT_FOUND (1002)
inline constexpr char kReasonTokenRejected[] = "TOKEN_REJECTED";          // UNAUTHENTICATED (1001 twice)

// Returns `status` with `reason` attached (replacing any earlier reason).
// An OK status is returned unchanged.
absl::Status WithErrorReason(absl::Status status, absl::string_view reason);

// The reason attached to `status`, if any.
std::optional<std::string> GetErrorReason(const absl::Status& status);

}  // namespace beatframe::remote
