#include "tests/remote/fake_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace beatframe::testing_remote {
namespace {

constexpr size_t kMaxHeadBytes = 64 << 10;
constexpr size_t kMaxRecordedBody = 1 << 20;

const char* Reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    default: return "Status";
  }
}

// Buffered reads from a socket.
class SocketReader {
 public:
  explicit SocketReader(int fd) : fd_(fd) {}
  // Appends at least one byte to buf; false at end of stream or error.
  bool ReadMore() {
    char tmp[64 << 10];
    const ssize_t n = recv(fd_, tmp, sizeof(tmp), 0);
    if (n <= 0) return false;
    buf.append(tmp, static_cast<size_t>(n));
    return true;
  }
  // Reads until `delimiter` is buffered; returns its position or npos.
  size_t ReadUntil(absl::string_view delimiter, size_t cap) {
    size_t pos;
    while ((pos = buf.find(delimiter.data(), 0, delimiter.size())) == std::string::npos) {
      if (buf.size() > cap || !ReadMore()) return std::string::npos;
    }
    return pos;
  }
  std::string buf;

 private:
  int fd_;
};

// Parses a multipart/form-data body as it streams in: part headers are kept,
// contents are only counted, hashed and their first bytes kept.
class MultipartParser {
 public:
  MultipartParser(std::string boundary, std::vector<RecordedPart>* parts)
      : opening_("--" + boundary), delimiter_("\r\n--" + boundary), parts_(*parts) {}

  void Feed(absl::string_view data) {
    pending_.append(data.data(), data.size());
    bool progress = true;
    while (progress) progress = Step();
  }

 private:
  enum class State { kPreamble, kAfterBoundary, kHeaders, kBody, kDone };

  bool Step() {
    switch (state_) {
      case State::kPreamble: {
        const size_t pos = pending_.find(opening_);
        if (pos == std::string::npos) return false;
        pending_.erase(0, pos + opening_.size());
        state_ = State::kAfterBoundary;
        return true;
      }
      case State::kAfterBoundary: {
        if (pending_.size() < 2) return false;
        if (pending_.compare(0, 2, "--") == 0) {
          state_ = State::kDone;
          pending_.clear();
          return false;
        }
        pending_.erase(0, 2);  // CRLF
        state_ = State::kHeaders;
        return true;
      }
      case State::kHeaders: {
        const size_t end = pending_.find("\r\n\r\n");
        if (end == std::string::npos) return false;
        RecordedPart part;
        part.fnv1a = Fnv1a64("");
        for (absl::string_view line : absl::StrSplit(absl::string_view(pending_).substr(0, end), "\r\n")) {
          const size_t colon = line.find(':');
          if (colon == absl::string_view::npos) continue;
          const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(line.substr(0, colon)));
          const absl::string_view value = absl::StripAsciiWhitespace(line.substr(colon + 1));
          if (name == "content-type") part.content_type = std::string(value);
          if (name == "content-disposition") {
            part.name = Param(value, "name");
            part.file_name = Param(value, "filename");
          }
        }
        parts_.push_back(std::move(part));
        pending_.erase(0, end + 4);
        state_ = State::kBody;
        return true;
      }
      case State::kBody: {
        const size_t pos = pending_.find(delimiter_);
        if (pos != std::string::npos) {
          Content(absl::string_view(pending_).substr(0, pos));
          pending_.erase(0, pos + delimiter_.size());
          state_ = State::kAfterBoundary;
          return true;
        }
        // Keep a tail that could be the start of the delimiter.
        if (pending_.size() >= delimiter_.size()) {
          const size_t keep = delimiter_.size() - 1;
          Content(absl::string_view(pending_).substr(0, pending_.size() - keep));
          pending_.erase(0, pending_.size() - keep);
        }
        return false;
      }
      case State::kDone:
        pending_.clear();
        return false;
    }
    return false;
  }

  void Content(absl::string_view bytes) {
    RecordedPart& part = parts_.back();
    part.size += static_cast<int64_t>(bytes.size());
    part.fnv1a = Fnv1a64(bytes, part.fnv1a);
    if (part.head.size() < 256) {
      const absl::string_view more = bytes.substr(0, 256 - part.head.size());
      part.head.append(more.data(), more.size());
    }
  }

  static std::string Param(absl::string_view header, absl::string_view key) {
    for (absl::string_view item : absl::StrSplit(header, ';')) {
      item = absl::StripAsciiWhitespace(item);
      if (absl::StartsWith(item, absl::StrCat(key, "="))) {
        absl::string_view value = item.substr(key.size() + 1);
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        return std::string(value);
      }
    }
    return "";
  }

  const std::string opening_;
  const std::string delimiter_;
  std::vector<RecordedPart>& parts_;
  std::string pending_;
  State state_ = State::kPreamble;
};

