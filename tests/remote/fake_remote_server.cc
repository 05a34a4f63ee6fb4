#include "tests/remote/fake_remote_server.h"

#include <chrono>
#include <thread>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace beatframe::testing_remote {
namespace {

constexpr char kTokenPath[] = "/api/auth/anonymous-token";
constexpr char kSessionPath[] = "/api/tasks/me/with-session/nemo_agent";
constexpr char kUploadPrefix[] = "/api/upload-video/nemo_agent/me/";
constexpr char kStatePrefix[] = "/api/state/nemo_agent/me/";
constexpr char kCreditsPath[] = "/api/credits/balance/simple";
constexpr char kExportPath[] = "/api/render/proxy/lambda";
constexpr char kFilesPrefix[] = "/files/";

const char* const kAccepted[] = {"mp4", "mov", "avi", "webm", "mkv", "jpg", "png", "gif", "webp",
                                 "mp3", "wav", "m4a", "aac", "flac"};

Json Parse(const std::string& body) { return Json::parse(body, nullptr, false); }

bool IsString(const Json& j, const char* key) { return j.is_object() && j.contains(key) && j[key].is_string(); }

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string DataLine(const Json& j) { return absl::StrCat("data: ", Dump(j), "\n\n"); }

void SleepMs(int ms, const std::atomic<bool>& stop) {
  for (int waited = 0; waited < ms && !stop; waited += 5) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

}  // namespace

std::string SseText(const std::string& text, bool partial) {
  return DataLine(Json{{"content", {{"parts", Json::array({Json{{"text", text}}})}, {"role", "model"}}},
                       {"partial", partial},
                       {"author", "nemo_agent"}});
}
std::string SseToolCall(const std::string& name) {
  return DataLine(Json{
      {"content", {{"parts", Json::array({Json{{"functionCall", {{"name", name}, {"args", Json::object()}}}}})}}}});
}
std::string SseToolResult(const std::string& name) {
  return DataLine(Json{{"content",
                        {{"parts", Json::array({Json{{"functionResponse",
                                                      {{"name", name}, {"response", {{"result", "ok"}}}}}}})}}}});
}
std::string SseHeartbeat() { return "event: heartbeat\ndata:\n\n"; }
std::string SseEmptyData() { return "data:\n\n"; }
std::string SseComment() { return ": keep-alive\n\n"; }

FakeRemoteServer::FakeRemoteServer() = default;
FakeRemoteServer::~FakeRemoteServer() { Stop(); }

absl::Status FakeRemoteServer::Start() {
  return http_.Start([this](const HttpRequestRecord& request, HttpConnection& connection) {
    Handle(request, connection);
  });
}

void FakeRemoteServer::Stop() { http_.Stop(); }

std::string FakeRemoteServer::base_url() const { return absl::StrCat("http://127.0.0.1:", http_.port()); }

void FakeRemoteServer::QueueSse(SseScript script) {
  std::lock_guard<std::mutex> lock(mu_);
  scripts_.push_back(std::move(script));
}
void FakeRemoteServer::ExpireTokens() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [token, expired] : tokens_) expired = true;
}
void FakeRemoteServer::SetAccountToken(std::string token) {
  std::lock_guard<std::mutex> lock(mu_);
  account_token_ = std::move(token);
}
void FakeRemoteServer::ForgetSessions() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [sid, session] : sessions_) session.forgotten = true;
}
void FakeRemoteServer::SetCredits(double available) {
  std::lock_guard<std::mutex> lock(mu_);
  credits_ = available;
}
void FakeRemoteServer::SetMaxUploadBytes(int64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  max_upload_bytes_ = bytes;
}
void FakeRemoteServer::RateLimitNext(int requests) {
  std::lock_guard<std::mutex> lock(mu_);
  rate_limit_next_ = requests;
}
void FakeRemoteServer::RejectNextClientIds(int requests) {
  std::lock_guard<std::mutex> lock(mu_);
  reject_client_ids_ = requests;
}
void FakeRemoteServer::SetExportPolls(int polls) {
  std::lock_guard<std::mutex> lock(mu_);
  export_polls_ = polls;
}
void FakeRemoteServer::SetPlanBlocksExport(bool blocked) {
  std::lock_guard<std::mutex> lock(mu_);
  plan_blocks_export_ = blocked;
}
void FakeRemoteServer::SetJsonErrorHttpStatus(int status) {
  std::lock_guard<std::mutex> lock(mu_);
  json_error_http_status_ = status;
}
void FakeRemoteServer::SetInitialDraft(Json draft) {
  std::lock_guard<std::mutex> lock(mu_);
  initial_draft_ = std::move(draft);
}
void FakeRemoteServer::SetExportPayload(std::string bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  export_payload_ = std::move(bytes);
}

