// Client-side helpers for the operations tests: a raw HTTP GET for /metrics,
// a strict parser of the Prometheus text exposition format, and a server
// reflection client. Debian ships no generated reflection stubs, and our own
// would clash with the ones inside libgrpc++_reflection, so the reflection
// client speaks the protocol through grpc::GenericStub and encodes/decodes
// the few fields it needs by their numbers (grpc/reflection/v1alpha).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpcpp/grpcpp.h"

namespace beatframe::ops::testing {

// One HTTP/1.1 exchange on 127.0.0.1:`port` with the request head `request`
// (sent as is); returns everything the server sent until it closed.
absl::StatusOr<std::string> HttpExchange(int port, const std::string& request);

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};
// GET (or another `method`) `path` with Host and Connection: close; the body
// must match Content-Length.
absl::StatusOr<HttpResponse> HttpRequest(int port, const std::string& method, const std::string& path);

// A scrape, checked against the text exposition format 0.0.4: every line is
// a # HELP, a # TYPE (one per family, before its samples) or a sample
// `name{label="value",...} number`; metric and label names are valid;
// histograms have cumulative buckets ending in +Inf equal to _count.
struct Exposition {
  std::map<std::string, std::string> types;  // family → counter/gauge/histogram/...
  std::map<std::string, double> samples;     // `name{labels}` exactly as written → value
  // The value of `series` (e.g. `beatframe_jobs{state="queued"}`); -1 when absent.
  double Value(const std::string& series) const;
};
absl::StatusOr<Exposition> ParseExposition(const std::string& text);

// Reflection: the names list_services reports.
absl::StatusOr<std::vector<std::string>> ReflectionListServices(const std::shared_ptr<grpc::Channel>& channel);
// Reflection: the file that defines `symbol` (file_containing_symbol).
absl::StatusOr<google::protobuf::FileDescriptorProto> ReflectionFileContainingSymbol(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& symbol);

}  // namespace beatframe::ops::testing
