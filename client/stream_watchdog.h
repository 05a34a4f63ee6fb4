// Detects a silent server stream. Generate promises an event at least every
// 5 s; a stream quiet for much longer is dead (a half-open connection, a
// stuck proxy), so the watchdog cancels the call and the client falls back to
// polling GetJob instead of waiting forever.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/time/time.h"
#include "grpcpp/client_context.h"

namespace beatframe::client {

// Cancels `context` when Touch() has not been called for `idle_limit`.
// Touch() and fired() may be called from any thread.
class StreamWatchdog {
 public:
  StreamWatchdog(grpc::ClientContext* context, absl::Duration idle_limit);
  ~StreamWatchdog();

  StreamWatchdog(const StreamWatchdog&) = delete;
  StreamWatchdog& operator=(const StreamWatchdog&) = delete;

  // Call on every message received.
  void Touch();

  // True when the watchdog cancelled the call.
  bool fired() const;

 private:
  void Run();

  grpc::ClientContext* context_;
  const absl::Duration idle_limit_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  absl::Time last_touch_;  // guarded by mutex_
  bool stop_ = false;      // guarded by mutex_
  bool fired_ = false;     // guarded by mutex_
  std::thread thread_;
};

}  // namespace beatframe::client
