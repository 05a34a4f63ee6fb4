#include "service/metrics_registry.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "service/metrics_process.h"

namespace beatframe::service {
namespace {

constexpr const char* kOutcomeLabels[] = {"done", "failed", "cancelled", "interrupted"};

// "# HELP name help\n# TYPE name type\n"
void AppendFamily(std::string* out, absl::string_view name, absl::string_view type, absl::string_view help) {
  absl::StrAppend(out, "# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n");
}

}  // namespace

ServiceMetrics& ServiceMetrics::Global() {
  // Never destroyed: worker threads may still bump it while the process exits.
  static ServiceMetrics* const metrics = new ServiceMetrics();
  return *metrics;
}

void ServiceMetrics::JobStarted() { jobs_started_.fetch_add(1); }

void ServiceMetrics::JobFinished(JobOutcome outcome, double render_seconds) {
  jobs_finished_[static_cast<size_t>(outcome)].fetch_add(1);
  if (outcome != JobOutcome::kDone) return;
  render_seconds = std::max(render_seconds, 0.0);
  std::lock_guard<std::mutex> lock(histogram_mu_);
  ++render_count_;
  render_seconds_sum_ += render_seconds;
  for (size_t i = 0; i < kRenderSecondsBuckets.size(); ++i) {
    if (render_seconds <= kRenderSecondsBuckets[i]) {
      ++render_buckets_[i];
      break;
    }
  }
}

void ServiceMetrics::UploadStored(int64_t bytes) {
  uploads_.fetch_add(1);
  uploaded_bytes_.fetch_add(std::max<int64_t>(bytes, 0));
}

int64_t ServiceMetrics::jobs_finished(JobOutcome outcome) const {
  return jobs_finished_[static_cast<size_t>(outcome)].load();
}

std::string ServiceMetrics::RenderText(const MetricsSnapshot& now) const {
  std::string out;
  AppendFamily(&out, "beatframe_jobs", "gauge", "Render jobs in this server by state, now.");
  absl::StrAppend(&out, "beatframe_jobs{state=\"queued\"} ", now.jobs_queued, "\n");
  absl::StrAppend(&out, "beatframe_jobs{state=\"running\"} ", now.jobs_running, "\n");
  AppendFamily(&out, "beatframe_job_queue_depth", "gauge", "Render jobs waiting for a worker.");
  absl::StrAppend(&out, "beatframe_job_queue_depth ", now.jobs_queued, "\n");
  AppendFamily(&out, "beatframe_jobs_started_total", "counter", "Render jobs that began rendering.");
  absl::StrAppend(&out, "beatframe_jobs_started_total ", jobs_started_.load(), "\n");
  AppendFamily(&out, "beatframe_jobs_finished_total", "counter",
               "Render jobs that ended, by final state (interrupted: stopped by a shutdown, resumed on restart).");
  for (size_t i = 0; i < jobs_finished_.size(); ++i) {
    absl::StrAppend(&out, "beatframe_jobs_finished_total{state=\"", kOutcomeLabels[i], "\"} ",
                    jobs_finished_[i].load(), "\n");
  }
  {
    std::lock_guard<std::mutex> lock(histogram_mu_);
    AppendFamily(&out, "beatframe_render_seconds", "histogram",
                 "Wall time of successful renders, from leaving the queue to the recorded output.");
    int64_t cumulative = 0;
    for (size_t i = 0; i < kRenderSecondsBuckets.size(); ++i) {
      cumulative += render_buckets_[i];
      absl::StrAppend(&out, "beatframe_render_seconds_bucket{le=\"", absl::StrFormat("%g", kRenderSecondsBuckets[i]),
                      "\"} ", cumulative, "\n");
    }
    absl::StrAppend(&out, "beatframe_render_seconds_bucket{le=\"+Inf\"} ", render_count_, "\n");
    absl::StrAppend(&out, "beatframe_render_seconds_sum ", absl::StrFormat("%.6f", render_seconds_sum_), "\n");
    absl::StrAppend(&out, "beatframe_render_seconds_count ", render_count_, "\n");
  }
  AppendFamily(&out, "beatframe_uploads_total", "counter", "Uploads stored as assets.");
  absl::StrAppend(&out, "beatframe_uploads_total ", uploads_.load(), "\n");
  AppendFamily(&out, "beatframe_uploaded_bytes_total", "counter", "Bytes of uploads stored as assets.");
  absl::StrAppend(&out, "beatframe_uploaded_bytes_total ", uploaded_bytes_.load(), "\n");
  AppendFamily(&out, "beatframe_draining", "gauge", "1 once SIGTERM was received: new jobs are refused.");
  absl::StrAppend(&out, "beatframe_draining ", now.draining ? 1 : 0, "\n");
  AppendProcessMetrics(&out);
  return out;
}

}  // namespace beatframe::service
