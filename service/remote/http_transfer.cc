#include "service/remote/http_transfer.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace beatframe::remote {
namespace {

constexpr size_t kMaxBufferedBody = 8 << 20;
constexpr int kPollIntervalMs = 100;

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct MimeDeleter {
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};

// State shared with the libcurl callbacks of one transfer.
struct Transfer {
  CURL* easy = nullptr;
  const BodySink* sink = nullptr;
  const CancelCheck* cancel = nullptr;
  HttpResponse response;
  bool decided = false;     // accept() was asked
  bool cancelled = false;
  bool sink_failed = false;
  bool too_large = false;

  bool Cancelled() {
    if (!cancelled && *cancel && (*cancel)()) cancelled = true;
    return cancelled;
  }
};

void ReadHead(Transfer& t) {
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &t.response.status);
  char* content_type = nullptr;
  curl_easy_getinfo(t.easy, CURLINFO_CONTENT_TYPE, &content_type);
  t.response.content_type = content_type ? absl::AsciiStrToLower(content_type) : "";
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (t.Cancelled()) return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  if (!t.decided) {
    t.decided = true;
    ReadHead(t);
    t.response.streamed = t.sink != nullptr && t.sink->accept(t.response.status, t.response.content_type);
  }
  if (t.response.streamed) {
    if (!t.sink->write(absl::string_view(data, n))) {
      t.sink_failed = !t.Cancelled();
      return 0;
    }
    return n;
  }
  if (t.response.body.size() + n > kMaxBufferedBody) {
    t.too_large = true;
    return 0;
  }
  t.response.body.append(data, n);
  return n;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  // Non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
  return static_cast<Transfer*>(user)->Cancelled() ? 1 : 0;
}

absl::Status TransportError(const HttpRequest& request, CURLcode code, const char* detail) {
  const std::string what = absl::StrCat(request.label, ": ", detail[0] ? detail : curl_easy_strerror(code));
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return absl::DeadlineExceededError(what);
    case CURLE_READ_ERROR:
      return absl::InternalError(what);
    default:
      return absl::UnavailableError(what);
  }
}

}  // namespace

absl::StatusOr<HttpResponse> PerformHttp(const HttpRequest& request, const BodySink* sink,
                                         const CancelCheck& cancel, const std::function<void()>& tick) {
  GlobalInitOnce();
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  std::unique_ptr<CURLM, MultiDeleter> multi(curl_multi_init());
  if (!easy || !multi) return absl::InternalError("libcurl could not be initialised");
  Transfer t;
  t.easy = easy.get();
  t.sink = sink;
  t.cancel = &cancel;
  char error_buffer[CURL_ERROR_SIZE] = {0};

  CURL* e = easy.get();
  curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, &OnProgress);
  curl_easy_setopt(e, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(request.connect_timeout)));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(request.timeout)));
  if (request.stall_timeout > absl::ZeroDuration()) {
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME,
                     std::max<long>(1, static_cast<long>(absl::ToInt64Seconds(request.stall_timeout))));
  }
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode
  // Plain-HTTP redirects could leak the Authorization header to another host.
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);

  std::unique_ptr<curl_slist, SlistDeleter> headers;
  for (const std::string& header : request.headers) {
    curl_slist* appended = curl_slist_append(headers.get(), header.c_str());
    if (appended == nullptr) return absl::InternalError("libcurl: out of memory for headers");
    headers.release();
    headers.reset(appended);
  }
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());

  std::unique_ptr<curl_mime, MimeDeleter> mime;
  if (!request.upload_path.empty()) {
    // curl_mime_filedata reads the file in small pieces while sending.
    mime.reset(curl_mime_init(e));
    curl_mimepart* part = curl_mime_addpart(mime.get());
    curl_mime_name(part, request.upload_field.c_str());
    if (curl_mime_filedata(part, request.upload_path.c_str()) != CURLE_OK) {
      return absl::InternalError(absl::StrCat(request.label, ": cannot read the file to upload"));
    }
    if (!request.upload_file_name.empty()) curl_mime_filename(part, request.upload_file_name.c_str());
    if (!request.upload_content_type.empty()) curl_mime_type(part, request.upload_content_type.c_str());
    curl_easy_setopt(e, CURLOPT_MIMEPOST, mime.get());
  } else if (request.method == "POST") {
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, request.body.c_str());
  } else if (request.method != "GET") {
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  curl_multi_add_handle(multi.get(), e);
  int running = 1;
  while (running > 0) {
    if (curl_multi_perform(multi.get(), &running) != CURLM_OK) break;
    if (running == 0) break;
    if (t.Cancelled()) break;  // removing the handle below abandons the transfer
    if (tick) tick();
    curl_multi_poll(multi.get(), nullptr, 0, kPollIntervalMs, nullptr);
  }
  CURLcode result = CURLE_OK;
  bool finished = false;
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
    if (msg->msg == CURLMSG_DONE && msg->easy_handle == e) {
      result = msg->data.result;
      finished = true;
    }
  }
  curl_multi_remove_handle(multi.get(), e);

  if (t.Cancelled()) return absl::CancelledError(absl::StrCat(request.label, ": cancelled"));
  if (t.sink_failed) return absl::InternalError(absl::StrCat(request.label, ": could not store the response"));
  if (t.too_large) return absl::UnavailableError(absl::StrCat(request.label, ": response too large"));
  if (!finished) return absl::UnavailableError(absl::StrCat(request.label, ": transfer interrupted"));
  if (result != CURLE_OK) return TransportError(request, result, error_buffer);
  if (!t.decided) ReadHead(t);  // a response without a body
  return std::move(t.response);
}

bool SleepUnlessCancelled(absl::Duration duration, const CancelCheck& cancel) {
  const absl::Time end = absl::Now() + duration;
  while (true) {
    if (cancel && cancel()) return false;
    const absl::Duration left = end - absl::Now();
    if (left <= absl::ZeroDuration()) return true;
    absl::SleepFor(std::min(left, absl::Milliseconds(20)));
  }
}

}  // namespace beatframe::remote
