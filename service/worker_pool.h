// A fixed set of threads running queued tasks in order. Renders run on one
// (bounded, since a render already uses both cores); Analyze runs on another so
// that slow decodes never block gRPC's callback threads.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace beatframe::service {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  // Same as Shutdown().
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`. False (task dropped, not run) once Shutdown has begun, so
  // the caller can fail the request itself. Thread-safe.
  bool Submit(std::function<void()> task);

  // Stops accepting tasks, runs every task already queued, joins the threads.
  // Idempotent; must not be called from a pool thread.
  void Shutdown();

 private:
  void Loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace beatframe::service
