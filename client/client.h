// A typed wrapper over the generated beatframe.v1 stub: each RPC becomes one
// call that returns absl::Status(Or) and reports progress through callbacks.
// The CLI is its only user today; it holds no CLI concerns (no printing).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "beatframe/v1/beatframe.grpc.pb.h"

namespace beatframe::client {

// Upload or download progress in bytes; total is the file size.
using ByteProgressFn = std::function<void(int64_t done_bytes, int64_t total_bytes)>;
// Called for every job event, including the final one.
using JobEventFn = std::function<void(const beatframe::v1::JobEvent& event)>;

// Largest chunk the API accepts in one message.
inline constexpr size_t kChunkBytes = 1 << 20;

// Converts a gRPC status to an absl one; the numeric codes are the same. A
// google.rpc.ErrorInfo reason in the error details is appended to the
// message as " [REASON]" (e.g. "[OUT_OF_CREDITS]") so people see it too.
absl::Status FromGrpcStatus(const grpc::Status& status);

// Cancels whatever RPC is in flight, from any thread (not from a signal
// handler: TryCancel is not async-signal-safe). Once cancelled, later calls
// fail at once with CANCELLED.
class CallCanceller {
 public:
  void Cancel();
  bool cancelled() const;

  // Registers the context of the call about to start; false when already
  // cancelled (the call must not start). Pair with Detach().
  bool Attach(grpc::ClientContext* context);
  void Detach();

 private:
  mutable std::mutex mutex_;
  bool cancelled_ = false;
  grpc::ClientContext* active_ = nullptr;
};

// Attaches a call's context to a canceller for the call's lifetime.
class CancellableCall {
 public:
  CancellableCall(CallCanceller& canceller, grpc::ClientContext* context)
      : canceller_(canceller), attached_(canceller.Attach(context)) {}
  ~CancellableCall() {
    if (attached_) canceller_.Detach();
  }
  CancellableCall(const CancellableCall&) = delete;
  CancellableCall& operator=(const CancellableCall&) = delete;

  // False when the canceller had already fired: do not start the call.
  bool ok() const { return attached_; }

 private:
  CallCanceller& canceller_;
  bool attached_;
};

struct ClientOptions {
  // A Generate stream silent this long is treated as broken (the server
  // sends heartbeats at least every 5 s).
  absl::Duration stream_idle_limit = absl::Seconds(30);
  // How often GetJob is polled after a broken Generate stream.
  absl::Duration job_poll_interval = absl::Seconds(1);
  // How long polling tolerates an unreachable server before giving up.
  absl::Duration reconnect_window = absl::Seconds(30);
  // The file that keeps the bearer token between runs (token_store.h); ""
  // means DefaultTokenPath(). The first call that needs a token reads it, or
  // gets a new token with CreateToken and saves it there.
  std::string token_path;
};

class BeatframeClient {
 public:
  // Over an insecure channel to `address` ("host:port"). Never fails: a bad
  // or absent server shows up as UNAVAILABLE on the first call.
  static std::unique_ptr<BeatframeClient> Connect(const std::string& address,
                                                  const ClientOptions& options = {});
  explicit BeatframeClient(std::shared_ptr<grpc::ChannelInterface> channel,
                           const ClientOptions& options = {});

  // Opens a session and returns its id. When the server does not know the
  // stored token (or it expired), gets a new token and tries once more.
  absl::StatusOr<std::string> CreateSession(const std::string& label);

  // Streams the file at `path` in 1 MiB chunks, declaring its size and
  // SHA-256 so the server can verify it. NOT_FOUND if the file cannot be read.
  absl::StatusOr<beatframe::v1::Asset> UploadFile(const std::string& session_id,
                                                  const std::string& path,
                                                  const ByteProgressFn& progress = nullptr);

  // Starts a job and follows its events until the final one; returns the
  // result, or the job's error with the code the server gave. If the stream
  // breaks after the job has started (UNAVAILABLE, silence beyond
  // stream_idle_limit, an end without a final event) the job keeps running on
  // the server, so this follows it by polling GetJob, passing `on_event`
  // progress-only events built from each JobStatus. Cancelling through
  // canceller() only stops following: the job runs on, and the CANCELLED
  // message names it.
  absl::StatusOr<beatframe::v1::RenderResult> Generate(
      const beatframe::v1::GenerateRequest& request, const JobEventFn& on_event = nullptr);

  // Where a job is now (see the proto's GetJob).
  absl::StatusOr<beatframe::v1::JobStatus> GetJob(const std::string& session_id,
                                                  const std::string& job_id);

  absl::StatusOr<beatframe::v1::AnalyzeResponse> Analyze(const std::string& session_id,
                                                         const std::string& asset_id);

  // Downloads an output to `path`: writes `path`.partial, checks the size
  // and SHA-256 the server declared, then renames it into place. DATA_LOSS on
  // a mismatch; on any failure the partial file is removed and `path` is
  // left untouched.
  absl::Status Download(const std::string& session_id, const std::string& output_id,
                        const std::string& path, const ByteProgressFn& progress = nullptr);

  // ---- Sessions, drafts and chat (session_calls.cc).

  // Sends a chat message and passes every SendEvent to `on_event` in order
  // until the stream ends (the stream's status is returned; a failed render
  // ends it with the job's error) or `on_event` returns false (then OK: the
  // call is abandoned, any render runs on).
  absl::Status Send(const beatframe::v1::SendRequest& request,
                    const std::function<bool(const beatframe::v1::SendEvent&)>& on_event);

  // Re-attaches to a job (WatchJob) and follows it to the end as Generate
  // does, falling back to polling GetJob if the stream breaks.
  absl::StatusOr<beatframe::v1::RenderResult> WatchJob(const std::string& session_id, const std::string& job_id,
                                                      const JobEventFn& on_event = nullptr);

  absl::StatusOr<beatframe::v1::ListDraftsResponse> ListDrafts(const std::string& session_id);
  absl::StatusOr<beatframe::v1::ListJobsResponse> ListJobs(const std::string& session_id);

  CallCanceller& canceller() { return canceller_; }

 private:
  // Polls GetJob until the job ends (see Generate).
  absl::StatusOr<beatframe::v1::RenderResult> FollowJob(const std::string& session_id,
                                                        const std::string& job_id,
                                                        const JobEventFn& on_event);

  // Adds `authorization: Bearer <token>` to `context`, first loading the
  // stored token or obtaining a new one (ObtainToken) if needed.
  absl::Status Authorize(grpc::ClientContext& context);
  // Sets token_: the stored one if `reuse_stored` and it is not about to
  // expire, else a new one from CreateToken, which is then stored.
  absl::Status ObtainToken(bool reuse_stored);

  std::unique_ptr<beatframe::v1::Beatframe::Stub> stub_;
  ClientOptions options_;
  CallCanceller canceller_;
  std::string token_;  // "" until the first call that needs it
  int64_t token_expires_unix_ms_ = 0;
};

}  // namespace beatframe::client