std::vector<HttpRequestRecord> FakeRemoteServer::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}
std::vector<HttpRequestRecord> FakeRemoteServer::requests_to(const std::string& path_prefix) const {
  std::vector<HttpRequestRecord> out;
  for (HttpRequestRecord& r : requests()) {
    if (absl::StartsWith(r.path, path_prefix)) out.push_back(std::move(r));
  }
  return out;
}
std::vector<std::string> FakeRemoteServer::issued_tokens() const {
  std::lock_guard<std::mutex> lock(mu_);
  return issued_;
}
std::vector<std::string> FakeRemoteServer::session_ids() const {
  std::lock_guard<std::mutex> lock(mu_);
  return session_order_;
}

void FakeRemoteServer::SendJson(HttpConnection& connection, int status, const Json& body) {
  connection.SendResponse(status, "application/json", Dump(body));
}

void FakeRemoteServer::SendCode(HttpConnection& connection, int code, const std::string& message) {
  int status;
  {
    std::lock_guard<std::mutex> lock(mu_);
    status = json_error_http_status_;
  }
  SendJson(connection, status, Json{{"code", code}, {"message", message}});
}

FakeRemoteServer::Session* FakeRemoteServer::FindSession(const std::string& sid) {
  auto it = sessions_.find(sid);
  return it == sessions_.end() || it->second.forgotten ? nullptr : &it->second;
}

void FakeRemoteServer::Handle(const HttpRequestRecord& request, HttpConnection& connection) {
  bool rate_limited = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(request);
    if (rate_limit_next_ > 0) {
      --rate_limit_next_;
      rate_limited = true;
    }
  }
  if (rate_limited) {
    SendJson(connection, 429, Json{{"code", 429}, {"message", "too many requests"}});
    return;
  }
  Route(request, connection);
}

void FakeRemoteServer::AnonymousToken(const HttpRequestRecord& request, HttpConnection& connection) {
  std::lock_guard<std::mutex> lock(mu_);
  const bool refuse = reject_client_ids_ > 0 || request.Header("x-client-id").empty();
  if (reject_client_ids_ > 0) --reject_client_ids_;
  if (refuse) {
    SendJson(connection, 400, Json{{"code", 400}, {"message", "missing X-Client-Id"}});
    return;
  }
  const std::string token = absl::StrFormat("nemo-anon-%08x%04d", static_cast<unsigned>(std::hash<std::string>()(
                                                                       request.Header("x-client-id"))),
                                            next_id_++);
  tokens_[token] = false;
  issued_.push_back(token);
  SendJson(connection, 200,
           Json{{"code", 0}, {"data", {{"token", token}, {"credits", 100}, {"expires_in_s", 7 * 24 * 3600}}}});
}

