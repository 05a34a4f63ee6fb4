// One extra thread that runs one task at a time beside the caller's, for the
// two independent halves of a frame (MontageStyle: the pictures on one core,
// the visualizer on the other). The thread lives as long as the worker, so a
// frame costs two wake-ups, not a thread start, and nothing allocates.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "absl/functional/function_ref.h"

namespace beatframe {

class SideWorker {
 public:
  SideWorker();
  ~SideWorker();   // waits for a running task, then ends the thread
  SideWorker(const SideWorker&) = delete;
  SideWorker& operator=(const SideWorker&) = delete;

  // Starts `task` on the worker's thread. The task (and what it captures)
  // must stay alive until Wait returns; call Wait before the next Start.
  void Start(absl::FunctionRef<void()> task);
  // Blocks until the started task has returned.
  void Wait();

 private:
  void Loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::optional<absl::FunctionRef<void()>> task_;   // engaged while a task is pending or running
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace beatframe
