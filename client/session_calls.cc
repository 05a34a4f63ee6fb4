// BeatframeClient's session calls: Send (a chat message and its stream of
// replies, drafts and job events), WatchJob, ListDrafts and ListJobs.
#include <chrono>
#include <optional>

#include "absl/strings/str_cat.h"
#include "client/client.h"
#include "client/stream_watchdog.h"

namespace beatframe::client {
namespace {

namespace v1 = beatframe::v1;

constexpr auto kListDeadline = std::chrono::seconds(30);

absl::Status JobError(const v1::JobError& error) {
  const int code = error.code();
  const auto absl_code =
      (code > 0 && code <= 16) ? static_cast<absl::StatusCode>(code) : absl::StatusCode::kUnknown;
  return absl::Status(absl_code, error.message());
}

}  // namespace

absl::Status BeatframeClient::Send(const v1::SendRequest& request,
                                   const std::function<bool(const v1::SendEvent&)>& on_event) {
  grpc::ClientContext context;
  if (absl::Status auth = Authorize(context); !auth.ok()) return auth;
  CancellableCall call(canceller_, &context);
  if (!call.ok()) return absl::CancelledError("cancelled");
  // A render streams at least a heartbeat every 5 s; the turn itself is quick.
  StreamWatchdog watchdog(&context, options_.stream_idle_limit);
  auto reader = stub_->Send(&context, request);
  v1::SendEvent event;
  while (reader->Read(&event)) {
    watchdog.Touch();
    if (!on_event(event)) {
      // The caller has what it wanted (e.g. --detach): leave, the job runs on.
      context.TryCancel();
      reader->Finish();
      return absl::OkStatus();
    }
  }
  const grpc::Status status = reader->Finish();
  if (watchdog.fired()) {
    return absl::UnavailableError(
        absl::StrCat("no word from the server for ", absl::FormatDuration(options_.stream_idle_limit)));
  }
  return FromGrpcStatus(status);
}

absl::StatusOr<v1::RenderResult> BeatframeClient::WatchJob(const std::string& session_id, const std::string& job_id,
                                                           const JobEventFn& on_event) {
  std::optional<v1::RenderResult> result;
  absl::Status job_error;
  grpc::Status stream_status;
  bool went_silent = false;
  {
    grpc::ClientContext context;
    if (absl::Status auth = Authorize(context); !auth.ok()) return auth;
    CancellableCall call(canceller_, &context);
    if (!call.ok()) return absl::CancelledError("cancelled");
    StreamWatchdog watchdog(&context, options_.stream_idle_limit);
    v1::WatchJobRequest request;
    request.set_session_id(session_id);
    request.set_job_id(job_id);
    auto reader = stub_->WatchJob(&context, request);
    v1::JobEvent event;
    while (reader->Read(&event)) {
      watchdog.Touch();
      if (on_event) on_event(event);
      if (event.has_result()) result = event.result();
      if (event.has_error()) job_error = JobError(event.error());
    }
    stream_status = reader->Finish();
    went_silent = watchdog.fired();
  }
  if (result.has_value()) return *std::move(result);
  if (!job_error.ok()) return job_error;
  if (canceller_.cancelled()) {
    return absl::CancelledError(absl::StrCat("cancelled; job ", job_id, " keeps running on the server"));
  }
  const absl::Status stream = FromGrpcStatus(stream_status);
  const bool transient = stream.code() == absl::StatusCode::kUnavailable ||
                         stream.code() == absl::StatusCode::kDeadlineExceeded;
  // NOT_FOUND and the like are answers; a broken stream is not.
  if (!went_silent && !stream.ok() && !transient) return stream;
  return FollowJob(session_id, job_id, on_event);
}

absl::StatusOr<v1::ListDraftsResponse> BeatframeClient::ListDrafts(const std::string& session_id) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kListDeadline);
  if (absl::Status auth = Authorize(context); !auth.ok()) return auth;
  CancellableCall call(canceller_, &context);
  if (!call.ok()) return absl::CancelledError("cancelled");
  v1::ListDraftsRequest request;
  request.set_session_id(session_id);
  v1::ListDraftsResponse response;
  const grpc::Status status = stub_->ListDrafts(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

absl::StatusOr<v1::ListJobsResponse> BeatframeClient::ListJobs(const std::string& session_id) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kListDeadline);
  if (absl::Status auth = Authorize(context); !auth.ok()) return auth;
  CancellableCall call(canceller_, &context);
  if (!call.ok()) return absl::CancelledError("cancelled");
  v1::ListJobsRequest request;
  request.set_session_id(session_id);
  v1::ListJobsResponse response;
  const grpc::Status status = stub_->ListJobs(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

}  // namespace beatframe::client
