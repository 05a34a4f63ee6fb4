// Follows one job's event log for a streaming RPC (Generate, RenderDraft and
// WatchJob through JobStreamReactor, Send's render through SendReactor): hands
// the reactor the next JobEvent to write, or the status to finish with once
// the job has ended or the server has interrupted it. The reactors keep their
// own write bookkeeping (one write in flight); how a job stream reads and ends
// lives here, once.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include "beatframe/v1/beatframe.grpc.pb.h"
#include "service/job.h"

namespace beatframe::service {

class JobEventStream {
 public:
  // Subscribes to `job`'s events and reads its log from 0-based index `from`.
  // `on_event` runs after every new event on the job's (or heartbeat) thread,
  // and may run once more after this stream is destroyed: it must hold only
  // weak references to its owner (Job::Subscribe).
  JobEventStream(std::shared_ptr<Job> job, size_t from, std::function<void()> on_event);
  // Unsubscribes. Destroy it outside the owner's lock, which `on_event` takes.
  ~JobEventStream();
  JobEventStream(const JobEventStream&) = delete;
  JobEventStream& operator=(const JobEventStream&) = delete;

  enum class Next {
    kEvent,  // `event` holds the next event to write; the stream has moved past it
    kWait,   // nothing new yet: call Read again when `on_event` runs
    kEnd,    // every event is read: finish the call with `end`
  };
  // `end` (set for kEnd only) is the job's own status for a job that ended
  // (its last event is the result or the error, whose ErrorInfo the status
  // carries too), or UNAVAILABLE when the server is shutting down and the job
  // will resume after a restart. Not thread-safe: the owner calls it under its
  // lock.
  Next Read(v1::JobEvent* event, grpc::Status* end);

  // How a job stream ends when its client goes away (cancel or a failed
  // write): the job itself goes on.
  static grpc::Status ClientGoneStatus();

 private:
  const std::shared_ptr<Job> job_;
  const int subscription_;
  size_t next_index_;
};

}  // namespace beatframe::service
