// Runs render jobs on a bounded worker pool, keeps the live ones in memory for
// Generate streams and GetJob, emits heartbeats for quiet jobs, and records
// every job and output in Storage. A job belongs to the server, not to the RPC
// that started it: a client that goes away does not stop it.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/job.h"
#include "service/render_backend.h"
#include "service/storage.h"
#include "service/worker_pool.h"

namespace beatframe::service {

struct JobManagerOptions {
  // Renders at once. One by default: a render already keeps two cores busy.
  int workers = 1;
  // A heartbeat event follows this much silence (the API promises <= 5 s).
  absl::Duration heartbeat_interval = absl::Seconds(2);
  // Least time between two `progressed` events of a job (about 4 a second).
  absl::Duration progress_interval = absl::Milliseconds(250);
  // One line per job start and end on stderr (the daemon turns this on).
  bool log_to_stderr = false;
  // What renders the jobs (render_backend.h); null means the embedded engine
  // (LocalRenderBackend). Shared: it must outlive the manager's workers.
  std::shared_ptr<RenderBackend> backend;
};

class JobManager {
 public:
  // `storage` must outlive the manager.
  JobManager(Storage& storage, const JobManagerOptions& options);
  ~JobManager();  // Shutdown()
  JobManager(const JobManager&) = delete;
  JobManager& operator=(const JobManager&) = delete;

  // Records the job as queued with its whole spec (freezing spec.credits:
  // RESOURCE_EXHAUSTED with reason OUT_OF_CREDITS when too few are left),
  // logs its first event (stage QUEUED, with its queue position) and queues
  // it. The caller validated the spec. UNAVAILABLE once shutdown has begun.
  absl::StatusOr<std::shared_ptr<Job>> Start(JobSpec spec);

  // Queues again every job an earlier run left queued or running (oldest
  // first, same job and output ids, leftover files removed), so it runs from
  // the start and finishes. A job whose output was already recorded is just
  // marked done; one whose spec cannot be read fails. Call once, before
  // serving (job_manager_resume.cc).
  absl::Status ResumeUnfinished();

  // The job while it is queued or running; null otherwise (ended jobs are
  // read back from Storage).
  std::shared_ptr<Job> FindActive(const std::string& job_id);

  // CancelJob: a queued job ends CANCELLED at once; a running one is told to
  // stop and ends CANCELLED within a frame or so (watch the returned job).
  // Null when the job is not active (it has ended: nothing to do).
  std::shared_ptr<Job> Cancel(const std::string& job_id);

  // Interrupts every queued and running job and refuses new ones; returns
  // without waiting. Interrupted jobs get no final event (their streams end
  // UNAVAILABLE) and stay unfinished in the database, so the next server run
  // resumes them.
  void CancelAll();

  // CancelAll, then waits for the workers and the heartbeat thread. Idempotent.
  void Shutdown();

  // Drain (SIGTERM): from now on Start refuses new jobs (UNAVAILABLE, with a
  // RetryInfo); queued jobs do not start (they stay queued in the database
  // and resume on the next start); waits until no job is rendering or
  // `deadline` passes. Returns how many renders were still running then;
  // Shutdown interrupts those and they resume too. Idempotent
  // (job_manager_drain.cc).
  int Drain(absl::Time deadline);
  bool draining();

  // What renders this manager's jobs (options.backend or the local engine).
  RenderBackend& backend() { return *backend_; }

  // Jobs waiting for a worker and rendering now, for the metrics.
  struct ActiveCounts {
    int64_t queued = 0;
    int64_t running = 0;
  };
  ActiveCounts CountActive();

 private:
  // Adds a job to the wait queue, logs its QUEUED event and submits it to the
  // workers; requires mu_.
  absl::Status EnqueueLocked(const std::shared_ptr<Job>& job);
  // Takes the job out of the wait queue and renumbers the others; false when
  // it is no longer there (cancelled while queued). Requires mu_.
  bool LeaveQueueLocked(const std::shared_ptr<Job>& job);
  void RunJob(const std::shared_ptr<Job>& job);
  // Renders, hashes and records the output.
  absl::StatusOr<v1::RenderResult> Render(Job& job);
  // Hashes and records the render's contact sheet PNG as a second output.
  absl::StatusOr<OutputRecord> RecordContactSheet(const JobSpec& spec, const OutputRecord& video);
  // Stores the job's end (done, failed or cancelled); a success is charged
  // `charge_credits`.
  void Record(const Job& job, const absl::Status& status, int64_t charge_credits = 0);
  void HeartbeatLoop();
  // What Start answers while draining (job_manager_drain.cc).
  static absl::Status DrainingError();

  Storage& storage_;
  const JobManagerOptions options_;
  const std::shared_ptr<RenderBackend> backend_;  // options_.backend or the local engine

  std::mutex mu_;
  std::condition_variable heartbeat_cv_;
  bool shutting_down_ = false;                          // guarded by mu_
  bool draining_ = false;                               // guarded by mu_; Drain() was called
  bool stop_heartbeats_ = false;                        // guarded by mu_
  std::map<std::string, std::shared_ptr<Job>> active_;  // guarded by mu_
  std::deque<std::shared_ptr<Job>> waiting_;            // queued, in start order; guarded by mu_

  WorkerPool workers_;
  std::thread heartbeat_thread_;
};

}  // namespace beatframe::service
