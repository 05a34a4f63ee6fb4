// BeatframeClient's job calls: Generate's event stream, and the GetJob
// polling it falls back to when that stream breaks while the job runs on.
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/client.h"
#include "client/stream_watchdog.h"

namespace beatframe::client {
namespace {

namespace v1 = beatframe::v1;

// GetJob answers at once; a slow answer is treated like no answer.
constexpr auto kGetJobDeadline = std::chrono::seconds(10);
// Granularity of a cancellable sleep between polls.
constexpr absl::Duration kSleepStep = absl::Milliseconds(50);

absl::Status JobErrorStatus(const v1::JobError& error) {
  const int code = error.code();
  // A failed job with no usable code is still a failure.
  const auto absl_code =
      (code > 0 && code <= 16) ? static_cast<absl::StatusCode>(code) : absl::StatusCode::kUnknown;
  return absl::Status(absl_code, error.message());
}

absl::Status CancelledFollowing(const std::string& job_id) {
  if (job_id.empty()) return absl::CancelledError("cancelled");
  return absl::CancelledError(
      absl::StrCat("cancelled; job ", job_id, " keeps running on the server"));
}

bool IsTransient(absl::StatusCode code) {
  return code == absl::StatusCode::kUnavailable || code == absl::StatusCode::kDeadlineExceeded;
}

// What one Generate stream delivered before it ended.
struct StreamOutcome {
  std::string job_id;
  std::optional<v1::RenderResult> result;
  absl::Status job_error;
  grpc::Status stream_status;
  bool went_silent = false;
};

}  // namespace

absl::StatusOr<v1::RenderResult> BeatframeClient::Generate(const v1::GenerateRequest& request,
                                                           const JobEventFn& on_event) {
  StreamOutcome outcome;
  {
    grpc::ClientContext context;
    if (absl::Status auth = Authorize(context); !auth.ok()) return auth;
    CancellableCall call(canceller_, &context);
    if (!call.ok()) return CancelledFollowing("");
    // Declared after the context so it stops before the context goes away.
    StreamWatchdog watchdog(&context, options_.stream_idle_limit);
    auto reader = stub_->Generate(&context, request);
    v1::JobEvent event;
    while (reader->Read(&event)) {
      watchdog.Touch();
      outcome.job_id = event.job_id();
      if (on_event) on_event(event);
      if (event.has_result()) outcome.result = event.result();
      if (event.has_error()) outcome.job_error = JobErrorStatus(event.error());
    }
    outcome.stream_status = reader->Finish();
    outcome.went_silent = watchdog.fired();
  }
  if (outcome.result.has_value()) return *std::move(outcome.result);
  if (!outcome.job_error.ok()) return outcome.job_error;
  if (canceller_.cancelled()) return CancelledFollowing(outcome.job_id);

  const absl::Status stream = FromGrpcStatus(outcome.stream_status);
  const bool broken = outcome.went_silent || stream.ok() || IsTransient(stream.code());
  if (!broken) return stream;
  if (outcome.job_id.empty()) {
    // No event yet, so there is no job to follow.
    if (outcome.went_silent) {
      return absl::UnavailableError(absl::StrCat("no word from the server for ",
                                                 absl::FormatDuration(options_.stream_idle_limit)));
    }
    if (stream.ok()) return absl::InternalError("the server ended the job stream without an event");
    return stream;
  }
  // The job runs on without the stream: follow it another way.
  return FollowJob(request.session_id(), outcome.job_id, on_event);
}

absl::StatusOr<v1::JobStatus> BeatframeClient::GetJob(const std::string& session_id,
                                                      const std::string& job_id) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kGetJobDeadline);
  if (absl::Status auth = Authorize(context); !auth.ok()) return auth;
  CancellableCall call(canceller_, &context);
  if (!call.ok()) return absl::CancelledError("cancelled");
  v1::GetJobRequest request;
  request.set_session_id(session_id);
  request.set_job_id(job_id);
  v1::JobStatus response;
  grpc::Status status = stub_->GetJob(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

absl::StatusOr<v1::RenderResult> BeatframeClient::FollowJob(const std::string& session_id,
                                                            const std::string& job_id,
                                                            const JobEventFn& on_event) {
  std::optional<absl::Time> unreachable_since;
  while (true) {
    absl::StatusOr<v1::JobStatus> job = GetJob(session_id, job_id);
    if (canceller_.cancelled()) return CancelledFollowing(job_id);
    if (job.ok()) {
      unreachable_since.reset();
      v1::JobEvent event;
      event.set_job_id(job_id);
      *event.mutable_progress() = job->progress();
      if (job->has_result()) *event.mutable_result() = job->result();
      if (job->has_error()) *event.mutable_error() = job->error();
      if (on_event) on_event(event);
      if (job->has_result()) return job->result();
      if (job->has_error()) return JobErrorStatus(job->error());
    } else if (IsTransient(job.status().code())) {
      if (!unreachable_since.has_value()) unreachable_since = absl::Now();
      if (absl::Now() - *unreachable_since > options_.reconnect_window) {
        return absl::Status(job.status().code(),
                            absl::StrCat("lost the server while following job ", job_id, ": ",
                                         job.status().message()));
      }
    } else {
      return absl::Status(job.status().code(),
                          absl::StrCat("follow job ", job_id, ": ", job.status().message()));
    }
    for (absl::Duration slept; slept < options_.job_poll_interval; slept += kSleepStep) {
      if (canceller_.cancelled()) return CancelledFollowing(job_id);
      absl::SleepFor(kSleepStep);
    }
  }
}

}  // namespace beatframe::client
