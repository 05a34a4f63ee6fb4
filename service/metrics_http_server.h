// A tiny HTTP/1.1 server for Prometheus scrapes: GET (or HEAD) /metrics answers
// with the text a callback renders; anything else gets 404 or 405. One thread,
// one connection at a time, "Connection: close" after every response, short
// socket timeouts so a stuck client cannot hold it. It is not a general web
// server and serves nothing but the metrics.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace beatframe::service {

class MetricsHttpServer {
 public:
  // Listens on `host`:`port` ("" or "0.0.0.0": every IPv4 address; "::" or
  // "[::]": every address, IPv4 too; port 0: a free port, see port()) and
  // serves `render()` (called on the server's thread, once per scrape) at
  // /metrics. UNAVAILABLE when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(const std::string& host, int port,
                                                                  std::function<std::string()> render);
  ~MetricsHttpServer();  // Stop()
  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;

  int port() const { return port_; }

  // Closes the listening socket and joins the thread. Idempotent.
  void Stop();

 private:
  MetricsHttpServer(int listen_fd, int wake_fd, int port, std::function<std::string()> render);
  void Loop();
  void Serve(int connection_fd);

  const int listen_fd_;
  const int wake_fd_;  // an eventfd written by Stop to end Loop's poll
  const int port_;
  const std::function<std::string()> render_;
  std::atomic<bool> stopped_{false};
  std::thread thread_;
};

// Builds the response to one request head (request line and headers, without
// the body) as the server sends it; public for tests of the parsing.
std::string MetricsHttpResponse(const std::string& request_head, const std::function<std::string()>& render);

}  // namespace beatframe::service
