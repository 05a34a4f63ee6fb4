// RemoteClient's transport core: tokens, headers, the retry rules and the
// mapping of the protocol's error codes. The calls themselves are in
// remote_client_calls.cc.
#include "service/remote/remote_client.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "engine/common/status_macros.h"
#include "service/remote/error_reason.h"
#include "service/remote/remote_client_call.h"

namespace beatframe::remote {
namespace {

constexpr char kRedacted[] = "[redacted]";

// "scheme://authority" of `url`, or "" when it is not http(s).
std::string OriginOf(absl::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == absl::string_view::npos) return "";
  const absl::string_view scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return "";
  const size_t host_start = scheme_end + 3;
  const size_t host_end = url.find_first_of("/?#", host_start);
  const absl::string_view origin = url.substr(0, host_end);
  if (origin.size() <= host_start) return "";
  return std::string(origin);
}

}  // namespace

std::string NewUuidV4() {
  absl::BitGen gen;
  unsigned char b[16];
  for (unsigned char& byte : b) byte = absl::Uniform<unsigned int>(gen, 0, 256);
  b[6] = (b[6] & 0x0F) | 0x40;  // version 4
  b[8] = (b[8] & 0x3F) | 0x80;  // RFC 4122 variant
  return absl::StrFormat("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
                         b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

RemoteClient::RemoteClient(RemoteClientOptions options) : options_(std::move(options)) {}

absl::StatusOr<std::unique_ptr<RemoteClient>> RemoteClient::Create(RemoteClientOptions options) {
  while (absl::EndsWith(options.base_url, "/")) options.base_url.pop_back();
  if (OriginOf(options.base_url).empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("remote backend URL '", options.base_url, "' is not an http:// or https:// URL"));
  }
  std::string token = options.token;
  if (token.empty() && options.read_env_token) {
    if (const char* env = std::getenv("NEMO_TOKEN"); env != nullptr) token = env;
  }
  auto client = std::unique_ptr<RemoteClient>(new RemoteClient(std::move(options)));
  client->account_token_ = !token.empty();
  client->client_id_ = NewUuidV4();
  if (!token.empty()) {
    client->token_ = token;
    client->all_tokens_.push_back(token);
  }
  return client;
}

std::string RemoteClient::client_id() const {
  std::lock_guard<std::mutex> lock(mu_);
  return client_id_;
}

std::string RemoteClient::CurrentToken() const {
  std::lock_guard<std::mutex> lock(mu_);
  return token_;
}

std::string RemoteClient::Redact(absl::string_view text) const {
  std::vector<std::string> tokens;
  {
    std::lock_guard<std::mutex> lock(mu_);
    tokens = all_tokens_;
  }
  std::string out(text);
  for (const std::string& token : tokens) {
    if (!token.empty()) out = absl::StrReplaceAll(out, {{token, kRedacted}});
  }
  return out;
}

absl::Status RemoteClient::Clean(absl::Status status) const {
  if (status.ok()) return status;
  absl::Status clean(status.code(), Redact(status.message()));
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) { clean.SetPayload(url, payload); });
  return clean;
}

void RemoteClient::Log(absl::string_view line) const {
  const std::string clean = Redact(line);
  if (options_.log) {
    options_.log(clean);
  } else {
    std::fprintf(stderr, "beatframed: remote: %s\n", clean.c_str());
  }
}

std::string RemoteClient::Url(absl::string_view path) const {
  if (!OriginOf(path).empty()) return std::string(path);
  return absl::StrCat(options_.base_url, absl::StartsWith(path, "/") ? "" : "/", path);
}

bool RemoteClient::SameOrigin(absl::string_view url) const {
  return OriginOf(url) == OriginOf(options_.base_url);
}

std::vector<std::string> RemoteClient::Headers(bool with_auth) const {
  std::vector<std::string> headers = {
      absl::StrCat("X-Skill-Source: ", options_.skill_source),
      absl::StrCat("X-Skill-Version: ", options_.skill_version),
      absl::StrCat("X-Skill-Platform: ", options_.skill_platform),
  };
  if (with_auth) headers.push_back(absl::StrCat("Authorization: Bearer ", CurrentToken()));
  return headers;
}

