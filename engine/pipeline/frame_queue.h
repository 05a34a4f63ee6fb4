// A small blocking FIFO for handing frame buffers between the render thread
// and the encoder thread. Two of them form the buffer pool: "free" buffers go
// render -> encode as "filled" and come back. Close() ends a stream normally;
// Abort() wakes every waiter at once so an error or a cancel never deadlocks.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace beatframe::pipeline_internal {

// Thread-safe; any number of producers and consumers. Unbounded by itself:
// the pool bounds it, since only a fixed set of buffers ever circulates.
template <typename T>
class BlockingQueue {
 public:
  // Appends `item`. Returns false (dropping it) once closed or aborted.
  bool Push(T item) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (closed_ || aborted_) return false;
      items_.push_back(std::move(item));
    }
    ready_.notify_one();
    return true;
  }

  // Blocks for the next item. nullopt once aborted, or once closed and empty.
  std::optional<T> Pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return aborted_ || closed_ || !items_.empty(); });
    if (aborted_ || items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    return item;
  }

  // No more pushes; consumers drain what is queued, then get nullopt.
  void Close() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }

  // Stops the hand-off now: queued items are dropped and every Pop returns nullopt.
  void Abort() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      aborted_ = true;
      items_.clear();
    }
    ready_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<T> items_;
  bool closed_ = false;
  bool aborted_ = false;
};

}  // namespace beatframe::pipeline_internal
