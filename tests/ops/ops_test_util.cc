#include "tests/ops/ops_test_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/unknown_field_set.h"
#include "grpcpp/generic/generic_stub.h"

namespace beatframe::ops::testing {
namespace {

using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

bool IsMetricName(absl::string_view name) {
  if (name.empty() || absl::ascii_isdigit(name[0])) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '_' && c != ':') return false;
  }
  return true;
}

bool IsLabelName(absl::string_view name) {
  if (name.empty() || absl::ascii_isdigit(name[0])) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '_') return false;
  }
  return true;
}

bool ParseSampleValue(absl::string_view text, double* value) {
  if (text == "+Inf") *value = INFINITY;
  else if (text == "-Inf") *value = -INFINITY;
  else if (text == "NaN") *value = NAN;
  else return absl::SimpleAtod(text, value);
  return true;
}

// `{a="x",b="y"}` → ok, with the value of `le` if present.
absl::Status CheckLabels(absl::string_view labels, std::string* le) {
  if (!absl::ConsumePrefix(&labels, "{") || !absl::ConsumeSuffix(&labels, "}")) {
    return absl::InvalidArgumentError("labels must be in braces");
  }
  while (!labels.empty()) {
    const size_t eq = labels.find("=\"");
    if (eq == absl::string_view::npos) return absl::InvalidArgumentError("label without =\"");
    const absl::string_view name = labels.substr(0, eq);
    if (!IsLabelName(name)) return absl::InvalidArgumentError(absl::StrCat("bad label name '", name, "'"));
    labels.remove_prefix(eq + 2);
    std::string value;
    size_t i = 0;
    for (; i < labels.size() && labels[i] != '"'; ++i) {
      if (labels[i] == '\\') ++i;  // \" \\ \n
      if (i < labels.size()) value.push_back(labels[i]);
    }
    if (i >= labels.size()) return absl::InvalidArgumentError("unterminated label value");
    if (name == "le") *le = value;
    labels.remove_prefix(i + 1);
    if (!labels.empty() && !absl::ConsumePrefix(&labels, ",")) {
      return absl::InvalidArgumentError("labels must be separated by commas");
    }
  }
  return absl::OkStatus();
}

// The family a sample belongs to: histogram and summary samples carry suffixes.
std::string FamilyOf(const std::string& name, const std::map<std::string, std::string>& types) {
  for (absl::string_view suffix : {"_bucket", "_sum", "_count"}) {
    if (absl::EndsWith(name, suffix)) {
      const std::string base = name.substr(0, name.size() - suffix.size());
      const auto it = types.find(base);
      if (it != types.end() && (it->second == "histogram" || it->second == "summary")) return base;
    }
  }
  return name;
}

// Waits for the completion of the operation tagged `tag`.
bool Await(grpc::CompletionQueue& cq, void* tag) {
  void* got = nullptr;
  bool ok = false;
  const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(10);
  if (cq.AsyncNext(&got, &ok, deadline) != grpc::CompletionQueue::GOT_EVENT) return false;
  return got == tag && ok;
}

// One request and its response on a ServerReflectionInfo stream.
absl::StatusOr<std::string> ReflectionExchange(const std::shared_ptr<grpc::Channel>& channel,
                                               const std::string& request) {
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue cq;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  int tags[5];
  call->StartCall(&tags[0]);
  if (!Await(cq, &tags[0])) return absl::UnavailableError("reflection: the call did not start");
  grpc::Slice slice(request);
  call->Write(grpc::ByteBuffer(&slice, 1), &tags[1]);
  if (!Await(cq, &tags[1])) return absl::UnavailableError("reflection: the write failed");
  grpc::ByteBuffer response;
  call->Read(&response, &tags[2]);
  const bool read = Await(cq, &tags[2]);
  call->WritesDone(&tags[3]);
  Await(cq, &tags[3]);
  grpc::Status status;
  call->Finish(&status, &tags[4]);
  Await(cq, &tags[4]);
  cq.Shutdown();
  void* ignored_tag;
  bool ignored_ok;
  while (cq.Next(&ignored_tag, &ignored_ok)) {
  }
  if (!read) return absl::UnavailableError(absl::StrCat("reflection: no response: ", status.error_message()));
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) return absl::InternalError("reflection: unreadable response");
  std::string bytes;
  for (const grpc::Slice& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return bytes;
}

// The length-delimited fields numbered `number` in `fields`.
std::vector<std::string> BytesFields(const UnknownFieldSet& fields, int number) {
  std::vector<std::string> out;
  for (int i = 0; i < fields.field_count(); ++i) {
    const UnknownField& field = fields.field(i);
    if (field.number() == number && field.type() == UnknownField::TYPE_LENGTH_DELIMITED) {
      out.push_back(field.length_delimited());
    }
  }
  return out;
}