absl::Status RemoteClient::FetchAnonymousToken(const CancelCheck& cancel) {
  Call call;
  call.method = "POST";
  call.path = "/api/auth/anonymous-token";
  call.label = "anonymous token";
  call.authenticated = false;
  call.token_request = true;
  call.timeout = options_.call_timeout;
  call.headers = {"Content-Type: application/json"};
  call.body = "{}";
  BF_ASSIGN_OR_RETURN(Json answer, ExecuteJson(call, cancel));
  const std::string token = StringMember(DataOf(answer), "token");
  if (token.empty()) return absl::UnavailableError("anonymous token: the remote service's answer holds no token");
  std::lock_guard<std::mutex> lock(mu_);
  token_ = token;
  all_tokens_.push_back(token);
  account_token_ = false;
  return absl::OkStatus();
}

absl::Status RemoteClient::EnsureToken(const CancelCheck& cancel) {
  std::lock_guard<std::mutex> fetch_lock(token_fetch_mu_);
  if (!CurrentToken().empty()) return absl::OkStatus();
  Log("getting an anonymous token");
  return FetchAnonymousToken(cancel);
}

absl::Status RemoteClient::RenewToken(const std::string& rejected, const CancelCheck& cancel) {
  std::lock_guard<std::mutex> fetch_lock(token_fetch_mu_);
  if (CurrentToken() != rejected) return absl::OkStatus();  // another call renewed it already
  Log("the access token was rejected (1001); getting a new anonymous token");
  {
    std::lock_guard<std::mutex> lock(mu_);
    token_.clear();
  }
  return FetchAnonymousToken(cancel);
}

absl::Status RemoteClient::ErrorForCode(int64_t code, const Json& answer, absl::string_view label) const {
  const Json& data = DataOf(answer);
  switch (code) {
    case 1001:
      return WithErrorReason(
          absl::UnauthenticatedError(absl::StrCat(label, ": the remote service rejected its access token")),
          kReasonTokenRejected);
    case 1002:
      return WithErrorReason(absl::NotFoundError(absl::StrCat(label, ": the remote session no longer exists")),
                             kReasonSessionNotFound);
    case 2001: {
      std::string how;
      if (uses_account_token()) {
        how = "top up the account's credits";
      } else {
        std::string link = StringMember(data, "bind_url", StringMember(data, "url"));
        if (link.empty()) link = absl::StrCat(options_.base_url, "/?bind=", client_id());
        how = absl::StrCat("register an account to get more: ", link);
      }
      return WithErrorReason(
          absl::ResourceExhaustedError(absl::StrCat(label, ": out of credits on the remote video service; ", how)),
          kReasonOutOfCredits);
    }
    case 4001:
      return WithErrorReason(absl::InvalidArgumentError(absl::StrCat(
                                 label, ": the remote service does not accept this file type; accepted formats: ",
                                 kRemoteAcceptedFormats)),
                             kReasonUnsupportedFileType);
    case 4002:
      return WithErrorReason(
          absl::InvalidArgumentError(absl::StrCat(label,
                                                  ": the file is too large for the remote service (up to 200 MB); "
                                                  "compress or trim it and try again")),
          kReasonFileTooLarge);
    default: {
      std::string message = StringMember(answer, "message", StringMember(answer, "msg"));
      if (message.size() > 160) message.resize(160);
      return absl::InternalError(absl::StrCat(label, ": the remote service answered error code ", code,
                                              message.empty() ? "" : absl::StrCat(" (", message, ")")));
    }
  }
}

