#include "client/stream_watchdog.h"

#include "absl/time/clock.h"

namespace beatframe::client {

StreamWatchdog::StreamWatchdog(grpc::ClientContext* context, absl::Duration idle_limit)
    : context_(context), idle_limit_(idle_limit), last_touch_(absl::Now()) {
  thread_ = std::thread([this] { Run(); });
}

StreamWatchdog::~StreamWatchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void StreamWatchdog::Touch() {
  std::lock_guard<std::mutex> lock(mutex_);
  last_touch_ = absl::Now();
}

bool StreamWatchdog::fired() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return fired_;
}

void StreamWatchdog::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    const absl::Duration quiet = absl::Now() - last_touch_;
    if (quiet >= idle_limit_) {
      fired_ = true;
      context_->TryCancel();
      return;
    }
    wake_.wait_for(lock,
                   absl::ToChronoMilliseconds(idle_limit_ - quiet) + std::chrono::milliseconds(1));
  }
}

}  // namespace beatframe::client