// ServerReflectionResponse → the payload field `number`, or the error_response (7) as a status.
absl::StatusOr<std::string> ResponsePayload(const std::string& response_bytes, int number) {
  UnknownFieldSet response;
  if (!response.ParseFromString(response_bytes)) return absl::InternalError("reflection: unparsable response");
  for (const std::string& error : BytesFields(response, 7)) {
    UnknownFieldSet fields;
    fields.ParseFromString(error);
    const std::vector<std::string> message = BytesFields(fields, 2);
    return absl::NotFoundError(absl::StrCat("reflection error: ", message.empty() ? "" : message[0]));
  }
  const std::vector<std::string> payload = BytesFields(response, number);
  if (payload.size() != 1) return absl::InternalError(absl::StrCat("reflection: no field ", number));
  return payload[0];
}

}  // namespace

double Exposition::Value(const std::string& series) const {
  const auto it = samples.find(series);
  return it == samples.end() ? -1.0 : it->second;
}

absl::StatusOr<std::string> HttpExchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError("socket");
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("connect to 127.0.0.1:", port, ": ", std::strerror(errno)));
  }
  absl::string_view rest = request;
  while (!rest.empty()) {
    const ssize_t sent = send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
    if (sent <= 0) break;
    rest.remove_prefix(static_cast<size_t>(sent));
  }
  std::string response;
  char buffer[4096];
  for (;;) {
    const ssize_t got = recv(fd, buffer, sizeof(buffer), 0);
    if (got <= 0) break;
    response.append(buffer, static_cast<size_t>(got));
  }
  close(fd);
  return response;
}

absl::StatusOr<HttpResponse> HttpRequest(int port, const std::string& method, const std::string& path) {
  absl::StatusOr<std::string> raw =
      HttpExchange(port, absl::StrCat(method, " ", path, " HTTP/1.1\r\nHost: 127.0.0.1:", port,
                                      "\r\nUser-Agent: ops-test\r\nAccept: text/plain\r\nConnection: close\r\n\r\n"));
  if (!raw.ok()) return raw.status();
  const size_t head_end = raw->find("\r\n\r\n");
  if (head_end == std::string::npos) return absl::InternalError(absl::StrCat("no response head in '", *raw, "'"));
  HttpResponse response;
  const std::vector<std::string> lines = absl::StrSplit(raw->substr(0, head_end), "\r\n");
  const std::vector<std::string> status_line = absl::StrSplit(lines[0], absl::MaxSplits(' ', 2));
  if (status_line.size() < 2 || status_line[0] != "HTTP/1.1" || !absl::SimpleAtoi(status_line[1], &response.status)) {
    return absl::InternalError(absl::StrCat("bad status line '", lines[0], "'"));
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    if (colon == std::string::npos) return absl::InternalError(absl::StrCat("bad header '", lines[i], "'"));
    response.headers[absl::AsciiStrToLower(lines[i].substr(0, colon))] =
        std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
  }
  response.body = raw->substr(head_end + 4);
  size_t length = 0;
  if (!absl::SimpleAtoi(response.headers["content-length"], &length)) {
    return absl::InternalError("no Content-Length");
  }
  if (method != "HEAD" && length != response.body.size()) {
    return absl::InternalError(absl::StrCat("Content-Length ", length, " but ", response.body.size(), " bytes"));
  }
  return response;
}

