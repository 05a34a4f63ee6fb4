// BeatframeService's job RPCs: GetJob, CancelJob, WatchJob and ListJobs. A job
// is read live from the JobManager while it is queued or running, else from
// Storage; either way it must belong to a session of the caller's token.
#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "engine/common/status_macros.h"
#include "service/beatframe_service.h"
#include "service/job_stream_reactor.h"
#include "service/proto_convert.h"
#include "service/status_mapping.h"

namespace beatframe::service {
namespace {

// Jobs ListJobs returns at most (the newest).
constexpr int kMaxListedJobs = 1000;

// A stored job that has left memory, as JobStatus.
absl::StatusOr<v1::JobStatus> StoredJobStatus(Storage& storage, const JobRecord& job) {
  v1::JobStatus status;
  status.set_job_id(job.job_id);
  status.set_created_unix_ms(job.created_unix_ms);
  v1::JobProgress* progress = status.mutable_progress();
  progress->set_stage(static_cast<v1::JobStage>(job.stage));
  progress->set_fraction(job.fraction);
  progress->set_eta_s(-1.0);
  if (job.state == kJobDone) {
    BF_ASSIGN_OR_RETURN(const OutputRecord output, storage.GetOutput(job.session_id, job.output_id));
    *status.mutable_result() = OutputToProto(output);
    // Recorded only if the render wrote it.
    if (!job.contact_sheet_id.empty() && storage.GetOutput(job.session_id, job.contact_sheet_id).ok()) {
      status.mutable_result()->set_contact_sheet_id(job.contact_sheet_id);
    }
  } else if (job.state == kJobFailed || job.state == kJobCancelled) {
    status.mutable_error()->set_code(job.error_code);
    status.mutable_error()->set_message(job.error_message);
  }
  return status;
}

// The live status of an active job, with the stored creation time.
v1::JobStatus LiveJobStatus(const Job& job, const JobRecord& record) {
  v1::JobStatus status = job.Status();
  status.set_created_unix_ms(record.created_unix_ms);
  return status;
}

// How a JobEvent stream of an ended job finishes: like the job did.
grpc::Status EndedStreamStatus(const v1::JobStatus& status) {
  if (!status.has_error()) return grpc::Status::OK;
  return ToGrpcStatus(ErrorFromProto(status.error()));
}

}  // namespace

absl::StatusOr<v1::JobStatus> BeatframeService::FindJobStatus(const std::string& session_id,
                                                              const std::string& job_id) {
  BF_ASSIGN_OR_RETURN(const JobRecord record, storage_.GetJob(session_id, job_id));
  if (std::shared_ptr<Job> live = jobs_.FindActive(job_id); live != nullptr) return LiveJobStatus(*live, record);
  return StoredJobStatus(storage_, record);
}

grpc::ServerUnaryReactor* BeatframeService::GetJob(grpc::CallbackServerContext* context,
                                                   const v1::GetJobRequest* request, v1::JobStatus* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status = AuthorizeSession(*context, request->session_id());
  if (status.ok()) {
    absl::StatusOr<v1::JobStatus> job = FindJobStatus(request->session_id(), request->job_id());
    if (job.ok()) *response = *std::move(job);
    status = job.status();
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* BeatframeService::ListJobs(grpc::CallbackServerContext* context,
                                                     const v1::ListJobsRequest* request,
                                                     v1::ListJobsResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status = AuthorizeSession(*context, request->session_id());
  absl::StatusOr<std::vector<JobRecord>> records =
      status.ok() ? storage_.ListJobs(request->session_id(), kMaxListedJobs) : status;
  status = records.status();
  for (size_t i = 0; status.ok() && i < records->size(); ++i) {
    const JobRecord& record = (*records)[i];
    if (std::shared_ptr<Job> live = jobs_.FindActive(record.job_id); live != nullptr) {
      *response->add_jobs() = LiveJobStatus(*live, record);
      continue;
    }
    absl::StatusOr<v1::JobStatus> stored = StoredJobStatus(storage_, record);
    if (stored.ok()) *response->add_jobs() = *std::move(stored);
    status = stored.status();
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* BeatframeService::CancelJob(grpc::CallbackServerContext* context,
                                                      const v1::CancelJobRequest* request, v1::JobStatus* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Status authorized = AuthorizeSession(*context, request->session_id());
  absl::StatusOr<JobRecord> record =
      authorized.ok() ? storage_.GetJob(request->session_id(), request->job_id()) : authorized;
  if (!record.ok()) {
    reactor->Finish(ToGrpcStatus(record.status()));
    return reactor;
  }
  std::shared_ptr<Job> job = jobs_.Cancel(request->job_id());
  if (job == nullptr) {
    // Already ended: cancelling changes nothing.
    absl::StatusOr<v1::JobStatus> stored = StoredJobStatus(storage_, *record);
    if (stored.ok()) *response = *std::move(stored);
    reactor->Finish(ToGrpcStatus(stored.status()));
    return reactor;
  }
  // A running job stops at its next frame: answer once it has ended, so the
  // reply shows CANCELLED (or DONE, if it finished first).
  auto answered = std::make_shared<std::atomic<bool>>(false);
  std::weak_ptr<Job> weak = job;
  auto answer_if_ended = [weak, answered, reactor, response, created = record->created_unix_ms] {
    std::shared_ptr<Job> job = weak.lock();
    if (job == nullptr || (!job->finished() && !job->interrupted())) return;
    if (answered->exchange(true)) return;
    if (job->interrupted()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                   "the server is shutting down; the job resumes when it restarts"));
      return;
    }
    *response = job->Status();
    response->set_created_unix_ms(created);
    reactor->Finish(grpc::Status::OK);
  };
  const int subscription = job->Subscribe(answer_if_ended);
  answer_if_ended();  // it may have ended before Subscribe
  if (answered->load()) job->Unsubscribe(subscription);
  return reactor;
}

grpc::ServerWriteReactor<v1::JobEvent>* BeatframeService::WatchJob(grpc::CallbackServerContext* context,
                                                                   const v1::WatchJobRequest* request) {
  const absl::Status authorized = AuthorizeSession(*context, request->session_id());
  absl::StatusOr<JobRecord> record =
      authorized.ok() ? storage_.GetJob(request->session_id(), request->job_id()) : authorized;
  if (!record.ok()) return JobStreamReactor::Fail(ToGrpcStatus(record.status()));
  if (std::shared_ptr<Job> live = jobs_.FindActive(request->job_id()); live != nullptr) {
    v1::JobEvent first;
    const size_t next = live->Snapshot(&first);
    return JobStreamReactor::Follow(std::move(live), next, std::move(first));
  }
  if (record->state == kJobQueued || record->state == kJobRunning) {
    // Not active here yet the row says unfinished: the server is stopping.
    return JobStreamReactor::Fail(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                               "the job is not running on this server right now; retry shortly"));
  }
  absl::StatusOr<v1::JobStatus> stored = StoredJobStatus(storage_, *record);
  if (!stored.ok()) return JobStreamReactor::Fail(ToGrpcStatus(stored.status()));
  // Only the final state is left of a job that ended in an earlier run.
  v1::JobEvent event;
  event.set_job_id(stored->job_id());
  event.set_time_unix_ms(absl::ToUnixMillis(absl::Now()));
  *event.mutable_progress() = stored->progress();
  if (stored->has_result()) *event.mutable_result() = stored->result();
  if (stored->has_error()) *event.mutable_error() = stored->error();
  return JobStreamReactor::Single(std::move(event), EndedStreamStatus(*stored));
}

}  // namespace beatframe::service
