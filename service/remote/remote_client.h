// The client of the hosted video service ("nemo_agent" API) described in
// ../shared/REMOTE_BACKEND_PROTOCOL.md: token, session, messages over
// /run_sse (Server-Sent Events, streamed through callbacks as they arrive),
// uploads streamed from disk, credits, session state, export and its polling,
// and the download of the result. It knows the protocol's error codes and
// applies the documented recoveries once each:
//   1001 / HTTP 401 token rejected -> new anonymous token, retry (then UNAUTHENTICATED, TOKEN_REJECTED)
//   HTTP 400 on the token request  -> new X-Client-Id, retry
//   HTTP 429                       -> wait rate_limit_wait, retry (then UNAVAILABLE, RATE_LIMITED)
//   1002 -> NOT_FOUND, SESSION_NOT_FOUND (RemoteSession opens a new session)
//   2001 -> RESOURCE_EXHAUSTED, OUT_OF_CREDITS
//   4001 / 4002 -> INVALID_ARGUMENT, UNSUPPORTED_FILE_TYPE / FILE_TOO_LARGE
//   HTTP 402 -> FAILED_PRECONDITION, PLAN_LIMIT (a subscription matter, not credits)
// Reasons ride on the status as described in error_reason.h. Tokens never
// appear in messages or log lines (they are redacted), and are sent only in
// the Authorization header, only to the configured base URL's origin.
//
// The /run_sse payloads are not fixed by the protocol page; nemo_agent is an
// ADK agent, so events are read as ADK Event JSON: content.parts[] holding
// `text`, `functionCall` or `functionResponse`, `partial` chunks followed by
// a final aggregate. Plain-text data counts as text; `event: heartbeat`,
// {"type":"heartbeat"} and empty data are heartbeats; `event: error` or a
// JSON {"code": N != 0} without content is an error answer.
//
// Thread-safe: calls may run concurrently; callbacks run on the calling thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "service/remote/http_transfer.h"
#include "service/remote/json_util.h"

namespace beatframe::remote {

inline constexpr char kDefaultBaseUrl[] = "https://mega-api-prod.nemovideo.ai";
// "mp4, mov, ... flac", the service's documented accepted formats.
inline constexpr char kRemoteAcceptedFormats[] =
    "mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac, flac";

struct RemoteClientOptions {
  std::string base_url = kDefaultBaseUrl;  // scheme://host[:port], no trailing slash needed
  // The token: this when set, else $NEMO_TOKEN when read_env_token, else an
  // anonymous token fetched on first use.
  std::string token;
  bool read_env_token = true;
  // Attribution headers sent with every call (exports without them get 402).
  std::string skill_source = "generator-from-music";
  std::string skill_version = "0.1.0";
  std::string skill_platform = "linux";
  std::string language = "en";  // of created sessions
  absl::Duration connect_timeout = absl::Seconds(15);
  absl::Duration call_timeout = absl::Seconds(60);         // ordinary JSON calls
  absl::Duration stream_timeout = absl::Minutes(15);       // a whole /run_sse stream
  absl::Duration stream_stall_timeout = absl::Minutes(5);  // no byte at all (heartbeats count) this long
  absl::Duration transfer_timeout = absl::Minutes(30);     // an upload or a download
  absl::Duration rate_limit_wait = absl::Seconds(30);      // after HTTP 429, before the one retry
  absl::Duration export_poll_interval = absl::Seconds(30);
  absl::Duration export_timeout = absl::Minutes(20);       // WaitForExport gives up after this
  int64_t max_upload_bytes = 200'000'000;                  // refused locally above this (FILE_TOO_LARGE)
  // Receives diagnostic lines (already redacted). Default: stderr with a
  // "beatframed: remote: " prefix. Set to a no-op to silence.
  std::function<void(absl::string_view line)> log;
};

struct RemoteTask {
  std::string task_id;
  std::string session_id;
};

struct Credits {
  double available = 0;
  double frozen = 0;
  double total = 0;
};

// `data.state` of GET /api/state/...; members are null when absent.
struct SessionState {
  Json draft;            // the timeline (short keys; see timeline_summary.h)
  Json video_infos;
  Json generated_media;
};

struct ExportStatus {
  std::string render_id;
  std::string status;     // "completed", "processing", "queued", "failed", ...
  double progress = 0;    // as reported (0-100), 0 when not reported
  std::string output_url; // set once completed
};

struct ExportedFile {
  std::string render_id;
  std::string url;       // where it was downloaded from
  std::string path;      // the local file
  int64_t bytes = 0;
  int polls = 0;         // status requests made
};

// Callbacks of SendMessage, all called on the calling thread, in stream order.
struct StreamEvents {
  std::function<void(absl::string_view text)> on_text;  // reply text, piece by piece
  std::function<void()> on_heartbeat;                    // heartbeat, empty data or comment
  // Tool calls and results stay internal: named here for diagnostics only.
  std::function<void(absl::string_view tool_name, bool is_result)> on_tool;
  std::function<void()> on_tick;                         // about every 100 ms while waiting
};

struct MessageResult {
  std::string text;     // all reply text, concatenated
  int events = 0;       // dispatched SSE events
  int heartbeats = 0;
  int tool_calls = 0;
  int tool_results = 0;
};

class RemoteClient {
 public:
  // INVALID_ARGUMENT for a base URL that is not http(s)://host.
  static absl::StatusOr<std::unique_ptr<RemoteClient>> Create(RemoteClientOptions options);

