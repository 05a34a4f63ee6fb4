// The protocol's calls, one function each, on top of RemoteClient::Execute.
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "engine/common/status_macros.h"
#include "service/remote/agent_event_reader.h"
#include "service/remote/error_reason.h"
#include "service/remote/remote_client.h"
#include "service/remote/remote_client_call.h"
#include "service/remote/sse_parser.h"

namespace beatframe::remote {
namespace {

constexpr char kJsonContent[] = "Content-Type: application/json";

// Paths carry ids the service gave us; refuse anything that could change the path.
absl::Status CheckId(absl::string_view what, absl::string_view id) {
  if (id.empty()) return absl::InvalidArgumentError(absl::StrCat("remote ", what, " id is empty"));
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return absl::InvalidArgumentError(absl::StrCat("remote ", what, " id '", id, "' has unexpected characters"));
    }
  }
  return absl::OkStatus();
}

std::string ContentTypeFor(const std::string& path) {
  std::string ext = absl::AsciiStrToLower(std::filesystem::path(path).extension().string());
  static const std::pair<const char*, const char*> kTypes[] = {
      {".mp4", "video/mp4"},  {".mov", "video/quicktime"}, {".avi", "video/x-msvideo"}, {".webm", "video/webm"},
      {".mkv", "video/x-matroska"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".png", "image/png"},
      {".gif", "image/gif"},  {".webp", "image/webp"},     {".mp3", "audio/mpeg"},     {".wav", "audio/wav"},
      {".m4a", "audio/mp4"},  {".aac", "audio/aac"},       {".flac", "audio/flac"},
  };
  for (const auto& [suffix, type] : kTypes) {
    if (ext == suffix) return type;
  }
  return "application/octet-stream";
}

// A draft may arrive as an object or as a JSON string holding one.
Json Unwrap(const Json* value) {
  if (value == nullptr) return Json();
  if (value->is_string()) {
    Json parsed = ParseJson(value->get<std::string>());
    return parsed.is_discarded() ? *value : parsed;
  }
  return *value;
}

}  // namespace

absl::StatusOr<RemoteTask> RemoteClient::CreateSession(const CancelCheck& cancel) {
  Call call;
  call.method = "POST";
  call.path = "/api/tasks/me/with-session/nemo_agent";
  call.label = "create remote session";
  call.headers = {kJsonContent};
  call.body = DumpJson(Json{{"task_name", "project"}, {"language", options_.language}});
  call.timeout = options_.call_timeout;
  absl::StatusOr<Json> answer = ExecuteJson(call, cancel);
  if (!answer.ok()) return Clean(answer.status());
  const Json& data = DataOf(*answer);
  RemoteTask task;
  task.task_id = StringMember(data, "task_id", std::to_string(IntMember(data, "task_id", 0)));
  task.session_id = StringMember(data, "session_id");
  if (!CheckId("session", task.session_id).ok()) {
    return absl::UnavailableError("create remote session: the answer holds no usable session_id");
  }
  return task;
}

absl::StatusOr<MessageResult> RemoteClient::SendMessageOnce(absl::string_view session_id, absl::string_view text,
                                                            const StreamEvents& events, const CancelCheck& cancel,
                                                            bool* token_rejected) {
  MessageResult result;
  AgentEventReader reader(events, &result);
  SseParser parser([&](const SseEvent& event) { reader.OnEvent(event); }, [&](absl::string_view) { reader.OnComment(); });
  absl::Status parse_status;
  BodySink sink;
  sink.accept = [](long status, absl::string_view content_type) {
    return status >= 200 && status < 300 && absl::StartsWith(content_type, "text/event-stream");
  };
  sink.write = [&](absl::string_view bytes) {
    parse_status = parser.Feed(bytes);
    return parse_status.ok() && !reader.failed();
  };
  Call call;
  call.method = "POST";
  call.path = "/run_sse";
  call.label = "send message";
  call.headers = {kJsonContent, "Accept: text/event-stream"};
  call.body = DumpJson(Json{{"app_name", "nemo_agent"},
                            {"user_id", "me"},
                            {"session_id", std::string(session_id)},
                            {"new_message", {{"parts", Json::array({Json{{"text", std::string(text)}}})}}}});
  call.timeout = options_.stream_timeout;
  call.stall_timeout = options_.stream_stall_timeout;
  absl::StatusOr<HttpResponse> response = Execute(call, &sink, cancel, events.on_tick);
  if (reader.failed()) {
    const int64_t code = reader.error_code();
    *token_rejected = code == 1001 && result.text.empty();
    if (code > 0) return ErrorForCode(code, reader.error_answer(), call.label);
    return absl::UnavailableError("send message: the remote service reported an error in its reply stream");
  }
  if (!parse_status.ok()) return Annotate(parse_status, "send message");
  if (!response.ok()) return response.status();
  if (!response->streamed) {
    // A 2xx answer that is not labelled as an event stream: read it as one.
    parse_status = parser.Feed(response->body);
    if (!parse_status.ok()) return Annotate(parse_status, "send message");
  }
  // The spec drops an event without its closing blank line; so do we.
  parser.Finish();
  return result;
}

