#include "service/status_mapping.h"

#include <string>

#include "absl/strings/cord.h"
#include "google/rpc/status.pb.h"
#include "service/error_reasons.h"
#include "service/remote/error_reason.h"

namespace beatframe::service {

namespace {

// The remote backend (bf_remote, no protobuf) marks its reasons with a plain
// payload (remote/error_reason.h); clients read google.rpc.ErrorInfo, so it
// becomes one here unless the status already has an ErrorInfo.
absl::Status WithRemoteReasonAsErrorInfo(absl::Status status) {
  const std::optional<std::string> reason = remote::GetErrorReason(status);
  if (!reason.has_value()) return status;
  status.ErasePayload(remote::kErrorReasonTypeUrl);
  if (status.GetPayload(kErrorInfoTypeUrl).has_value()) return status;
  return WithReason(std::move(status), *reason);
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& original) {
  if (original.ok()) return grpc::Status::OK;
  const absl::Status status = WithRemoteReasonAsErrorInfo(original);
  // absl::StatusCode and grpc::StatusCode share the google.rpc.Code values.
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  // Payloads are keyed by Any type URLs (see error_reasons.h): each becomes
  // one detail of a google.rpc.Status in the grpc-status-details-bin trailer.
  google::rpc::Status details;
  status.ForEachPayload([&details](absl::string_view type_url, const absl::Cord& payload) {
    google::protobuf::Any* any = details.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  if (details.details_size() == 0) return grpc::Status(code, message);
  details.set_code(static_cast<int>(status.code()));
  details.set_message(message);
  return grpc::Status(code, message, details.SerializeAsString());
}

}  // namespace beatframe::service
