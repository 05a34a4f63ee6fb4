// The one place where an absl::Status becomes a grpc::Status. Every RPC in the
// service finishes through ToGrpcStatus so that codes and messages reach clients
// unchanged (both use the google.rpc.Code numbering).
#pragma once

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace beatframe::service {

// Same code, same message. OK maps to grpc::Status::OK. Payloads attached
// with error_reasons.h (ErrorInfo, RetryInfo) become the details of a
// google.rpc.Status sent as the call's error details.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace beatframe::service