// Reads the body of `request` (Content-Length or chunked) into it.
bool ReadBody(SocketReader& reader, HttpRequestRecord& request) {
  std::unique_ptr<MultipartParser> multipart;
  const std::string type = request.Header("content-type");
  if (absl::StartsWith(absl::AsciiStrToLower(type), "multipart/form-data")) {
    const size_t at = type.find("boundary=");
    if (at != std::string::npos) {
      std::string boundary = type.substr(at + 9);
      boundary = boundary.substr(0, boundary.find(';'));
      if (boundary.size() >= 2 && boundary.front() == '"') boundary = boundary.substr(1, boundary.size() - 2);
      multipart = std::make_unique<MultipartParser>(boundary, &request.parts);
    }
  }
  auto consume = [&](absl::string_view bytes) {
    request.body_bytes += static_cast<int64_t>(bytes.size());
    if (multipart) {
      multipart->Feed(bytes);
    } else if (request.body.size() < kMaxRecordedBody) {
      const absl::string_view more = bytes.substr(0, kMaxRecordedBody - request.body.size());
      request.body.append(more.data(), more.size());
    }
  };
  if (absl::AsciiStrToLower(request.Header("transfer-encoding")) == "chunked") {
    while (true) {
      const size_t eol = reader.ReadUntil("\r\n", kMaxHeadBytes);
      if (eol == std::string::npos) return false;
      uint64_t size = 0;
      const std::string size_text = reader.buf.substr(0, eol).substr(0, reader.buf.find(';'));
      if (!absl::SimpleHexAtoi(absl::StripAsciiWhitespace(size_text), &size)) return false;
      reader.buf.erase(0, eol + 2);
      if (size == 0) {
        reader.ReadUntil("\r\n", kMaxHeadBytes);  // the (empty) trailer
        return true;
      }
      while (reader.buf.size() < size + 2) {
        if (reader.buf.size() > (1 << 20)) {
          const size_t take = std::min<size_t>(reader.buf.size(), size);
          consume(absl::string_view(reader.buf).substr(0, take));
          reader.buf.erase(0, take);
          size -= take;
        }
        if (reader.buf.size() < size + 2 && !reader.ReadMore()) return false;
      }
      consume(absl::string_view(reader.buf).substr(0, size));
      reader.buf.erase(0, size + 2);
    }
  }
  int64_t left = 0;
  if (!absl::SimpleAtoi(request.Header("content-length"), &left)) left = 0;
  while (left > 0) {
    if (reader.buf.empty() && !reader.ReadMore()) return false;
    const size_t take = std::min<size_t>(reader.buf.size(), static_cast<size_t>(left));
    consume(absl::string_view(reader.buf).substr(0, take));
    reader.buf.erase(0, take);
    left -= static_cast<int64_t>(take);
  }
  return true;
}

}  // namespace

uint64_t Fnv1a64(absl::string_view bytes, uint64_t hash) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string HttpRequestRecord::Header(absl::string_view lowercase_name) const {
  auto it = headers.find(std::string(lowercase_name));
  return it == headers.end() ? "" : it->second;
}

std::string HttpRequestRecord::BearerToken() const {
  const std::string auth = Header("authorization");
  return absl::StartsWith(auth, "Bearer ") ? auth.substr(7) : "";
}

