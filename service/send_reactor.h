// Send: one chat turn on a track's draft, streamed. The turn (routing,
// edits, storing the revision, maybe the track's first analysis) runs on a
// worker pool, off gRPC's threads; its reply, draft and credits events are
// written first, then, when the turn asks for a render, the job's events
// wrapped in SendEvents until the job ends. One write in flight. The job
// belongs to the JobManager: a client that goes away only stops the writing
// (re-attach with WatchJob). Held by a shared_ptr, as the pool task and the
// job's callbacks may outlive the call.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "absl/time/time.h"
#include "beatframe/v1/beatframe.grpc.pb.h"
#include "service/job_event_stream.h"
#include "service/remote/remote_session.h"
#include "service/job_manager.h"
#include "service/session_drafts.h"
#include "service/storage.h"
#include "service/worker_pool.h"

namespace beatframe::service {

// What a Send needs from the server; all must outlive the reactor's work.
struct SendDependencies {
  Storage& storage;
  JobManager& jobs;
  SessionDrafts& drafts;
  WorkerPool& pool;  // the turn pool: a remote turn may take minutes
};

class SendReactor : public grpc::ServerWriteReactor<v1::SendEvent>, public std::enable_shared_from_this<SendReactor> {
 public:
  // Runs the turn for the caller `owner` (a token hash whose session the
  // caller has checked) and streams its events. Returns the reactor for gRPC.
  static grpc::ServerWriteReactor<v1::SendEvent>* Start(const SendDependencies& deps, v1::SendRequest request,
                                                        std::string owner);
  // Finishes at once with `status` (not OK).
  static grpc::ServerWriteReactor<v1::SendEvent>* Fail(const grpc::Status& status);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  SendReactor() = default;
  static std::shared_ptr<SendReactor> Create();
  // On the pool: the turn, the credits answer, the render's start.
  void RunTurn(const SendDependencies& deps, const v1::SendRequest& request, const std::string& owner);
  void OnJobEvent();
  // Writes the next pending event or job event, or finishes once the turn is
  // done and the job (if any) has ended. Requires mu_.
  void WriteNextLocked();
  // Callbacks for a remote turn that stream its heartbeats (throttled) and
  // notices to the client before the reply.
  remote::ReplyCallbacks LiveCallbacks(const std::string& asset_id);
  static constexpr absl::Duration kHeartbeatInterval = absl::Seconds(5);
  void FinishLocked(const grpc::Status& status);

  std::mutex mu_;
  std::shared_ptr<SendReactor> self_;     // keeps this alive until OnDone; guarded by mu_
  std::deque<v1::SendEvent> pending_;     // the turn's own events; guarded by mu_
  absl::Time last_heartbeat_ = absl::InfinitePast();  // of a remote turn; guarded by mu_
  bool turn_done_ = false;                // guarded by mu_
  std::string asset_id_;                  // for the job events; guarded by mu_
  std::unique_ptr<JobEventStream> job_stream_;  // the render's events, if any; guarded by mu_
  grpc::Status end_status_;               // how a turn without a job ends; guarded by mu_
  v1::SendEvent event_;                   // the write in flight; guarded by mu_
  bool write_in_flight_ = false;          // guarded by mu_
  bool client_gone_ = false;              // guarded by mu_
  bool finish_called_ = false;            // guarded by mu_
  bool done_ = false;                     // guarded by mu_
};

}  // namespace beatframe::service
