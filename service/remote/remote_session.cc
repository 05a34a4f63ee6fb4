#include "service/remote/remote_session.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/common/status_macros.h"
#include "service/remote/error_reason.h"
#include "service/remote/timeline_summary.h"

namespace beatframe::remote {
namespace {

constexpr char kStillWorking[] = "Still working on it: the remote video service is busy with the request.";
constexpr char kFollowUpPrefix[] =
    "I cannot use a graphical interface. Please do this yourself through your tools: ";

bool IsSessionNotFound(const absl::Status& status) {
  return status.code() == absl::StatusCode::kNotFound && GetErrorReason(status) == kReasonSessionNotFound;
}

bool DraftIsEmpty(const Json& draft) {
  const Json* tracks = Member(draft, "t");
  return tracks == nullptr || !tracks->is_array() || tracks->empty();
}

}  // namespace

absl::StatusOr<std::unique_ptr<RemoteSession>> RemoteSession::Create(RemoteClient* client,
                                                                     RemoteSessionOptions options,
                                                                     const CancelCheck& cancel) {
  std::error_code ec;
  if (options.export_dir.empty() || !std::filesystem::is_directory(options.export_dir, ec)) {
    return absl::InvalidArgumentError(
        absl::StrCat("remote session: export directory '", options.export_dir, "' does not exist"));
  }
  auto session = std::unique_ptr<RemoteSession>(new RemoteSession(client, std::move(options)));
  BF_ASSIGN_OR_RETURN(session->task_, client->CreateSession(cancel));
  session->sessions_opened_ = 1;
  return session;
}

template <typename T>
absl::StatusOr<T> RemoteSession::WithSession(const std::function<absl::StatusOr<T>(const std::string& sid)>& call,
                                             const CancelCheck& cancel, const ReplyCallbacks* callbacks) {
  absl::StatusOr<T> result = call(task_.session_id);
  if (result.ok() || !IsSessionNotFound(result.status())) return result;
  // The service forgot the session (1002): continue in a new one.
  BF_ASSIGN_OR_RETURN(task_, client_.CreateSession(cancel));
  ++sessions_opened_;
  last_draft_.reset();
  if (callbacks != nullptr && callbacks->on_notice) {
    callbacks->on_notice("The remote session had expired; continuing in a new one.");
  }
  return call(task_.session_id);
}

void RemoteSession::Emit(absl::string_view text, const ReplyCallbacks& callbacks, Reply& reply) {
  if (text.empty()) return;
  reply.text.append(text.data(), text.size());
  if (callbacks.on_text) callbacks.on_text(text);
}

absl::StatusOr<SessionState> RemoteSession::ReadState(const CancelCheck& cancel) {
  auto read = [&](const std::string& sid) { return client_.GetSessionState(sid, cancel); };
  BF_ASSIGN_OR_RETURN(SessionState state, WithSession<SessionState>(read, cancel, nullptr));
  last_draft_ = state.draft;
  return state;
}

absl::StatusOr<Reply> RemoteSession::Send(absl::string_view message, const ReplyCallbacks& callbacks,
                                          const CancelCheck& cancel) {
  return Converse(message, callbacks, cancel, /*allow_follow_up=*/true);
}

absl::StatusOr<Reply> RemoteSession::Converse(absl::string_view message, const ReplyCallbacks& callbacks,
                                              const CancelCheck& cancel, bool allow_follow_up) {
  Reply reply;
  SentenceSplitter splitter;
  std::vector<std::pair<GuiAction, std::string>> pending;  // carried out once the stream ends
  auto handle_sentence = [&](const std::string& sentence) {
    const GuiAction action = ClassifySentence(sentence);
    if (action == GuiAction::kNone) {
      Emit(sentence, callbacks, reply);
      return;
    }
    for (const auto& [seen, unused] : pending) {
      if (seen == action) return;  // "click Export" twice is one export
    }
    pending.emplace_back(action, sentence);
  };

  absl::Time last_progress = options_.now();
  auto check_idle = [&] {
    const absl::Time now = options_.now();
    if (now - last_progress < options_.still_working_interval) return;
    last_progress = now;
    ++reply.notices;
    if (callbacks.on_notice) callbacks.on_notice(kStillWorking);
  };
  StreamEvents events;
  events.on_text = [&](absl::string_view piece) {
    last_progress = options_.now();
    for (const std::string& sentence : splitter.Add(piece)) handle_sentence(sentence);
  };
  events.on_heartbeat = [&] {
    ++reply.heartbeats;
    if (callbacks.on_heartbeat) callbacks.on_heartbeat();
    check_idle();
  };
  events.on_tick = check_idle;

  auto send = [&](const std::string& sid) { return client_.SendMessage(sid, message, events, cancel); };
  BF_ASSIGN_OR_RETURN(MessageResult result, WithSession<MessageResult>(send, cancel, &callbacks));
  if (std::string rest = splitter.Flush(); !rest.empty()) handle_sentence(rest);
  if (absl::StripAsciiWhitespace(result.text).empty()) {
    BF_RETURN_IF_ERROR(SummarizeSilentReply(callbacks, cancel, reply));
    return reply;
  }
  for (const auto& [action, sentence] : pending) {
    BF_RETURN_IF_ERROR(CarryOut(action, sentence, callbacks, cancel, allow_follow_up, reply));
  }
  return reply;
}

absl::Status RemoteSession::SummarizeSilentReply(const ReplyCallbacks& callbacks, const CancelCheck& cancel,
                                                 Reply& reply) {
  const std::optional<Json> before = last_draft_;
  BF_ASSIGN_OR_RETURN(SessionState state, ReadState(cancel));
  reply.summarized_from_state = true;
  if (DraftIsEmpty(state.draft)) {
    Emit("The remote service finished without a reply, and the timeline is still empty.", callbacks, reply);
    return absl::OkStatus();
  }
  BF_ASSIGN_OR_RETURN(std::string summary, SummarizeTimeline(state.draft));
  if (before.has_value() && *before == state.draft) {
    Emit(absl::StrCat("The remote service finished without a reply and the timeline did not change. ", summary),
         callbacks, reply);
  } else {
    Emit(summary, callbacks, reply);
  }
  return absl::OkStatus();
}

absl::Status RemoteSession::CarryOut(GuiAction action, const std::string& sentence, const ReplyCallbacks& callbacks,
                                     const CancelCheck& cancel, bool allow_follow_up, Reply& reply) {
  const std::string separator = reply.text.empty() || reply.text.back() == '\n' || reply.text.back() == ' ' ? "" : " ";
  switch (action) {
    case GuiAction::kNone:
      return absl::OkStatus();
    case GuiAction::kExport: {
      const std::string path = (std::filesystem::path(options_.export_dir) /
                                absl::StrCat("remote_export_", absl::ToUnixMillis(options_.now()), ".mp4"))
                                   .string();
      auto on_poll = [&](const ExportStatus& status) {
        if (callbacks.on_notice) {
          callbacks.on_notice(
              absl::StrFormat("Exporting on the remote service (%s, %.0f%%)", status.status, status.progress));
        }
      };
      BF_ASSIGN_OR_RETURN(ExportedFile exported, Export(path, cancel, on_poll));
      Emit(absl::StrCat(separator, "Exported the video: ", std::filesystem::path(path).filename().string(), " (",
                        exported.bytes, " bytes).\n"),
           callbacks, reply);
      reply.exported = std::move(exported);
      break;
    }
    case GuiAction::kOpenPanel:
    case GuiAction::kPreview: {
      BF_ASSIGN_OR_RETURN(SessionState state, ReadState(cancel));
      std::string summary = "The timeline is empty.";
      if (!DraftIsEmpty(state.draft)) {
        BF_ASSIGN_OR_RETURN(summary, SummarizeTimeline(state.draft));
      }
      if (action == GuiAction::kOpenPanel && state.video_infos.is_array()) {
        absl::StrAppend(&summary, " (", state.video_infos.size(), " uploaded media file",
                        state.video_infos.size() == 1 ? "" : "s", ")");
      }
      Emit(absl::StrCat(separator, summary, "\n"), callbacks, reply);
      break;
    }
    case GuiAction::kSendAsMessage: {
      // Asked once per user message, so two GUI-minded replies cannot loop.
      if (!allow_follow_up) return absl::OkStatus();
      const std::string request = absl::StrCat(kFollowUpPrefix, absl::StripAsciiWhitespace(sentence));
      BF_ASSIGN_OR_RETURN(Reply follow_up, Converse(request, callbacks, cancel, /*allow_follow_up=*/false));
      reply.text += follow_up.text;
      reply.actions.insert(reply.actions.end(), follow_up.actions.begin(), follow_up.actions.end());
      if (follow_up.exported.has_value()) reply.exported = std::move(follow_up.exported);
      reply.heartbeats += follow_up.heartbeats;
      reply.notices += follow_up.notices;
      break;
    }
  }
  reply.actions.push_back(action);
  return absl::OkStatus();
}

absl::StatusOr<Json> RemoteSession::Upload(const std::string& path, const CancelCheck& cancel) {
  return WithSession<Json>([&](const std::string& sid) { return client_.UploadFile(sid, path, cancel); }, cancel,
                           nullptr);
}

absl::StatusOr<std::string> RemoteSession::TimelineSummary(const CancelCheck& cancel) {
  BF_ASSIGN_OR_RETURN(SessionState state, ReadState(cancel));
  if (DraftIsEmpty(state.draft)) return std::string("The timeline is empty.");
  return SummarizeTimeline(state.draft);
}

absl::StatusOr<ExportedFile> RemoteSession::Export(const std::string& path, const CancelCheck& cancel,
                                                   const std::function<void(const ExportStatus&)>& on_poll) {
  BF_ASSIGN_OR_RETURN(SessionState state, ReadState(cancel));
  if (DraftIsEmpty(state.draft)) {
    return absl::FailedPreconditionError("export: the remote timeline is empty; there is nothing to export yet");
  }
  return WithSession<ExportedFile>(
      [&](const std::string& sid) { return client_.ExportToFile(sid, state.draft, path, cancel, on_poll); }, cancel,
      nullptr);
}

}  // namespace beatframe::remote
