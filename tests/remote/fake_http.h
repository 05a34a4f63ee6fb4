// The HTTP/1.1 plumbing of the loopback fake remote service: a listening
// socket on 127.0.0.1, one thread per connection, request parsing (headers,
// Content-Length or chunked bodies, Expect: 100-continue) with multipart
// bodies parsed as they stream in, so a 50 MB upload is never held in memory.
// Every answer closes its connection. Test-only code.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace beatframe::testing_remote {

struct RecordedPart {
  std::string name;          // form field name
  std::string file_name;     // filename="..."
  std::string content_type;
  int64_t size = 0;          // content bytes
  uint64_t fnv1a = 0;        // 64-bit FNV-1a of the content
  std::string head;          // the first 256 content bytes
};

struct HttpRequestRecord {
  std::string method;
  std::string target;                         // as sent, with any query
  std::string path;                           // without the query
  std::map<std::string, std::string> headers; // lowercase names
  std::string body;                           // non-multipart body (first 1 MiB)
  int64_t body_bytes = 0;                     // all body bytes received
  std::vector<RecordedPart> parts;            // multipart/form-data parts

  std::string Header(absl::string_view lowercase_name) const;
  std::string BearerToken() const;  // from Authorization, "" when absent
};

uint64_t Fnv1a64(absl::string_view bytes, uint64_t hash = 14695981039346656037ull);

// A connection being answered: raw writes plus helpers.
class HttpConnection {
 public:
  explicit HttpConnection(int fd) : fd_(fd) {}
  bool Write(absl::string_view bytes);  // false once the peer is gone
  bool SendResponse(int status, absl::string_view content_type, absl::string_view body);
  // Starts a streamed response: chunked (HTTP/1.1) or close-delimited.
  bool StartStream(absl::string_view content_type, bool chunked);
  bool StreamChunk(absl::string_view bytes);
  bool EndStream();
  // Waits until the peer closes the connection (true) or `stop` turns true or
  // `timeout_ms` passes (false).
  bool WaitForPeerClose(const std::atomic<bool>& stop, int timeout_ms);

 private:
  int fd_;
  bool chunked_ = false;
};

class FakeHttpServer {
 public:
  using Handler = std::function<void(const HttpRequestRecord& request, HttpConnection& connection)>;

  FakeHttpServer() = default;
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  // Listens on 127.0.0.1 on a free port; `handler` runs on connection threads.
  absl::Status Start(Handler handler);
  // Stops accepting, wakes streams waiting on stopping(), joins every thread.
  void Stop();

  int port() const { return port_; }
  const std::atomic<bool>& stopping() const { return stopping_; }

 private:
  void AcceptLoop();
  void Serve(int fd);

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;
  std::mutex mu_;
  std::vector<std::thread> connections_;
  std::vector<int> open_fds_;
};

}  // namespace beatframe::testing_remote
