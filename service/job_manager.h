// Runs render jobs on a bounded worker pool, keeps the live ones in memory for
// Generate streams and GetJob, emits heartbeats for quiet jobs, and records
// every job and output in Storage. A job belongs to the server, not to the RPC
// that started it: a client that goes away does not stop it.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/job.h"
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
};

class JobManager {
 public:
  // `storage` must outlive the manager.
  JobManager(Storage& storage, const JobManagerOptions& options);
  ~JobManager();  // Shutdown()
  JobManager(const JobManager&) = delete;
  JobManager& operator=(const JobManager&) = delete;

  // Records the job as queued, logs its first event (stage QUEUED) and queues
  // it. The caller validated the spec. UNAVAILABLE once shutdown has begun.
  absl::StatusOr<std::shared_ptr<Job>> Start(JobSpec spec);

  // The job while it is queued or running; null otherwise (ended jobs are
  // read back from Storage).
  std::shared_ptr<Job> FindActive(const std::string& job_id);

  // Cancels every queued and running job (they end UNAVAILABLE and say so in
  // their final events) and refuses new ones. Returns without waiting.
  void CancelAll();

  // CancelAll, then waits for the workers and the heartbeat thread. Idempotent.
  void Shutdown();

 private:
  void RunJob(const std::shared_ptr<Job>& job);
  // Renders, hashes and records the output.
  absl::StatusOr<v1::RenderResult> Render(Job& job);
  // Hashes and records the render's contact sheet PNG as a second output.
  absl::StatusOr<OutputRecord> RecordContactSheet(const JobSpec& spec, const OutputRecord& video);
  void Record(const Job& job, const absl::Status& status);
  void HeartbeatLoop();

  Storage& storage_;
  const JobManagerOptions options_;

  std::mutex mu_;
  std::condition_variable heartbeat_cv_;
  bool shutting_down_ = false;                          // guarded by mu_
  bool stop_heartbeats_ = false;                        // guarded by mu_
  std::map<std::string, std::shared_ptr<Job>> active_;  // guarded by mu_

  WorkerPool workers_;
  std::thread heartbeat_thread_;
};

}  // namespace beatframe::service
