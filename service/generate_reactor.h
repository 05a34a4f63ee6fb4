// Generate: validates the request, starts a render job and streams the job's
// events to the client, one write in flight, then finishes with the job's
// status. The job outlives the stream: if the client goes away the reactor
// just stops writing. The job calls back into the reactor from its own thread,
// so the reactor is held by a shared_ptr and the job only by weak_ptr.
#pragma once

#include <memory>
#include <mutex>

#include "absl/status/statusor.h"
#include "beatframe/v1/beatframe.grpc.pb.h"
#include "service/job_manager.h"
#include "service/storage.h"

namespace beatframe::service {

// Checks the session and assets and builds the job's spec (paths, ids, aspect).
// NOT_FOUND for an unknown session or asset, INVALID_ARGUMENT for no assets or
// a bad aspect.
absl::StatusOr<JobSpec> BuildJobSpec(Storage& storage, const v1::GenerateRequest& request);

class GenerateReactor : public grpc::ServerWriteReactor<v1::JobEvent>,
                        public std::enable_shared_from_this<GenerateReactor> {
 public:
  // Starts the job (or fails the RPC) and returns the reactor for gRPC, which
  // owns it until OnDone.
  static grpc::ServerWriteReactor<v1::JobEvent>* Start(Storage& storage, JobManager& jobs,
                                                       const v1::GenerateRequest& request);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  GenerateReactor() = default;
  // From the job's thread after each new event.
  void OnJobEvent();
  // Writes the next logged event, or finishes once the job has ended and every
  // event is written. Requires mu_.
  void WriteNextLocked();
  void FinishLocked(const grpc::Status& status);

  std::mutex mu_;
  std::shared_ptr<GenerateReactor> self_;  // keeps this alive until OnDone; guarded by mu_
  std::shared_ptr<Job> job_;               // set once in Start
  int subscription_ = 0;
  size_t next_index_ = 0;                  // guarded by mu_
  v1::JobEvent event_;                     // the write in flight; guarded by mu_
  bool write_in_flight_ = false;           // guarded by mu_
  bool client_gone_ = false;               // guarded by mu_
  bool finish_called_ = false;             // guarded by mu_
  bool done_ = false;                      // guarded by mu_
};

}  // namespace beatframe::service
