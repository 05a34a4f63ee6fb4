#include "engine/render/side_worker.h"

namespace beatframe {

SideWorker::SideWorker() : thread_([this] { Loop(); }) {}

SideWorker::~SideWorker() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return !task_.has_value(); });
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void SideWorker::Start(absl::FunctionRef<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    task_.emplace(task);
  }
  wake_.notify_one();
}

void SideWorker::Wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return !task_.has_value(); });
}

void SideWorker::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return task_.has_value() || stopping_; });
    if (!task_.has_value()) return;   // stopping, nothing left to run
    absl::FunctionRef<void()> task = *task_;
    lock.unlock();
    task();
    lock.lock();
    task_.reset();
    done_.notify_all();
  }
}

}  // namespace beatframe
