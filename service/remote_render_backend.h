// `beatframed --backend remote`: jobs are rendered by the hosted video service
// (../shared/REMOTE_BACKEND_PROTOCOL.md) through bf_remote. For a job it
//   1. opens a remote session, one per beatframe session and reused by its
//      later jobs (jobs of one session take turns; RemoteSession is one
//      conversation);
//   2. uploads the track and the montage photos and clips (each file once
//      per remote session);
//   3. sends the prompt, with the title, aspect, resolution, captions and
//      draft edits said in words, as a message over /run_sse (heartbeats move
//      the progress on);
//   4. exports the timeline (or takes the export the reply already made),
//      polls it (polls move the progress) and downloads the MP4 next to the
//      output as "<output>.partial";
//   5. checks that it is an MP4 with a video stream (libavformat) and renames
//      it into place.
// Errors keep bf_remote's codes and reasons (remote/error_reason.h), which
// ToGrpcStatus turns into google.rpc.ErrorInfo: 2001 -> RESOURCE_EXHAUSTED
// OUT_OF_CREDITS, 4001/4002 -> INVALID_ARGUMENT, HTTP 402 -> FAILED_PRECONDITION
// PLAN_LIMIT, HTTP 429 twice -> UNAVAILABLE RATE_LIMITED. Cancelling the job
// aborts the HTTP transfer in progress at once.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "service/remote/remote_client.h"
#include "service/remote/remote_session.h"
#include "service/render_backend.h"

namespace beatframe::service {

struct RemoteBackendOptions {
  remote::RemoteClientOptions client;  // base URL, token (NEMO_TOKEN), waits and timeouts
  // Where exports that a reply triggers by itself land before they are moved
  // to the job's output; created if missing.
  std::string work_dir;
};

class RemoteRenderBackend final : public RenderBackend {
 public:
  // INVALID_ARGUMENT for a bad base URL or an unusable work dir. Makes no
  // network call (the token is fetched on first use).
  static absl::StatusOr<std::shared_ptr<RemoteRenderBackend>> Create(RemoteBackendOptions options);

  absl::StatusOr<BackendRender> Render(const JobSpec& spec, const ProgressCallback& on_progress,
                                       const std::atomic<bool>* cancel) override;
  absl::string_view name() const override { return "remote"; }

  // Plain-language Send in remote mode: forwards `message` to the beatframe
  // session's remote conversation (uploading `files` first unless it has
  // them) and returns the reply (tool calls stay internal; a reply without
  // text is the timeline's summary). When `render_follows`, this session's
  // next job sends no message of its own: it downloads the export the reply
  // made, or exports the timeline the reply left.
  absl::StatusOr<remote::Reply> Converse(const std::string& session_id, const std::vector<std::string>& files,
                                         const std::string& message, const remote::ReplyCallbacks& callbacks,
                                         const remote::CancelCheck& cancel, bool render_follows);

  // Undoes Converse's `render_follows` when that render could not start, so
  // the session's next job sends its own message again.
  void ForgetPendingRender(const std::string& session_id);

  // The message sent for `spec` (exposed for tests and logs; holds no secret).
  static std::string MessageFor(const JobSpec& spec);

 private:
  // One beatframe session's remote conversation.
  struct Conversation {
    std::mutex mu;  // one job at a time
    std::unique_ptr<remote::RemoteSession> session;
    std::set<std::string> uploaded;  // local paths already sent to this remote session
    std::string remote_session_id;   // to notice that RemoteSession replaced it
    // Set by Converse for the render its turn asked for (see there).
    bool next_job_exports_only = false;
    std::string pending_export;  // a file the reply already exported, "" for none
  };

  RemoteRenderBackend(std::unique_ptr<remote::RemoteClient> client, RemoteBackendOptions options)
      : client_(std::move(client)), options_(std::move(options)) {}
  std::shared_ptr<Conversation> ConversationFor(const std::string& session_id);
  // With conversation.mu held: opens the remote session if needed and uploads
  // the files it does not have yet; `on_file` after each.
  absl::Status PrepareLocked(Conversation& conversation, const std::vector<std::string>& files,
                             const remote::CancelCheck& cancel, const std::function<void(double share)>& on_file);
  // Uploads `path` under a name whose extension the service accepts (stored
  // assets may be named ".audio" or ".jpeg"): a link in work_dir when needed.
  absl::Status UploadAs(remote::RemoteSession& session, const std::string& path, const remote::CancelCheck& cancel);

  std::unique_ptr<remote::RemoteClient> client_;
  const RemoteBackendOptions options_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Conversation>> conversations_;  // guarded by mu_
};

}  // namespace beatframe::service
