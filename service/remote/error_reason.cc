#include "service/remote/error_reason.h"

#include "absl/strings/cord.h"

namespace beatframe::remote {

absl::Status WithErrorReason(absl::Status status, absl::string_view reason) {
  if (status.ok()) return status;
  status.SetPayload(kErrorReasonTypeUrl, absl::Cord(reason));
  return status;
}

std::optional<std::string> GetErrorReason(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorReasonTypeUrl);
  if (!payload.has_value()) return std::nullopt;
  return std::string(*payload);
}

}  // namespace beatframe::remote
