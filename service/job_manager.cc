#include "service/job_manager.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "engine/common/status_macros.h"
#include "service/credits.h"
#include "service/job_spec_codec.h"
#include "service/local_render_backend.h"
#include "service/metrics_registry.h"
#include "service/proto_convert.h"
#include "service/sha256.h"

namespace beatframe::service {
namespace {

constexpr char kShutdownMessage[] = "the server is shutting down; try again later";
constexpr char kCancelledMessage[] = "cancelled with CancelJob";

}  // namespace

JobManager::JobManager(Storage& storage, const JobManagerOptions& options)
    : storage_(storage),
      options_(options),
      backend_(options.backend != nullptr ? options.backend : std::make_shared<LocalRenderBackend>()),
      workers_(options.workers) {
  heartbeat_thread_ = std::thread([this] { HeartbeatLoop(); });
}

JobManager::~JobManager() { Shutdown(); }

absl::StatusOr<std::shared_ptr<Job>> JobManager::Start(JobSpec spec) {
  auto job = std::make_shared<Job>(std::move(spec), options_.progress_interval);
  const JobSpec& s = job->spec();
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_) return absl::UnavailableError(kShutdownMessage);
  if (draining_) return DrainingError();
  JobRecord record{s.job_id, s.session_id, s.asset_id, s.prompt, s.aspect, s.output_id};
  record.stage = v1::JOB_STAGE_QUEUED;
  record.created_unix_ms = record.updated_unix_ms = NowUnixMs();
  record.contact_sheet_id = s.contact_sheet_id;
  record.credits = s.credits;
  record.spec_json = EncodeJobSpec(s);
  BF_RETURN_IF_ERROR(storage_.InsertJob(record));
  BF_RETURN_IF_ERROR(EnqueueLocked(job));
  return job;
}

absl::Status JobManager::EnqueueLocked(const std::shared_ptr<Job>& job) {
  waiting_.push_back(job);
  job->Queued(static_cast<int>(waiting_.size()));
  active_.emplace(job->id(), job);
  // Under mu_, so CancelAll cannot slip between the caller's check and the queueing.
  if (!workers_.Submit([this, job] { RunJob(job); })) {
    active_.erase(job->id());
    waiting_.pop_back();
    const absl::Status status = absl::UnavailableError(kShutdownMessage);
    Record(*job, status);
    return status;
  }
  return absl::OkStatus();
}

bool JobManager::LeaveQueueLocked(const std::shared_ptr<Job>& job) {
  const auto it = std::find(waiting_.begin(), waiting_.end(), job);
  if (it == waiting_.end()) return false;
  waiting_.erase(it);
  job->SetQueuePosition(0);
  // Everyone behind moves up one place and hears about it.
  for (size_t i = 0; i < waiting_.size(); ++i) waiting_[i]->SetQueuePosition(static_cast<int>(i) + 1);
  return true;
}

std::shared_ptr<Job> JobManager::Cancel(const std::string& job_id) {
  std::shared_ptr<Job> job;
  bool was_queued = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto it = active_.find(job_id);
    if (it == active_.end()) return nullptr;
    job = it->second;
    was_queued = LeaveQueueLocked(job);
    if (was_queued) active_.erase(it);
  }
  if (!was_queued) {
    // Running: the render stops at its next check and RunJob records the end.
    job->Cancel(Job::CancelReason::kUser);
    return job;
  }
  // Queued: no worker has it; end it here. Its RunJob finds it gone and returns.
  const absl::Status cancelled = absl::CancelledError(kCancelledMessage);
  Record(*job, cancelled);
  job->Fail(cancelled);
  if (options_.log_to_stderr) std::fprintf(stderr, "beatframed: job %s cancelled while queued\n", job_id.c_str());
  return job;
}

std::shared_ptr<Job> JobManager::FindActive(const std::string& job_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = active_.find(job_id);
  return it == active_.end() ? nullptr : it->second;
}

void JobManager::CancelAll() {
  std::lock_guard<std::mutex> lock(mu_);
  shutting_down_ = true;
  for (auto& [id, job] : active_) job->Cancel(Job::CancelReason::kShutdown);
}