absl::StatusOr<MessageResult> RemoteClient::SendMessage(absl::string_view session_id, absl::string_view text,
                                                        const StreamEvents& events, const CancelCheck& cancel) {
  if (absl::Status s = CheckId("session", session_id); !s.ok()) return s;
  for (int attempt = 0;; ++attempt) {
    const std::string token = CurrentToken();
    bool token_rejected = false;
    absl::StatusOr<MessageResult> result = SendMessageOnce(session_id, text, events, cancel, &token_rejected);
    if (token_rejected && attempt == 0) {
      // 1001 inside the stream before any reply: renew and send once more.
      if (absl::Status s = RenewToken(token, cancel); !s.ok()) return Clean(s);
      continue;
    }
    if (!result.ok()) return Clean(result.status());
    return result;
  }
}

absl::StatusOr<Json> RemoteClient::UploadFile(absl::string_view session_id, const std::string& path,
                                              const CancelCheck& cancel) {
  if (absl::Status s = CheckId("session", session_id); !s.ok()) return s;
  const std::string name = std::filesystem::path(path).filename().string();
  const std::string label = absl::StrCat("upload '", name, "'");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return absl::NotFoundError(absl::StrCat(label, ": no such file"));
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return absl::NotFoundError(absl::StrCat(label, ": cannot read the file"));
  if (static_cast<int64_t>(size) > options_.max_upload_bytes) {
    return WithErrorReason(
        absl::InvalidArgumentError(absl::StrCat(label, ": ", size, " bytes is over the remote service's limit of ",
                                                options_.max_upload_bytes, " bytes; compress or trim it")),
        kReasonFileTooLarge);
  }
  Call call;
  call.method = "POST";
  call.path = absl::StrCat("/api/upload-video/nemo_agent/me/", session_id);
  call.label = label;
  call.upload_path = path;
  call.upload_name = name;
  call.upload_type = ContentTypeFor(path);
  call.timeout = options_.transfer_timeout;
  call.stall_timeout = options_.stream_stall_timeout;
  absl::StatusOr<Json> answer = ExecuteJson(call, cancel);
  if (!answer.ok()) return Clean(answer.status());
  return DataOf(*answer);
}

absl::StatusOr<Json> RemoteClient::UploadUrl(absl::string_view session_id, absl::string_view url,
                                             const CancelCheck& cancel) {
  if (absl::Status s = CheckId("session", session_id); !s.ok()) return s;
  Call call;
  call.method = "POST";
  call.path = absl::StrCat("/api/upload-video/nemo_agent/me/", session_id);
  call.label = "upload by URL";
  call.headers = {kJsonContent};
  call.body = DumpJson(Json{{"urls", Json::array({std::string(url)})}, {"source_type", "url"}});
  call.timeout = options_.call_timeout;
  absl::StatusOr<Json> answer = ExecuteJson(call, cancel);
  if (!answer.ok()) return Clean(answer.status());
  return DataOf(*answer);
}

absl::StatusOr<Credits> RemoteClient::GetCredits(const CancelCheck& cancel) {
  Call call;
  call.path = "/api/credits/balance/simple";
  call.label = "credits";
  call.timeout = options_.call_timeout;
  absl::StatusOr<Json> answer = ExecuteJson(call, cancel);
  if (!answer.ok()) return Clean(answer.status());
  const Json& data = DataOf(*answer);
  Credits credits;
  credits.available = NumberMember(data, "available");
  credits.frozen = NumberMember(data, "frozen");
  credits.total = NumberMember(data, "total");
  return credits;
}

absl::StatusOr<SessionState> RemoteClient::GetSessionState(absl::string_view session_id, const CancelCheck& cancel) {
  if (absl::Status s = CheckId("session", session_id); !s.ok()) return s;
  Call call;
  call.path = absl::StrCat("/api/state/nemo_agent/me/", session_id, "/latest");
  call.label = "session state";
  call.timeout = options_.call_timeout;
  absl::StatusOr<Json> answer = ExecuteJson(call, cancel);
  if (!answer.ok()) return Clean(answer.status());
  const Json* state = Member(DataOf(*answer), "state");
  SessionState result;
  if (state == nullptr || !state->is_object()) return result;
  result.draft = Unwrap(Member(*state, "draft"));
  result.video_infos = Unwrap(Member(*state, "video_infos"));
  result.generated_media = Unwrap(Member(*state, "generated_media"));
  return result;
}

absl::StatusOr<std::string> RemoteClient::StartExport(absl::string_view session_id, const Json& draft,
                                                      const CancelCheck& cancel) {
  if (absl::Status s = CheckId("session", session_id); !s.ok()) return s;
  const std::string render_id = absl::StrCat("render_", absl::ToUnixMillis(absl::Now()));
  Call call;
  call.method = "POST";
  call.path = "/api/render/proxy/lambda";
  call.label = "start export";
  call.headers = {kJsonContent};
  call.body = DumpJson(Json{{"id", render_id},
                            {"sessionId", std::string(session_id)},
                            {"draft", draft},
                            {"output", {{"format", "mp4"}, {"quality", "high"}}}});
  call.timeout = options_.call_timeout;
  absl::StatusOr<Json> answer = ExecuteJson(call, cancel);
  if (!answer.ok()) return Clean(answer.status());
  const std::string id = StringMember(DataOf(*answer), "id", render_id);
  if (absl::Status s = CheckId("render", id); !s.ok()) return s;
  return id;
}