bool HttpConnection::Write(absl::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool HttpConnection::SendResponse(int status, absl::string_view content_type, absl::string_view body) {
  return Write(absl::StrCat("HTTP/1.1 ", status, " ", Reason(status), "\r\nContent-Type: ", content_type,
                            "\r\nContent-Length: ", body.size(), "\r\nConnection: close\r\n\r\n", body));
}

bool HttpConnection::StartStream(absl::string_view content_type, bool chunked) {
  chunked_ = chunked;
  return Write(absl::StrCat("HTTP/1.1 200 OK\r\nContent-Type: ", content_type, "\r\nCache-Control: no-cache\r\n",
                            chunked ? "Transfer-Encoding: chunked\r\n" : "", "Connection: close\r\n\r\n"));
}

bool HttpConnection::StreamChunk(absl::string_view bytes) {
  if (bytes.empty()) return true;  // an empty chunk would end a chunked body
  if (!chunked_) return Write(bytes);
  return Write(absl::StrCat(absl::Hex(bytes.size()), "\r\n", bytes, "\r\n"));
}

bool HttpConnection::EndStream() { return !chunked_ || Write("0\r\n\r\n"); }

bool HttpConnection::WaitForPeerClose(const std::atomic<bool>& stop, int timeout_ms) {
  int waited = 0;
  while (!stop && (timeout_ms < 0 || waited < timeout_ms)) {
    pollfd p{fd_, POLLIN, 0};
    const int r = poll(&p, 1, 20);
    waited += 20;
    if (r > 0) {
      char tmp[4096];
      const ssize_t n = recv(fd_, tmp, sizeof(tmp), MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return true;
    }
  }
  return false;
}

FakeHttpServer::~FakeHttpServer() { Stop(); }

absl::Status FakeHttpServer::Start(Handler handler) {
  handler_ = std::move(handler);
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) return absl::InternalError("fake server: socket() failed");
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || listen(listen_fd_, 64) != 0) {
    return absl::InternalError("fake server: bind/listen failed");
  }
  socklen_t len = sizeof(addr);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  accept_thread_ = std::thread([this] { AcceptLoop(); });
  return absl::OkStatus();
}

void FakeHttpServer::AcceptLoop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 20) <= 0) continue;
    const int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    std::lock_guard<std::mutex> lock(mu_);
    open_fds_.push_back(fd);
    connections_.emplace_back([this, fd] { Serve(fd); });
  }
}

void FakeHttpServer::Serve(int fd) {
  SocketReader reader(fd);
  HttpRequestRecord request;
  const size_t head_end = reader.ReadUntil("\r\n\r\n", kMaxHeadBytes);
  bool ok = head_end != std::string::npos;
  if (ok) {
    std::vector<absl::string_view> lines = absl::StrSplit(absl::string_view(reader.buf).substr(0, head_end), "\r\n");
    std::vector<std::string> first = absl::StrSplit(lines[0], ' ');
    ok = first.size() == 3;
    if (ok) {
      request.method = first[0];
      request.target = first[1];
      request.path = request.target.substr(0, request.target.find('?'));
      for (size_t i = 1; i < lines.size(); ++i) {
        const size_t colon = lines[i].find(':');
        if (colon == absl::string_view::npos) continue;
        request.headers[absl::AsciiStrToLower(lines[i].substr(0, colon))] =
            std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
      }
    }
    reader.buf.erase(0, head_end + 4);
  }
  HttpConnection connection(fd);
  if (ok && absl::EqualsIgnoreCase(request.Header("expect"), "100-continue")) {
    ok = connection.Write("HTTP/1.1 100 Continue\r\n\r\n");
  }
  if (ok) ok = ReadBody(reader, request);
  if (ok) handler_(request, connection);
  {
    std::lock_guard<std::mutex> lock(mu_);
    open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
  }
  shutdown(fd, SHUT_WR);
  close(fd);
}

void FakeHttpServer::Stop() {
  if (listen_fd_ < 0) return;
  stopping_ = true;
  if (accept_thread_.joinable()) accept_thread_.join();
  close(listen_fd_);
  listen_fd_ = -1;
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (int fd : open_fds_) shutdown(fd, SHUT_RDWR);  // unblocks reads
    threads.swap(connections_);
  }
  for (std::thread& t : threads) t.join();
}

}  // namespace beatframe::testing_remote