void FakeRemoteServer::Route(const HttpRequestRecord& request, HttpConnection& connection) {
  const std::string& path = request.path;
  if (request.method == "POST" && path == kTokenPath) return AnonymousToken(request, connection);
  if (request.method == "GET" && absl::StartsWith(path, kFilesPrefix)) {
    std::string id = path.substr(sizeof(kFilesPrefix) - 1);
    id = id.substr(0, id.rfind(".mp4"));
    std::lock_guard<std::mutex> lock(mu_);
    if (exports_.count(id) == 0) {
      connection.SendResponse(404, "text/plain", "not found");
    } else {
      connection.SendResponse(200, "video/mp4", export_payload_);
    }
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    const std::string token = request.BearerToken();
    auto it = tokens_.find(token);
    const bool valid = (!account_token_.empty() && token == account_token_) || (it != tokens_.end() && !it->second);
    if (!valid) {
      const int status = json_error_http_status_;
      SendJson(connection, status, Json{{"code", 1001}, {"message", "token expired or invalid"}});
      return;
    }
  }
  if (request.method == "POST" && path == kSessionPath) {
    const Json body = Parse(request.body);
    if (!IsString(body, "task_name") || !IsString(body, "language")) {
      return SendJson(connection, 400, Json{{"code", 400}, {"message", "task_name and language required"}});
    }
    std::lock_guard<std::mutex> lock(mu_);
    const std::string sid = absl::StrCat("sess-", next_id_++);
    sessions_[sid].draft = initial_draft_;
    session_order_.push_back(sid);
    return SendJson(connection, 200, Json{{"code", 0}, {"data", {{"task_id", next_id_++}, {"session_id", sid}}}});
  }
  if (request.method == "POST" && path == "/run_sse") return RunSse(request, connection);
  if (request.method == "POST" && absl::StartsWith(path, kUploadPrefix)) {
    return Upload(request, connection, path.substr(sizeof(kUploadPrefix) - 1));
  }
  if (request.method == "GET" && path == kCreditsPath) {
    std::lock_guard<std::mutex> lock(mu_);
    return SendJson(connection, 200,
                    Json{{"code", 0}, {"data", {{"available", credits_}, {"frozen", 5}, {"total", credits_ + 5}}}});
  }
  if (request.method == "GET" && absl::StartsWith(path, kStatePrefix) && absl::EndsWith(path, "/latest")) {
    const std::string sid = path.substr(sizeof(kStatePrefix) - 1, path.size() - (sizeof(kStatePrefix) - 1) - 7);
    std::unique_lock<std::mutex> lock(mu_);
    Session* session = FindSession(sid);
    if (session == nullptr) {
      lock.unlock();
      return SendCode(connection, 1002, "session not found");
    }
    const Json state{{"draft", session->draft},
                     {"video_infos", session->video_infos},
                     {"generated_media", session->generated_media}};
    lock.unlock();
    return SendJson(connection, 200, Json{{"code", 0}, {"data", {{"state", state}}}});
  }
  if (request.method == "POST" && path == kExportPath) return StartExport(request, connection);
  if (request.method == "GET" && absl::StartsWith(path, absl::StrCat(kExportPath, "/"))) {
    return ExportStatus(connection, path.substr(sizeof(kExportPath)));
  }
  SendJson(connection, 404, Json{{"code", 404}, {"message", "no such endpoint"}});
}

void FakeRemoteServer::RunSse(const HttpRequestRecord& request, HttpConnection& connection) {
  const Json body = Parse(request.body);
  const bool well_formed = body.is_object() && body.value("app_name", "") == "nemo_agent" &&
                           body.value("user_id", "") == "me" && IsString(body, "session_id") &&
                           body.contains("new_message") && body["new_message"].is_object() &&
                           body["new_message"].contains("parts") && body["new_message"]["parts"].is_array() &&
                           !body["new_message"]["parts"].empty() &&
                           IsString(body["new_message"]["parts"][0], "text");
  if (!well_formed || !absl::StrContains(request.Header("accept"), "text/event-stream")) {
    return SendJson(connection, 400, Json{{"code", 400}, {"message", "bad run_sse request"}});
  }
  SseScript script;
  {
    std::unique_lock<std::mutex> lock(mu_);
    Session* session = FindSession(body["session_id"].get<std::string>());
    if (session == nullptr) {
      lock.unlock();
      return SendCode(connection, 1002, "session not found");
    }
    if (credits_ <= 0) {
      lock.unlock();
      return SendCode(connection, 2001, "insufficient credits");
    }
    if (scripts_.empty()) {
      script.Add(SseText("Done."));
    } else {
      script = std::move(scripts_.front());
      scripts_.pop_front();
    }
    if (script.draft_after.has_value()) session->draft = *script.draft_after;
  }
  if (script.json_error_code.has_value()) return SendCode(connection, *script.json_error_code, "scripted error");
  if (!connection.StartStream("text/event-stream; charset=utf-8", script.chunked)) return;
  for (const SseScript::Step& step : script.steps) {
    SleepMs(step.delay_ms, http_.stopping());
    if (http_.stopping() || !connection.StreamChunk(step.bytes)) return;
  }
  if (script.hold_open) {
    if (connection.WaitForPeerClose(http_.stopping(), -1)) ++stream_disconnects_;
    return;
  }
  connection.EndStream();
}

