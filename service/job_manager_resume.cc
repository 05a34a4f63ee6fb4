// JobManager::ResumeUnfinished: after a restart (a clean shutdown or a crash,
// even SIGKILL) every job that was queued or running runs again from the
// start under its own ids, so clients that reconnect (WatchJob, GetJob) see
// it finish. Its credits stay frozen throughout: the row never left 'queued'
// or 'running'.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
#include "service/credits.h"
#include "service/job_manager.h"
#include "service/job_spec_codec.h"

namespace beatframe::service {
namespace {

// Whatever an interrupted render may have left where its outputs go.
void RemoveLeftovers(const JobSpec& spec) {
  std::error_code ec;
  for (const std::string& path : {spec.output_path, spec.contact_sheet_path}) {
    if (path.empty()) continue;
    std::filesystem::remove(path, ec);
    std::filesystem::remove(path + ".partial", ec);
  }
}

}  // namespace

absl::Status JobManager::ResumeUnfinished() {
  BF_ASSIGN_OR_RETURN(const std::vector<JobRecord> unfinished, storage_.ListUnfinishedJobs());
  for (const JobRecord& record : unfinished) {
    JobRecord update{record.job_id};
    update.updated_unix_ms = NowUnixMs();
    absl::StatusOr<JobSpec> spec = DecodeJobSpec(record.spec_json);
    if (!spec.ok()) {
      update.state = kJobFailed;
      update.stage = v1::JOB_STAGE_FAILED;
      update.error_code = static_cast<int>(absl::StatusCode::kInternal);
      update.error_message = absl::StrCat("the server restarted and cannot resume this job (", spec.status().message(),
                                          "); generate again");
      BF_RETURN_IF_ERROR(storage_.UpdateJob(update));
      continue;
    }
    // The crash came after the output was recorded but before the job was:
    // the work is done, only the bookkeeping is missing.
    if (absl::StatusOr<OutputRecord> output = storage_.GetOutput(record.session_id, record.output_id); output.ok()) {
      update.state = kJobDone;
      update.stage = v1::JOB_STAGE_DONE;
      update.fraction = 1.0;
      BF_RETURN_IF_ERROR(
          storage_.UpdateJob(update, std::min(spec->credits, CreditsForDuration(output->duration_s))));
      continue;
    }
    RemoveLeftovers(*spec);
    update.state = kJobQueued;
    update.stage = v1::JOB_STAGE_QUEUED;
    BF_RETURN_IF_ERROR(storage_.UpdateJob(update));
    auto job = std::make_shared<Job>(*std::move(spec), options_.progress_interval);
    {
      std::lock_guard<std::mutex> lock(mu_);
      BF_RETURN_IF_ERROR(EnqueueLocked(job));
    }
    if (options_.log_to_stderr) {
      std::fprintf(stderr, "beatframed: job %s resumed after a restart (session %s)\n", job->id().c_str(),
                   job->spec().session_id.c_str());
    }
  }
  return absl::OkStatus();
}

}  // namespace beatframe::service
