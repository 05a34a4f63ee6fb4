// One HTTP request through libcurl, driven by its multi interface so that a
// cancellation request is noticed within ~100 ms even while the server sends
// nothing (and the xferinfo callback aborts the transfer as well). Bodies are
// either buffered (small JSON answers) or handed to a sink as they arrive
// (event streams, downloads); uploads stream a file from disk as multipart.
// No retries and no protocol knowledge here: remote_client.cc has those.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace beatframe::remote {

// Returns true once the caller wants the transfer stopped. Polled from the
// calling thread; must be cheap. An empty function never cancels.
using CancelCheck = std::function<bool()>;

struct HttpRequest {
  std::string method = "GET";             // "GET" or "POST"
  std::string url;
  std::string label;                      // "POST /run_sse": for messages; never holds secrets
  std::vector<std::string> headers;       // "Name: value"
  std::string body;                       // POST body (JSON); ignored with upload_path
  // When set, the body is multipart/form-data with one part named
  // `upload_field` holding this file, read from disk as it is sent.
  std::string upload_path;
  std::string upload_field = "files";
  std::string upload_file_name;
  std::string upload_content_type;
  absl::Duration connect_timeout = absl::Seconds(15);
  absl::Duration timeout = absl::Seconds(60);           // whole transfer
  absl::Duration stall_timeout = absl::ZeroDuration();  // abort when no byte arrives this long; 0 = never
};

struct HttpResponse {
  long status = 0;
  std::string content_type;  // lowercase, parameters kept
  std::string body;          // buffered body (empty when streamed to a sink)
  bool streamed = false;     // the body went to the sink
};

// Optional streaming of the response body. `accept` is called once, when the
// first body bytes arrive, with the status and content type; returning true
// sends the body to `write` (which returns false to abort: a local error),
// false buffers it in HttpResponse::body instead.
struct BodySink {
  std::function<bool(long status, absl::string_view content_type)> accept;
  std::function<bool(absl::string_view bytes)> write;
};

// Performs `request`. Transport failures: UNAVAILABLE (connect, reset, ...),
// DEADLINE_EXCEEDED (timeout or stall), CANCELLED (cancel() returned true;
// the transfer is abandoned at once), INTERNAL (the sink refused bytes or the
// upload file could not be read). Any HTTP status is a successful transfer.
// `tick`, when set, is called about every 100 ms while waiting.
// Buffered bodies are capped at 8 MiB (UNAVAILABLE beyond).
absl::StatusOr<HttpResponse> PerformHttp(const HttpRequest& request, const BodySink* sink,
                                         const CancelCheck& cancel, const std::function<void()>& tick = nullptr);

// Sleeps for `duration` unless cancel() becomes true first (checked every
// 20 ms). Returns false when cancelled.
bool SleepUnlessCancelled(absl::Duration duration, const CancelCheck& cancel);

}  // namespace beatframe::remote
