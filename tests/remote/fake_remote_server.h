// A loopback stand-in for the hosted video service, built to
// ../shared/REMOTE_BACKEND_PROTOCOL.md: anonymous tokens (X-Client-Id
// required, HTTP 400 without), Bearer auth on every other call (1001 for an
// unknown or expired token), sessions (1002 when forgotten), /run_sse streams
// played from per-test scripts (text, tool calls, heartbeats, empty data,
// comments, no text at all, held open), multipart uploads (4001 unsupported
// type, 4002 too large), credits (2001 when spent), session state, exports
// (402 without the attribution headers or on a blocked plan) that complete
// after a number of polls, and the download of the result. Failure modes are
// switched per test; every request is recorded (headers, bodies, multipart
// part summaries) for assertions. Test-only code.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"
#include "tests/remote/fake_http.h"

namespace beatframe::testing_remote {

using Json = nlohmann::json;

// One /run_sse answer: byte pieces written with pauses, then the end of the
// stream (or, with hold_open, a connection kept open until the client leaves).
struct SseScript {
  struct Step {
    int delay_ms = 0;   // before writing
    std::string bytes;  // written as one chunk (may split an event anywhere)
  };
  std::vector<Step> steps;
  bool hold_open = false;
  bool chunked = true;                 // false: close-delimited body
  std::optional<Json> draft_after;     // the session's draft once the message is handled
  std::optional<int> json_error_code;  // answer this code as JSON instead of a stream

  SseScript& Add(std::string bytes, int delay_ms = 0) {
    steps.push_back({delay_ms, std::move(bytes)});
    return *this;
  }
};

// Event builders (ADK Event JSON in `data:` lines).
std::string SseText(const std::string& text, bool partial = false);
std::string SseToolCall(const std::string& name);
std::string SseToolResult(const std::string& name);
std::string SseHeartbeat();       // "event: heartbeat" with empty data
std::string SseEmptyData();       // "data:" and a blank line
std::string SseComment();         // ": keep-alive"

// The attribution headers the protocol requires.
inline constexpr const char* kAttributionHeaders[] = {"x-skill-source", "x-skill-version", "x-skill-platform"};

class FakeRemoteServer {
 public:
  FakeRemoteServer();
  ~FakeRemoteServer();

  absl::Status Start();
  void Stop();
  std::string base_url() const;  // "http://127.0.0.1:<port>"

  // --- behaviour switches (thread-safe) ---
  void QueueSse(SseScript script);           // per /run_sse call, in order; default: one short text reply
  void ExpireTokens();                       // every token issued so far now answers 1001
  void SetAccountToken(std::string token);   // a registered user's token (NEMO_TOKEN) that is valid
  void ForgetSessions();                     // every session so far now answers 1002
  void SetCredits(double available);         // <= 0: run_sse and export answer 2001
  void SetMaxUploadBytes(int64_t bytes);     // 4002 above (default 200 MB)
  void RateLimitNext(int requests);          // the next N requests answer HTTP 429
  void RejectNextClientIds(int requests);    // the next N token requests answer 400 as if X-Client-Id were missing
  void SetExportPolls(int polls);            // status polls that answer "processing" before "completed"
  void SetPlanBlocksExport(bool blocked);    // every export answers 402 (the free plan)
  void SetJsonErrorHttpStatus(int status);   // HTTP status sent with JSON error codes (default 200)
  void SetInitialDraft(Json draft);          // draft of sessions created from now on
  void SetExportPayload(std::string bytes);  // the downloaded file's content

  // --- observations ---
  std::vector<HttpRequestRecord> requests() const;
  std::vector<HttpRequestRecord> requests_to(const std::string& path_prefix) const;
  std::vector<std::string> issued_tokens() const;
  std::vector<std::string> session_ids() const;
  int stream_disconnects() const { return stream_disconnects_; }  // held streams the client closed

 private:
  struct Session {
    Json draft;
    Json video_infos = Json::array();
    Json generated_media = Json::array();
    bool forgotten = false;
  };
  struct ExportJob {
    int polls_left = 0;
  };

  void Handle(const HttpRequestRecord& request, HttpConnection& connection);
  void Route(const HttpRequestRecord& request, HttpConnection& connection);
  void SendJson(HttpConnection& connection, int status, const Json& body);
  void SendCode(HttpConnection& connection, int code, const std::string& message);
  void AnonymousToken(const HttpRequestRecord& request, HttpConnection& connection);
  void RunSse(const HttpRequestRecord& request, HttpConnection& connection);
  void Upload(const HttpRequestRecord& request, HttpConnection& connection, const std::string& sid);
  void StartExport(const HttpRequestRecord& request, HttpConnection& connection);
  void ExportStatus(HttpConnection& connection, const std::string& id);
  Session* FindSession(const std::string& sid);  // requires mu_

  FakeHttpServer http_;
  mutable std::mutex mu_;
  std::vector<HttpRequestRecord> requests_;
  std::map<std::string, bool> tokens_;  // token -> expired
  std::vector<std::string> issued_;
  std::string account_token_;
  std::map<std::string, Session> sessions_;
  std::vector<std::string> session_order_;
  std::map<std::string, ExportJob> exports_;
  std::deque<SseScript> scripts_;
  double credits_ = 100;
  int64_t max_upload_bytes_ = 200'000'000;
  int rate_limit_next_ = 0;
  int reject_client_ids_ = 0;
  int export_polls_ = 3;
  bool plan_blocks_export_ = false;
  int json_error_http_status_ = 200;
  Json initial_draft_;
  std::string export_payload_ = "fake mp4 bytes";
  int next_id_ = 1;
  std::atomic<int> stream_disconnects_{0};
};

}  // namespace beatframe::testing_remote
