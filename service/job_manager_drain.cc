// JobManager::Drain: the first half of a graceful stop (SIGTERM in
// Kubernetes). New jobs are refused, queued ones stay queued for the next
// start, and renders already running get until the deadline to finish; the
// caller then calls Shutdown, which interrupts what is left so that it, too,
// resumes on the next start.
#include <chrono>
#include <thread>

#include "service/error_reasons.h"
#include "service/job_manager.h"

namespace beatframe::service {
namespace {

// How often Drain looks whether the renders have ended; short next to a render.
constexpr auto kDrainPollInterval = std::chrono::milliseconds(50);
// What a refused client is told to wait before retrying (by then the
// Service has moved it to a replica that is serving, or this one restarted).
constexpr absl::Duration kDrainingRetryDelay = absl::Seconds(5);

}  // namespace

absl::Status JobManager::DrainingError() {
  return WithRetryDelay(absl::UnavailableError("the server is draining for a restart and takes no new jobs; "
                                               "retry in a few seconds (jobs already started are not affected)"),
                        kDrainingRetryDelay);
}

int JobManager::Drain(absl::Time deadline) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    draining_ = true;
    // Queued jobs would start a render that the deadline may cut short, and
    // keep the process (and its ReadWriteOnce volume) from the replacement
    // pod: they stay queued in the database instead and a worker passes them
    // by (RunJob's shutdown path), so the next start runs them.
    for (const std::shared_ptr<Job>& job : waiting_) job->Cancel(Job::CancelReason::kShutdown);
  }
  for (;;) {
    const ActiveCounts counts = CountActive();
    if (counts.running == 0 || absl::Now() >= deadline) return static_cast<int>(counts.running);
    std::this_thread::sleep_for(kDrainPollInterval);
  }
}

bool JobManager::draining() {
  std::lock_guard<std::mutex> lock(mu_);
  return draining_;
}

JobManager::ActiveCounts JobManager::CountActive() {
  std::lock_guard<std::mutex> lock(mu_);
  ActiveCounts counts;
  counts.queued = static_cast<int64_t>(waiting_.size());
  // Jobs that left the wait queue and have not been removed yet are rendering
  // (or, for a moment, being interrupted).
  counts.running = static_cast<int64_t>(active_.size()) - counts.queued;
  return counts;
}

}  // namespace beatframe::service