absl::StatusOr<Exposition> ParseExposition(const std::string& text) {
  Exposition out;
  std::set<std::string> helped;
  std::set<std::string> sampled_families;
  if (text.empty() || text.back() != '\n') return absl::InvalidArgumentError("the text must end with a newline");
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(absl::string_view(text).substr(0, text.size() - 1), '\n')) {
    ++line_number;
    const std::string where = absl::StrCat("line ", line_number, " '", line, "': ");
    if (line.empty()) continue;
    if (absl::ConsumePrefix(&line, "# ")) {
      const std::vector<absl::string_view> parts = absl::StrSplit(line, absl::MaxSplits(' ', 2));
      if (parts.size() < 2 || !IsMetricName(parts[1])) return absl::InvalidArgumentError(where + "bad comment");
      const std::string family(parts[1]);
      if (parts[0] == "HELP") {
        if (!helped.insert(family).second) return absl::InvalidArgumentError(where + "second HELP");
      } else if (parts[0] == "TYPE") {
        static const std::set<std::string> kTypes = {"counter", "gauge", "histogram", "summary", "untyped"};
        if (parts.size() != 3 || kTypes.count(std::string(parts[2])) == 0) {
          return absl::InvalidArgumentError(where + "bad TYPE");
        }
        if (sampled_families.count(family) != 0) return absl::InvalidArgumentError(where + "TYPE after samples");
        if (!out.types.emplace(family, std::string(parts[2])).second) {
          return absl::InvalidArgumentError(where + "second TYPE");
        }
      }
      continue;
    }
    const size_t space = line.rfind(' ');
    if (space == absl::string_view::npos) return absl::InvalidArgumentError(where + "no value");
    double value = 0;
    if (!ParseSampleValue(line.substr(space + 1), &value)) return absl::InvalidArgumentError(where + "bad value");
    const std::string series(line.substr(0, space));
    const size_t brace = series.find('{');
    const std::string name = series.substr(0, brace);
    if (!IsMetricName(name)) return absl::InvalidArgumentError(where + "bad metric name");
    std::string le;
    if (brace != std::string::npos) {
      if (absl::Status labels = CheckLabels(absl::string_view(series).substr(brace), &le); !labels.ok()) {
        return absl::InvalidArgumentError(where + std::string(labels.message()));
      }
    }
    const std::string family = FamilyOf(name, out.types);
    if (out.types.count(family) == 0) return absl::InvalidArgumentError(where + "sample without a TYPE");
    const std::string& type = out.types[family];
    if (type == "counter" && value < 0) return absl::InvalidArgumentError(where + "negative counter");
    if (type == "histogram" && absl::EndsWith(name, "_bucket") && le.empty()) {
      return absl::InvalidArgumentError(where + "bucket without le");
    }
    sampled_families.insert(family);
    if (!out.samples.emplace(series, value).second) return absl::InvalidArgumentError(where + "duplicate sample");
  }
  // Histograms: buckets cumulative (in the order written), +Inf == _count.
  for (const auto& [family, type] : out.types) {
    if (type != "histogram") continue;
    double previous = 0;
    double infinite = -1;
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      if (!absl::ConsumePrefix(&line, family + "_bucket{le=\"")) continue;
      const size_t end = line.find('"');
      double count = 0;
      if (end == absl::string_view::npos || !absl::SimpleAtod(line.substr(line.rfind(' ') + 1), &count)) {
        return absl::InvalidArgumentError(absl::StrCat(family, ": bad bucket"));
      }
      if (count < previous) return absl::InvalidArgumentError(absl::StrCat(family, ": buckets not cumulative"));
      previous = count;
      if (line.substr(0, end) == "+Inf") infinite = count;
    }
    if (infinite < 0 || infinite != out.Value(family + "_count")) {
      return absl::InvalidArgumentError(absl::StrCat(family, ": +Inf bucket missing or not equal to _count"));
    }
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> ReflectionListServices(const std::shared_ptr<grpc::Channel>& channel) {
  UnknownFieldSet request;
  request.AddLengthDelimited(7, "*");  // list_services
  std::string request_bytes;
  request.SerializeToString(&request_bytes);
  absl::StatusOr<std::string> response = ReflectionExchange(channel, request_bytes);
  if (!response.ok()) return response.status();
  absl::StatusOr<std::string> list = ResponsePayload(*response, 6);  // list_services_response
  if (!list.ok()) return list.status();
  UnknownFieldSet services;
  if (!services.ParseFromString(*list)) return absl::InternalError("reflection: unparsable service list");
  std::vector<std::string> names;
  for (const std::string& service : BytesFields(services, 1)) {
    UnknownFieldSet fields;
    fields.ParseFromString(service);
    for (const std::string& name : BytesFields(fields, 1)) names.push_back(name);
  }
  return names;
}

absl::StatusOr<google::protobuf::FileDescriptorProto> ReflectionFileContainingSymbol(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& symbol) {
  UnknownFieldSet request;
  request.AddLengthDelimited(4, symbol);  // file_containing_symbol
  std::string request_bytes;
  request.SerializeToString(&request_bytes);
  absl::StatusOr<std::string> response = ReflectionExchange(channel, request_bytes);
  if (!response.ok()) return response.status();
  absl::StatusOr<std::string> files = ResponsePayload(*response, 4);  // file_descriptor_response
  if (!files.ok()) return files.status();
  UnknownFieldSet fields;
  if (!fields.ParseFromString(*files)) return absl::InternalError("reflection: unparsable file list");
  // The file itself and possibly its dependencies: pick the one defining it.
  for (const std::string& bytes : BytesFields(fields, 1)) {
    google::protobuf::FileDescriptorProto file;
    if (!file.ParseFromString(bytes)) return absl::InternalError("reflection: bad FileDescriptorProto");
    for (const auto& service : file.service()) {
      if (absl::StrCat(file.package(), ".", service.name()) == symbol) return file;
    }
    for (const auto& message : file.message_type()) {
      if (absl::StrCat(file.package(), ".", message.name()) == symbol) return file;
    }
  }
  return absl::NotFoundError(absl::StrCat("reflection: no file defines ", symbol));
}

}  // namespace beatframe::ops::testing