  // POST /api/tasks/me/with-session/nemo_agent.
  absl::StatusOr<RemoteTask> CreateSession(const CancelCheck& cancel = nullptr);

  // POST /run_sse; streams the reply through `events` and returns when the
  // stream closes. CANCELLED at once when cancel() turns true;
  // DEADLINE_EXCEEDED after stream_timeout (or stream_stall_timeout of silence).
  absl::StatusOr<MessageResult> SendMessage(absl::string_view session_id, absl::string_view text,
                                            const StreamEvents& events, const CancelCheck& cancel = nullptr);

  // POST /api/upload-video/...: the file as multipart field `files`, read
  // from disk while sending. NOT_FOUND for a missing file. Returns the
  // answer's data.
  absl::StatusOr<Json> UploadFile(absl::string_view session_id, const std::string& path,
                                  const CancelCheck& cancel = nullptr);
  // The same call with {"urls":[url],"source_type":"url"}.
  absl::StatusOr<Json> UploadUrl(absl::string_view session_id, absl::string_view url,
                                 const CancelCheck& cancel = nullptr);

  absl::StatusOr<Credits> GetCredits(const CancelCheck& cancel = nullptr);
  absl::StatusOr<SessionState> GetSessionState(absl::string_view session_id, const CancelCheck& cancel = nullptr);

  // POST /api/render/proxy/lambda for `draft`; returns the render id ("render_<ms>").
  absl::StatusOr<std::string> StartExport(absl::string_view session_id, const Json& draft,
                                          const CancelCheck& cancel = nullptr);
  // GET /api/render/proxy/lambda/<id>. A "failed" export is UNAVAILABLE.
  absl::StatusOr<ExportStatus> GetExportStatus(absl::string_view render_id, const CancelCheck& cancel = nullptr);
  // Polls every export_poll_interval until completed (on_poll sees each answer).
  absl::StatusOr<ExportStatus> WaitForExport(absl::string_view render_id, const CancelCheck& cancel = nullptr,
                                             const std::function<void(const ExportStatus&)>& on_poll = nullptr);
  // GETs `url` (absolute, or a path on the base URL) into `path`, streamed;
  // written to "<path>.part" and renamed, so `path` is whole or absent.
  absl::StatusOr<int64_t> DownloadToFile(absl::string_view url, const std::string& path,
                                         const CancelCheck& cancel = nullptr);
  // StartExport + WaitForExport + DownloadToFile.
  absl::StatusOr<ExportedFile> ExportToFile(absl::string_view session_id, const Json& draft, const std::string& path,
                                            const CancelCheck& cancel = nullptr,
                                            const std::function<void(const ExportStatus&)>& on_poll = nullptr);

  // The X-Client-Id in use (a random UUID v4); not a secret.
  std::string client_id() const;
  // True when the token came from options or NEMO_TOKEN (a registered user).
  bool uses_account_token() const { return account_token_; }
  // `text` with every token this client has held replaced by "[redacted]".
  std::string Redact(absl::string_view text) const;

  const RemoteClientOptions& options() const { return options_; }

 private:
  struct Call;  // one logical call (remote_client_call.h)
  explicit RemoteClient(RemoteClientOptions options);

  absl::StatusOr<HttpResponse> Execute(const Call& call, const BodySink* sink, const CancelCheck& cancel,
                                       const std::function<void()>& tick);
  absl::StatusOr<Json> ExecuteJson(const Call& call, const CancelCheck& cancel);
  absl::Status FetchAnonymousToken(const CancelCheck& cancel);
  absl::Status EnsureToken(const CancelCheck& cancel);
  absl::Status RenewToken(const std::string& rejected, const CancelCheck& cancel);
  absl::StatusOr<MessageResult> SendMessageOnce(absl::string_view session_id, absl::string_view text,
                                                const StreamEvents& events, const CancelCheck& cancel,
                                                bool* token_rejected);
  absl::Status ErrorForCode(int64_t code, const Json& answer, absl::string_view label) const;
  std::string Url(absl::string_view path) const;
  bool SameOrigin(absl::string_view url) const;
  std::vector<std::string> Headers(bool with_auth) const;
  std::string CurrentToken() const;
  absl::Status Clean(absl::Status status) const;  // redacts the message, keeps code and payloads
  void Log(absl::string_view line) const;

  const RemoteClientOptions options_;
  std::atomic<bool> account_token_{false};
  std::mutex token_fetch_mu_;            // one token fetch at a time
  mutable std::mutex mu_;
  std::string token_;                    // guarded by mu_
  std::string client_id_;                // guarded by mu_
  std::vector<std::string> all_tokens_;  // guarded by mu_; every token held, for Redact
};

// A random RFC 4122 version-4 UUID, lowercase.
std::string NewUuidV4();

}  // namespace beatframe::remote
