// One conversation with the remote video service, as beatframe's users see
// it: a message goes in, reply text streams out. On top of RemoteClient it
// adds what the protocol page asks of a client:
//  - a reply stream that closes with no text: read the session state, check
//    whether the timeline changed, and reply with its summary;
//  - GUI instructions in the reply are carried out instead of shown (see
//    gui_phrases.h): export -> the export calls and a download into
//    export_dir; open a panel / preview -> the state and timeline summary;
//    drag/drop or another button -> sent back as a message, once;
//  - while only heartbeats arrive, a "still working" notice every
//    still_working_interval (2 minutes by default);
//  - a session the service no longer knows (1002) is replaced by a new one
//    and the call repeated once.
// Not thread-safe: one call at a time per RemoteSession.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/remote/gui_phrases.h"
#include "service/remote/remote_client.h"

namespace beatframe::remote {

struct RemoteSessionOptions {
  // Where exports triggered by the reply are downloaded ("<render id>.mp4").
  // Required: Create refuses an empty or missing directory.
  std::string export_dir;
  absl::Duration still_working_interval = absl::Minutes(2);
  // Injected for tests; the wall clock by default.
  std::function<absl::Time()> now = [] { return absl::Now(); };
};

struct ReplyCallbacks {
  std::function<void(absl::string_view text)> on_text;      // reply text, a sentence at a time
  std::function<void()> on_heartbeat;                        // the service is alive
  std::function<void(absl::string_view notice)> on_notice;  // "still working", new session, export progress
};

struct Reply {
  std::string text;                        // everything sent through on_text
  std::vector<GuiAction> actions;          // GUI instructions carried out, in order
  std::optional<ExportedFile> exported;    // when the reply led to an export
  bool summarized_from_state = false;      // the stream had no text; `text` is the state summary
  int heartbeats = 0;
  int notices = 0;
};

class RemoteSession {
 public:
  // Opens a remote session. `client` must outlive the session.
  static absl::StatusOr<std::unique_ptr<RemoteSession>> Create(RemoteClient* client, RemoteSessionOptions options,
                                                               const CancelCheck& cancel = nullptr);

  // Sends `message` and produces the reply (see the file comment).
  absl::StatusOr<Reply> Send(absl::string_view message, const ReplyCallbacks& callbacks,
                             const CancelCheck& cancel = nullptr);

  absl::StatusOr<Json> Upload(const std::string& path, const CancelCheck& cancel = nullptr);
  // The summary of the current timeline (reads the session state).
  absl::StatusOr<std::string> TimelineSummary(const CancelCheck& cancel = nullptr);
  // Exports the current draft into `path`. FAILED_PRECONDITION when the
  // timeline is empty.
  absl::StatusOr<ExportedFile> Export(const std::string& path, const CancelCheck& cancel = nullptr,
                                      const std::function<void(const ExportStatus&)>& on_poll = nullptr);

  const std::string& session_id() const { return task_.session_id; }
  int sessions_opened() const { return sessions_opened_; }

 private:
  RemoteSession(RemoteClient* client, RemoteSessionOptions options) : client_(*client), options_(std::move(options)) {}

  // Runs `call` on the session; on SESSION_NOT_FOUND opens a new one and runs it again.
  template <typename T>
  absl::StatusOr<T> WithSession(const std::function<absl::StatusOr<T>(const std::string& sid)>& call,
                                const CancelCheck& cancel, const ReplyCallbacks* callbacks);
  absl::StatusOr<SessionState> ReadState(const CancelCheck& cancel);
  absl::StatusOr<Reply> Converse(absl::string_view message, const ReplyCallbacks& callbacks,
                                 const CancelCheck& cancel, bool allow_follow_up);
  absl::Status CarryOut(GuiAction action, const std::string& sentence, const ReplyCallbacks& callbacks,
                        const CancelCheck& cancel, bool allow_follow_up, Reply& reply);
  absl::Status SummarizeSilentReply(const ReplyCallbacks& callbacks, const CancelCheck& cancel, Reply& reply);
  void Emit(absl::string_view text, const ReplyCallbacks& callbacks, Reply& reply);

  RemoteClient& client_;
  RemoteSessionOptions options_;
  RemoteTask task_;
  int sessions_opened_ = 0;
  std::optional<Json> last_draft_;  // as last read, to tell whether an edit changed it
};

}  // namespace beatframe::remote