absl::StatusOr<ExportStatus> RemoteClient::GetExportStatus(absl::string_view render_id, const CancelCheck& cancel) {
  if (absl::Status s = CheckId("render", render_id); !s.ok()) return s;
  Call call;
  call.path = absl::StrCat("/api/render/proxy/lambda/", render_id);
  call.label = "export status";
  call.timeout = options_.call_timeout;
  absl::StatusOr<Json> answer = ExecuteJson(call, cancel);
  if (!answer.ok()) return Clean(answer.status());
  const Json& data = DataOf(*answer);
  ExportStatus status;
  status.render_id = std::string(render_id);
  status.status = absl::AsciiStrToLower(StringMember(data, "status"));
  status.progress = NumberMember(data, "progress");
  if (const Json* output = Member(data, "output")) status.output_url = StringMember(*output, "url");
  if (status.status == "failed" || status.status == "error") {
    return absl::UnavailableError(absl::StrCat("export '", render_id, "' failed on the remote service"));
  }
  if (status.status == "completed" && status.output_url.empty()) {
    return absl::UnavailableError(absl::StrCat("export '", render_id, "' completed without an output URL"));
  }
  return status;
}

absl::StatusOr<ExportStatus> RemoteClient::WaitForExport(absl::string_view render_id, const CancelCheck& cancel,
                                                         const std::function<void(const ExportStatus&)>& on_poll) {
  const absl::Time deadline = absl::Now() + options_.export_timeout;
  while (true) {
    BF_ASSIGN_OR_RETURN(ExportStatus status, GetExportStatus(render_id, cancel));
    if (on_poll) on_poll(status);
    if (status.status == "completed") return status;
    if (absl::Now() + options_.export_poll_interval > deadline) {
      return absl::DeadlineExceededError(absl::StrCat("export '", render_id, "' did not complete within ",
                                                      absl::FormatDuration(options_.export_timeout)));
    }
    if (!SleepUnlessCancelled(options_.export_poll_interval, cancel)) {
      return absl::CancelledError(absl::StrCat("export '", render_id, "': cancelled"));
    }
  }
}

absl::StatusOr<int64_t> RemoteClient::DownloadToFile(absl::string_view url, const std::string& path,
                                                     const CancelCheck& cancel) {
  const std::string part_path = path + ".part";
  std::FILE* file = std::fopen(part_path.c_str(), "wb");
  if (file == nullptr) return absl::InternalError(absl::StrCat("download: cannot write '", path, "'"));
  int64_t bytes = 0;
  BodySink sink;
  sink.accept = [](long status, absl::string_view) { return status >= 200 && status < 300; };
  sink.write = [&](absl::string_view data) {
    bytes += static_cast<int64_t>(data.size());
    return std::fwrite(data.data(), 1, data.size(), file) == data.size();
  };
  Call call;
  call.path = std::string(url);
  call.label = "download export";
  call.authenticated = SameOrigin(Url(url));  // a CDN gets no token
  call.timeout = options_.transfer_timeout;
  call.stall_timeout = options_.stream_stall_timeout;
  absl::StatusOr<HttpResponse> response = Execute(call, &sink, cancel, nullptr);
  const bool closed = std::fclose(file) == 0;
  absl::Status status = response.status();
  if (status.ok() && !response->streamed) status = absl::UnavailableError("download export: empty answer");
  if (status.ok() && !closed) status = absl::InternalError(absl::StrCat("download: cannot write '", path, "'"));
  std::error_code ec;
  if (status.ok()) {
    std::filesystem::rename(part_path, path, ec);
    if (ec) status = absl::InternalError(absl::StrCat("download: cannot write '", path, "'"));
  }
  if (!status.ok()) {
    std::filesystem::remove(part_path, ec);
    return Clean(status);
  }
  return bytes;
}

absl::StatusOr<ExportedFile> RemoteClient::ExportToFile(absl::string_view session_id, const Json& draft,
                                                        const std::string& path, const CancelCheck& cancel,
                                                        const std::function<void(const ExportStatus&)>& on_poll) {
  ExportedFile exported;
  BF_ASSIGN_OR_RETURN(exported.render_id, StartExport(session_id, draft, cancel));
  auto count_poll = [&](const ExportStatus& s) {
    ++exported.polls;
    if (on_poll) on_poll(s);
  };
  BF_ASSIGN_OR_RETURN(ExportStatus done, WaitForExport(exported.render_id, cancel, count_poll));
  exported.url = done.output_url;
  exported.path = path;
  BF_ASSIGN_OR_RETURN(exported.bytes, DownloadToFile(done.output_url, path, cancel));
  return exported;
}

}  // namespace beatframe::remote
