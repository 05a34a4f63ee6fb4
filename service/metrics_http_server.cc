#include "service/metrics_http_server.h"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace beatframe::service {
namespace {

// A request head larger than this is refused (a scrape sends a few hundred bytes).
constexpr size_t kMaxRequestHeadBytes = 8192;
// Per-connection socket timeouts: a client that stalls is dropped.
constexpr int kReadTimeoutMs = 2000;
constexpr int kWriteTimeoutMs = 5000;

std::string Response(absl::string_view status, absl::string_view content_type, absl::string_view body,
                     bool include_body, absl::string_view extra_headers = "") {
  std::string out = absl::StrCat("HTTP/1.1 ", status, "\r\nContent-Type: ", content_type,
                                 "\r\nContent-Length: ", body.size(), "\r\nConnection: close\r\n", extra_headers,
                                 "\r\n");
  if (include_body) out.append(body.data(), body.size());
  return out;
}

void SetTimeout(int fd, int option, int timeout_ms) {
  timeval tv{};
  tv.tv_sec = timeout_ms / 1000;
  tv.tv_usec = (timeout_ms % 1000) * 1000;
  setsockopt(fd, SOL_SOCKET, option, &tv, sizeof(tv));
}

// Sends all of `data`; gives up on an error or timeout (the client goes without).
void SendAll(int fd, absl::string_view data) {
  while (!data.empty()) {
    const ssize_t sent = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return;
    data.remove_prefix(static_cast<size_t>(sent));
  }
}

}  // namespace

std::string MetricsHttpResponse(const std::string& request_head, const std::function<std::string()>& render) {
  constexpr absl::string_view kText = "text/plain; charset=utf-8";
  const size_t line_end = request_head.find("\r\n");
  const std::vector<absl::string_view> parts =
      absl::StrSplit(absl::string_view(request_head).substr(0, line_end), ' ');
  if (parts.size() != 3 || !absl::StartsWith(parts[2], "HTTP/1.") || parts[1].empty() || parts[1][0] != '/') {
    return Response("400 Bad Request", kText, "bad request line\n", true);
  }
  const absl::string_view method = parts[0];
  const absl::string_view path = parts[1].substr(0, parts[1].find('?'));
  if (path != "/metrics") return Response("404 Not Found", kText, "not found; metrics are at /metrics\n", true);
  if (method != "GET" && method != "HEAD") {
    return Response("405 Method Not Allowed", kText, "only GET and HEAD\n", true, "Allow: GET, HEAD\r\n");
  }
  // The Prometheus text exposition format's content type.
  return Response("200 OK", "text/plain; version=0.0.4; charset=utf-8", render(), method == "GET");
}

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(const std::string& host, int port,
                                                                         std::function<std::string()> render) {
  if (port < 0 || port > 65535) return absl::InvalidArgumentError(absl::StrCat("bad metrics port ", port));
  std::string bind_host = host;
  if (absl::StartsWith(bind_host, "[") && absl::EndsWith(bind_host, "]")) {
    bind_host = bind_host.substr(1, bind_host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string port_text = absl::StrCat(port);
  const int resolved =
      getaddrinfo(bind_host.empty() ? nullptr : bind_host.c_str(), port_text.c_str(), &hints, &found);
  if (resolved != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics: cannot resolve '", host, "': ", gai_strerror(resolved)));
  }
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> addresses(found, &freeaddrinfo);
  int fd = -1;
  std::string error = "no address";
  for (const addrinfo* a = addresses.get(); a != nullptr; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    const int yes = 1;
    const int no = 0;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    // "::" should take IPv4 scrapes too.
    if (a->ai_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof(no));
    if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, 16) == 0) break;
    error = std::strerror(errno);
    close(fd);
    fd = -1;
  }
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat("metrics: cannot listen on '", host, ":", port, "': ", error));
  }
  sockaddr_storage bound{};
  socklen_t bound_size = sizeof(bound);
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &bound_size);
  const int bound_port = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                                     : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  const int wake_fd = eventfd(0, EFD_CLOEXEC);
  if (wake_fd < 0) {
    close(fd);
    return absl::InternalError(absl::StrCat("metrics: eventfd: ", std::strerror(errno)));
  }
  return std::unique_ptr<MetricsHttpServer>(new MetricsHttpServer(fd, wake_fd, bound_port, std::move(render)));
}

MetricsHttpServer::MetricsHttpServer(int listen_fd, int wake_fd, int port, std::function<std::string()> render)
    : listen_fd_(listen_fd), wake_fd_(wake_fd), port_(port), render_(std::move(render)) {
  thread_ = std::thread([this] { Loop(); });
}

MetricsHttpServer::~MetricsHttpServer() { Stop(); }

void MetricsHttpServer::Stop() {
  if (stopped_.exchange(true)) return;
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t written = write(wake_fd_, &one, sizeof(one));
  if (thread_.joinable()) thread_.join();
  close(listen_fd_);
  close(wake_fd_);
}

void MetricsHttpServer::Loop() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    const int connection = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection < 0) continue;  // e.g. the client gave up already
    Serve(connection);
    close(connection);
  }
}

void MetricsHttpServer::Serve(int connection_fd) {
  SetTimeout(connection_fd, SO_RCVTIMEO, kReadTimeoutMs);
  SetTimeout(connection_fd, SO_SNDTIMEO, kWriteTimeoutMs);
  std::string head;
  char buffer[1024];
  // Scrapes have no body: the head ends the request.
  while (head.find("\r\n\r\n") == std::string::npos) {
    if (head.size() > kMaxRequestHeadBytes) {
      SendAll(connection_fd, "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\n"
                             "Connection: close\r\n\r\n");
      return;
    }
    const ssize_t got = recv(connection_fd, buffer, sizeof(buffer), 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return;  // closed, broken or too slow: nobody to answer
    head.append(buffer, static_cast<size_t>(got));
  }
  SendAll(connection_fd, MetricsHttpResponse(head, render_));
  // Half-close and let the client read everything before the socket goes.
  shutdown(connection_fd, SHUT_WR);
}

}  // namespace beatframe::service