absl::StatusOr<HttpResponse> RemoteClient::Execute(const Call& call, const BodySink* sink,
                                                   const CancelCheck& cancel, const std::function<void()>& tick) {
  bool retried_rate_limit = false;
  bool retried_token = false;
  bool retried_client_id = false;
  while (true) {
    std::string used_token;
    if (call.authenticated) {
      BF_RETURN_IF_ERROR(EnsureToken(cancel));
      used_token = CurrentToken();
    }
    HttpRequest request;
    request.method = call.method;
    request.url = Url(call.path);
    request.label = call.label;
    // Credentials and attribution go only to the service itself, never to
    // another host (e.g. the CDN an export is downloaded from).
    const bool own_origin = SameOrigin(request.url);
    if (own_origin) request.headers = Headers(call.authenticated);
    if (call.token_request) request.headers.push_back(absl::StrCat("X-Client-Id: ", client_id()));
    for (const std::string& header : call.headers) request.headers.push_back(header);
    request.body = call.body;
    request.upload_path = call.upload_path;
    request.upload_file_name = call.upload_name;
    request.upload_content_type = call.upload_type;
    request.connect_timeout = options_.connect_timeout;
    request.timeout = call.timeout;
    request.stall_timeout = call.stall_timeout;

    BF_ASSIGN_OR_RETURN(HttpResponse response, PerformHttp(request, sink, cancel, tick));
    if (response.streamed) return response;
    const Json answer = ParseJson(response.body);
    const int64_t code = answer.is_object() ? IntMember(answer, "code", 0) : 0;

    if (response.status == 429) {
      if (retried_rate_limit) {
        return WithErrorReason(
            absl::UnavailableError(absl::StrCat(call.label, ": the remote service is rate limiting; try again later")),
            kReasonRateLimited);
      }
      retried_rate_limit = true;
      Log(absl::StrCat(call.label, ": rate limited (HTTP 429); retrying in ",
                       absl::FormatDuration(options_.rate_limit_wait)));
      if (!SleepUnlessCancelled(options_.rate_limit_wait, cancel)) {
        return absl::CancelledError(absl::StrCat(call.label, ": cancelled"));
      }
      continue;
    }
    if (call.token_request && response.status == 400) {
      if (retried_client_id) {
        return absl::InternalError(absl::StrCat(call.label, ": the remote service refused the client id (HTTP 400)"));
      }
      retried_client_id = true;
      {
        std::lock_guard<std::mutex> lock(mu_);
        client_id_ = NewUuidV4();
      }
      Log(absl::StrCat(call.label, ": client id refused (HTTP 400); retrying with a new one"));
      continue;
    }
    if (call.authenticated && (code == 1001 || response.status == 401)) {
      if (retried_token) return ErrorForCode(1001, answer, call.label);
      retried_token = true;
      BF_RETURN_IF_ERROR(RenewToken(used_token, cancel));
      continue;
    }
    if (response.status == 402) {
      return WithErrorReason(
          absl::FailedPreconditionError(absl::StrCat(
              call.label,
              ": the remote service's plan does not allow this (HTTP 402): exporting needs a paid subscription "
              "there; this is a plan limit, not a lack of credits")),
          kReasonPlanLimit);
    }
    if (code != 0) return ErrorForCode(code, answer, call.label);
    if (response.status >= 500) {
      return absl::UnavailableError(absl::StrCat(call.label, ": the remote service failed (HTTP ", response.status, ")"));
    }
    if (response.status == 404) {
      return absl::NotFoundError(absl::StrCat(call.label, ": not found on the remote service (HTTP 404)"));
    }
    if (response.status < 200 || response.status >= 300) {
      return absl::InternalError(
          absl::StrCat(call.label, ": the remote service refused the request (HTTP ", response.status, ")"));
    }
    return response;
  }
}

absl::StatusOr<Json> RemoteClient::ExecuteJson(const Call& call, const CancelCheck& cancel) {
  BF_ASSIGN_OR_RETURN(HttpResponse response, Execute(call, nullptr, cancel, nullptr));
  Json answer = ParseJson(response.body);
  if (answer.is_discarded()) {
    return absl::UnavailableError(absl::StrCat(call.label, ": the remote service's answer is not JSON"));
  }
  return answer;
}

}  // namespace beatframe::remote
