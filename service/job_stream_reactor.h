// The server side of a JobEvent stream (Generate, WatchJob): writes a job's
// logged events in order, one write in flight, then finishes with the job's
// status. The job outlives the stream: if the client goes away the reactor
// just stops writing. If the server shuts down first the job is interrupted
// (it resumes on restart) and the stream ends UNAVAILABLE without a final
// event. The job calls back into the reactor from its own thread, so the
// reactor is held by a shared_ptr and the job only by weak_ptr.
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "beatframe/v1/beatframe.grpc.pb.h"
#include "service/job.h"
#include "service/job_event_stream.h"

namespace beatframe::service {

class JobStreamReactor : public grpc::ServerWriteReactor<v1::JobEvent>,
                         public std::enable_shared_from_this<JobStreamReactor> {
 public:
  // Streams `first` (if set), then `job`'s events from log index `from` on.
  // Returns the reactor for gRPC, which owns it until OnDone.
  static grpc::ServerWriteReactor<v1::JobEvent>* Follow(std::shared_ptr<Job> job, size_t from,
                                                        std::optional<v1::JobEvent> first = std::nullopt);
  // Writes one event (a job's final state read from storage), then finishes
  // with `status`.
  static grpc::ServerWriteReactor<v1::JobEvent>* Single(v1::JobEvent event, const grpc::Status& status);
  // Finishes at once with `status` (not OK).
  static grpc::ServerWriteReactor<v1::JobEvent>* Fail(const grpc::Status& status);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  JobStreamReactor() = default;
  static std::shared_ptr<JobStreamReactor> Create();
  // From the job's thread after each new event.
  void OnJobEvent();
  // Writes the next event, or finishes once the job has ended (or was
  // interrupted) and every event is written. Requires mu_.
  void WriteNextLocked();
  void FinishLocked(const grpc::Status& status);

  std::mutex mu_;
  std::shared_ptr<JobStreamReactor> self_;  // keeps this alive until OnDone; guarded by mu_
  std::unique_ptr<JobEventStream> stream_;  // the job's log; null for Single and Fail; guarded by mu_
  std::optional<v1::JobEvent> first_;       // written before the log; guarded by mu_
  grpc::Status end_status_;                 // how Single ends; guarded by mu_
  v1::JobEvent event_;                      // the write in flight; guarded by mu_
  bool write_in_flight_ = false;            // guarded by mu_
  bool client_gone_ = false;                // guarded by mu_
  bool finish_called_ = false;              // guarded by mu_
  bool done_ = false;                       // guarded by mu_
};

}  // namespace beatframe::service