void FakeRemoteServer::Upload(const HttpRequestRecord& request, HttpConnection& connection, const std::string& sid) {
  std::unique_lock<std::mutex> lock(mu_);
  Session* session = FindSession(sid);
  if (session == nullptr) {
    lock.unlock();
    return SendCode(connection, 1002, "session not found");
  }
  Json uploaded = Json::array();
  if (request.parts.empty()) {
    const Json body = Parse(request.body);
    if (!body.is_object() || body.value("source_type", "") != "url" || !body.contains("urls") ||
        !body["urls"].is_array()) {
      lock.unlock();
      return SendJson(connection, 400, Json{{"code", 400}, {"message", "multipart field files or urls required"}});
    }
    for (const Json& url : body["urls"]) uploaded.push_back(Json{{"url", url}});
  }
  for (const RecordedPart& part : request.parts) {
    if (part.name != "files") continue;
    const size_t dot = part.file_name.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : absl::AsciiStrToLower(part.file_name.substr(dot + 1));
    bool accepted = false;
    for (const char* a : kAccepted) accepted = accepted || ext == a;
    if (!accepted) {
      lock.unlock();
      return SendCode(connection, 4001, "unsupported file type");
    }
    if (part.size > max_upload_bytes_) {
      lock.unlock();
      return SendCode(connection, 4002, "file too large");
    }
    uploaded.push_back(Json{{"name", part.file_name}, {"size", part.size}});
    session->video_infos.push_back(Json{{"name", part.file_name}, {"size", part.size}});
  }
  if (uploaded.empty()) {
    lock.unlock();
    return SendJson(connection, 400, Json{{"code", 400}, {"message", "no file in field files"}});
  }
  lock.unlock();
  SendJson(connection, 200, Json{{"code", 0}, {"data", {{"files", uploaded}}}});
}

void FakeRemoteServer::StartExport(const HttpRequestRecord& request, HttpConnection& connection) {
  for (const char* header : kAttributionHeaders) {
    if (request.Header(header).empty()) {
      return SendJson(connection, 402, Json{{"code", 402}, {"message", "export requires attribution"}});
    }
  }
  const Json body = Parse(request.body);
  std::unique_lock<std::mutex> lock(mu_);
  if (plan_blocks_export_) {
    lock.unlock();
    return SendJson(connection, 402, Json{{"code", 402}, {"message", "upgrade your plan to export"}});
  }
  if (credits_ <= 0) {
    lock.unlock();
    return SendCode(connection, 2001, "insufficient credits");
  }
  const bool well_formed = IsString(body, "id") && IsString(body, "sessionId") && body.contains("draft") &&
                           body["draft"].is_object() && body.contains("output") && body["output"].is_object() &&
                           body["output"].value("format", "") == "mp4";
  if (!well_formed) {
    lock.unlock();
    return SendJson(connection, 400, Json{{"code", 400}, {"message", "bad export request"}});
  }
  if (FindSession(body["sessionId"].get<std::string>()) == nullptr) {
    lock.unlock();
    return SendCode(connection, 1002, "session not found");
  }
  const std::string id = body["id"].get<std::string>();
  exports_[id].polls_left = export_polls_;
  lock.unlock();
  SendJson(connection, 200, Json{{"code", 0}, {"data", {{"id", id}, {"status", "queued"}}}});
}

void FakeRemoteServer::ExportStatus(HttpConnection& connection, const std::string& id) {
  std::unique_lock<std::mutex> lock(mu_);
  auto it = exports_.find(id);
  if (it == exports_.end()) {
    lock.unlock();
    return SendJson(connection, 404, Json{{"code", 404}, {"message", "no such render"}});
  }
  Json data{{"id", id}};
  if (it->second.polls_left > 0) {
    --it->second.polls_left;
    data["status"] = "processing";
    data["progress"] = 100 * (export_polls_ - it->second.polls_left) / (export_polls_ + 1);
  } else {
    data["status"] = "completed";
    data["progress"] = 100;
    data["output"] = {{"url", absl::StrCat(base_url(), kFilesPrefix, id, ".mp4")}};
  }
  lock.unlock();
  SendJson(connection, 200, Json{{"code", 0}, {"data", data}});
}

}  // namespace beatframe::testing_remote
