// The server's Prometheus metrics: process-wide counters and a render-time
// histogram that the job manager and the upload reactor bump as things happen,
// and the text exposition format (version 0.0.4) that /metrics serves
// (metrics_http_server.h). Gauges that describe the present (jobs queued and
// running, draining) are read at scrape time by the caller and passed in, so
// nothing here can drift from the job manager's own view.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

namespace beatframe::service {

// How a job left the job manager, for beatframe_jobs_finished_total{state}.
// kInterrupted: stopped by a shutdown; it stays unfinished and resumes on the
// next start, so it is not an end for the client.
enum class JobOutcome { kDone, kFailed, kCancelled, kInterrupted };

// The present, read by the server when /metrics is scraped.
struct MetricsSnapshot {
  int64_t jobs_queued = 0;   // waiting for a render worker
  int64_t jobs_running = 0;  // rendering now
  bool draining = false;     // SIGTERM received: no new jobs
};

// Counters are per process, as Prometheus expects: several servers in one
// process (tests) add up. Thread-safe; cheap enough to call per event.
class ServiceMetrics {
 public:
  // The one instance of the process.
  static ServiceMetrics& Global();

  // Upper bounds (seconds) of the render-time histogram buckets; +Inf is implied.
  static constexpr std::array<double, 11> kRenderSecondsBuckets = {1,  2,   5,   10,  20,  30,
                                                                   60, 120, 300, 600, 1200};

  // A job began rendering (left the queue and was not cancelled first).
  void JobStarted();
  // A job ended (or was interrupted); `render_seconds` is the wall time of a
  // successful render, observed in the histogram for kDone only.
  void JobFinished(JobOutcome outcome, double render_seconds = 0.0);
  // An upload was stored as an asset.
  void UploadStored(int64_t bytes);

  // The whole exposition: this registry's counters, `now`'s gauges and the
  // process_* basics, each family with # HELP and # TYPE.
  std::string RenderText(const MetricsSnapshot& now) const;

  // Read-back for tests.
  int64_t jobs_started() const { return jobs_started_.load(); }
  int64_t jobs_finished(JobOutcome outcome) const;
  int64_t uploaded_bytes() const { return uploaded_bytes_.load(); }
  int64_t uploads() const { return uploads_.load(); }

 private:
  std::atomic<int64_t> jobs_started_{0};
  std::array<std::atomic<int64_t>, 4> jobs_finished_{};  // indexed by JobOutcome
  std::atomic<int64_t> uploaded_bytes_{0};
  std::atomic<int64_t> uploads_{0};

  mutable std::mutex histogram_mu_;
  std::array<int64_t, kRenderSecondsBuckets.size()> render_buckets_{};  // non-cumulative; guarded
  int64_t render_count_ = 0;                                             // guarded by histogram_mu_
  double render_seconds_sum_ = 0.0;                                      // guarded by histogram_mu_
};

// Shorthand for ServiceMetrics::Global().
inline ServiceMetrics& Metrics() { return ServiceMetrics::Global(); }

}  // namespace beatframe::service