void JobManager::Shutdown() {
  CancelAll();
  // Queued jobs still pass through RunJob, see the flag and are interrupted.
  workers_.Shutdown();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_heartbeats_ = true;
  }
  heartbeat_cv_.notify_all();
  if (heartbeat_thread_.joinable()) heartbeat_thread_.join();
}

void JobManager::RunJob(const std::shared_ptr<Job>& job) {
  const JobSpec& spec = job->spec();
  const absl::Time start = absl::Now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Cancelled while it waited: CancelJob has already ended it.
    if (!LeaveQueueLocked(job)) return;
  }
  absl::StatusOr<v1::RenderResult> result = absl::CancelledError(kCancelledMessage);
  if (!job->cancelled()) {
    JobRecord running{spec.job_id};
    running.state = kJobRunning;
    running.stage = v1::JOB_STAGE_DECODING;
    running.updated_unix_ms = NowUnixMs();
    const absl::Status recorded = storage_.UpdateJob(running);
    if (options_.log_to_stderr) {
      std::fprintf(stderr, "beatframed: job %s started: session %s, asset %s, aspect '%s'\n", spec.job_id.c_str(),
                   spec.session_id.c_str(), spec.asset_id.c_str(), spec.aspect.c_str());
    }
    Metrics().JobStarted();
    result = recorded.ok() ? Render(*job) : recorded;
    if (!result.ok() && job->cancelled()) result = absl::CancelledError(kCancelledMessage);
  }
  if (!result.ok() && job->cancel_reason() == Job::CancelReason::kShutdown) {
    // Not an end: the job stays queued/running in the database and the next
    // run resumes it. Its streams end UNAVAILABLE without a final event.
    job->Interrupt();
    Metrics().JobFinished(JobOutcome::kInterrupted);
    if (options_.log_to_stderr) {
      std::fprintf(stderr, "beatframed: job %s interrupted by shutdown; it resumes on restart\n", spec.job_id.c_str());
    }
    std::lock_guard<std::mutex> lock(mu_);
    active_.erase(spec.job_id);
    return;
  }
  // What the video actually cost, never more than the job held.
  const int64_t charge = result.ok() ? std::min(spec.credits, CreditsForDuration(result->duration_s())) : 0;
  // The database first, then the final event: a client that reads the final
  // event and calls GetJob or Download must find the job recorded.
  Record(*job, result.status(), charge);
  if (result.ok()) Metrics().JobFinished(JobOutcome::kDone, absl::ToDoubleSeconds(absl::Now() - start));
  if (result.ok()) {
    job->Succeed(*result);
  } else {
    job->Fail(result.status());
  }
  if (options_.log_to_stderr) {
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    if (result.ok()) {
      std::fprintf(stderr, "beatframed: job %s done in %.1f s: output %s, %dx%d, %.1f s, %lld bytes\n",
                   spec.job_id.c_str(), seconds, result->output_id().c_str(), result->width(), result->height(),
                   result->duration_s(), static_cast<long long>(result->size_bytes()));
    } else {
      std::fprintf(stderr, "beatframed: job %s failed after %.1f s: %s\n", spec.job_id.c_str(), seconds,
                   result.status().ToString().c_str());
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  active_.erase(spec.job_id);
}

absl::StatusOr<OutputRecord> JobManager::RecordContactSheet(const JobSpec& spec, const OutputRecord& video) {
  OutputRecord sheet = video;  // same job and session; the render's facts describe it too
  sheet.output_id = spec.contact_sheet_id;
  sheet.path = spec.contact_sheet_path;
  std::error_code ec;
  sheet.size_bytes = static_cast<int64_t>(std::filesystem::file_size(sheet.path, ec));
  if (ec) return absl::InternalError(absl::StrCat("the contact sheet is missing: ", ec.message()));
  BF_ASSIGN_OR_RETURN(sheet.sha256, Sha256OfFile(sheet.path));
  if (absl::Status status = storage_.InsertOutput(sheet); !status.ok()) {
    std::filesystem::remove(sheet.path, ec);
    return status;
  }
  return sheet;
}

absl::StatusOr<v1::RenderResult> JobManager::Render(Job& job) {
  const JobSpec& spec = job.spec();
  BF_ASSIGN_OR_RETURN(
      const BackendRender rendered,
      backend_->Render(spec, [&job](const RenderProgress& progress) { job.OnProgress(progress); }, job.cancel_flag()));

  OutputRecord output;
  output.output_id = spec.output_id;
  output.session_id = spec.session_id;
  output.job_id = spec.job_id;
  output.path = spec.output_path;
  std::error_code ec;
  output.size_bytes = static_cast<int64_t>(std::filesystem::file_size(spec.output_path, ec));
  if (ec) return absl::InternalError(absl::StrCat("rendered output is missing: ", ec.message()));
  BF_ASSIGN_OR_RETURN(output.sha256, Sha256OfFile(spec.output_path));
  output.duration_s = rendered.duration_s;
  output.width = rendered.width;
  output.height = rendered.height;
  output.fps_num = rendered.fps_num;
  output.fps_den = rendered.fps_den;
  output.style = rendered.style;
  output.palette = rendered.palette;
  output.tempo_bpm = rendered.tempo_bpm;
  output.beat_count = rendered.beat_count;
  output.created_unix_ms = NowUnixMs();
  if (absl::Status status = storage_.InsertOutput(output); !status.ok()) {
    // An unrecorded file could never be downloaded or cleaned up.
    std::filesystem::remove(spec.output_path, ec);
    if (!spec.contact_sheet_path.empty()) std::filesystem::remove(spec.contact_sheet_path, ec);
    return status;
  }
  v1::RenderResult result = OutputToProto(output);
  if (rendered.wrote_preview) {
    BF_ASSIGN_OR_RETURN(const OutputRecord sheet, RecordContactSheet(spec, output));
    result.set_contact_sheet_id(sheet.output_id);
  }
  return result;
}

void JobManager::Record(const Job& job, const absl::Status& status, int64_t charge_credits) {
  JobRecord record{job.id()};
  record.updated_unix_ms = NowUnixMs();
  if (status.ok()) {
    record.state = kJobDone;
    record.stage = v1::JOB_STAGE_DONE;
    record.fraction = 1.0;
  } else {
    const bool cancelled = status.code() == absl::StatusCode::kCancelled;
    record.state = cancelled ? kJobCancelled : kJobFailed;
    record.stage = cancelled ? v1::JOB_STAGE_CANCELLED : v1::JOB_STAGE_FAILED;
    record.fraction = job.Status().progress().fraction();
    record.error_code = static_cast<int>(status.code());
    record.error_message = std::string(status.message());
  }
  if (absl::Status recorded = storage_.UpdateJob(record, status.ok() ? charge_credits : 0); !recorded.ok()) {
    // Nothing better to do: the live job still reports its outcome.
    std::fprintf(stderr, "beatframed: job %s: %s\n", job.id().c_str(), recorded.ToString().c_str());
  }
  // Every failed or cancelled end passes through here once; RunJob counts successes with their time.
  if (!status.ok()) {
    Metrics().JobFinished(status.code() == absl::StatusCode::kCancelled ? JobOutcome::kCancelled : JobOutcome::kFailed);
  }
}

void JobManager::HeartbeatLoop() {
  // Check a few times per interval so a heartbeat is never much later than due.
  const auto tick = std::chrono::milliseconds(
      std::clamp<int64_t>(absl::ToInt64Milliseconds(options_.heartbeat_interval) / 4, 10, 250));
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_heartbeats_) {
    heartbeat_cv_.wait_for(lock, tick);
    std::vector<std::shared_ptr<Job>> jobs;
    jobs.reserve(active_.size());
    for (const auto& [id, job] : active_) jobs.push_back(job);
    lock.unlock();
    for (const auto& job : jobs) job->MaybeHeartbeat(options_.heartbeat_interval);
    lock.lock();
  }
}

}  // namespace beatframe::service
