#include "client/client.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/sha256.h"
#include "client/token_store.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace beatframe::client {
namespace {

namespace v1 = beatframe::v1;

// Unary calls answer in well under this; a longer wait means a server that
// accepted the connection but is stuck, which the user should hear about.
constexpr auto kSessionDeadline = std::chrono::seconds(30);
// Analysis of a long track takes a few seconds; leave a wide margin.
constexpr auto kAnalyzeDeadline = std::chrono::minutes(5);

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<FILE, FileCloser>;

// Deletes the partial download unless Keep() is called.
class PartialFile {
 public:
  explicit PartialFile(std::string path) : path_(std::move(path)) {}
  ~PartialFile() {
    if (!kept_) std::remove(path_.c_str());
  }
  void Keep() { kept_ = true; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool kept_ = false;
};

// Writes the chunks that follow the download header to `file`, hashing them.
// Stops with an error (the caller abandons the call) on a second header, on
// more bytes than declared or on a write error. `received` counts bytes.
absl::Status ReceiveBody(grpc::ClientReaderInterface<v1::DownloadResponse>& reader,
                         int64_t declared_bytes, FILE* file, const std::string& file_path,
                         const ByteProgressFn& progress, Sha256& hasher, int64_t& received) {
  if (progress) progress(0, declared_bytes);
  v1::DownloadResponse message;
  while (reader.Read(&message)) {
    if (!message.has_chunk()) return absl::DataLossError("a second download header arrived");
    const std::string& chunk = message.chunk();
    received += static_cast<int64_t>(chunk.size());
    if (received > declared_bytes) {
      return absl::DataLossError(
          absl::StrCat("download is longer than the declared ", declared_bytes, " bytes"));
    }
    if (std::fwrite(chunk.data(), 1, chunk.size(), file) != chunk.size()) {
      return absl::ErrnoToStatus(errno, absl::StrCat("cannot write '", file_path, "'"));
    }
    hasher.Update(chunk);
    if (progress) progress(received, declared_bytes);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  std::string message = status.error_message();
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    for (const google::protobuf::Any& any : details.details()) {
      google::rpc::ErrorInfo info;
      if (any.UnpackTo(&info) && !info.reason().empty()) absl::StrAppend(&message, " [", info.reason(), "]");
    }
  }
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), message);
}

absl::Status BeatframeClient::ObtainToken(bool reuse_stored) {
  const std::string path = options_.token_path.empty() ? DefaultTokenPath() : options_.token_path;
  // A token within a minute of expiry could die mid-command: replace it now.
  const int64_t soon_ms = absl::ToUnixMillis(absl::Now() + absl::Minutes(1));
  if (reuse_stored && !path.empty()) {
    absl::StatusOr<StoredToken> stored = LoadToken(path);
    if (stored.ok() && (stored->expires_unix_ms == 0 || stored->expires_unix_ms > soon_ms)) {
      token_ = stored->token;
      token_expires_unix_ms_ = stored->expires_unix_ms;
      return absl::OkStatus();
    }
  }
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kSessionDeadline);
  CancellableCall call(canceller_, &context);
  if (!call.ok()) return absl::CancelledError("cancelled");
  v1::CreateTokenResponse response;
  grpc::Status status = stub_->CreateToken(&context, v1::CreateTokenRequest(), &response);
  if (!status.ok()) return FromGrpcStatus(status);
  token_ = response.token();
  token_expires_unix_ms_ = response.expires_unix_ms();
  // Unsaved, the token still serves this run; the next run just gets another.
  if (!path.empty()) SaveToken(path, {token_, token_expires_unix_ms_}).IgnoreError();
  return absl::OkStatus();
}

absl::Status BeatframeClient::Authorize(grpc::ClientContext& context) {
  const bool expired =
      token_expires_unix_ms_ > 0 && token_expires_unix_ms_ <= absl::ToUnixMillis(absl::Now() + absl::Minutes(1));
  if (token_.empty() || expired) {
    absl::Status obtained = ObtainToken(/*reuse_stored=*/!expired);
    if (!obtained.ok()) return obtained;
  }
  context.AddMetadata("authorization", "Bearer " + token_);
  return absl::OkStatus();
}

void CallCanceller::Cancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  cancelled_ = true;
  if (active_ != nullptr) active_->TryCancel();
}

bool CallCanceller::cancelled() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cancelled_;
}

bool CallCanceller::Attach(grpc::ClientContext* context) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (cancelled_) return false;
  active_ = context;
  return true;
}

void CallCanceller::Detach() {
  std::lock_guard<std::mutex> lock(mutex_);
  active_ = nullptr;
}

std::unique_ptr<BeatframeClient> BeatframeClient::Connect(const std::string& address,
                                                          const ClientOptions& options) {
  return std::make_unique<BeatframeClient>(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()), options);
}

BeatframeClient::BeatframeClient(std::shared_ptr<grpc::ChannelInterface> channel,
                                 const ClientOptions& options)
    : stub_(v1::Beatframe::NewStub(std::move(channel))), options_(options) {}

absl::StatusOr<std::string> BeatframeClient::CreateSession(const std::string& label) {
  for (int attempt = 0;; ++attempt) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kSessionDeadline);
    if (absl::Status auth = Authorize(context); !auth.ok()) return auth;
    CancellableCall call(canceller_, &context);
    if (!call.ok()) return absl::CancelledError("cancelled");
    v1::CreateSessionRequest request;
    request.set_label(label);
    v1::CreateSessionResponse response;
    grpc::Status status = stub_->CreateSession(&context, request, &response);
    if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED && attempt == 0) {
      // The stored token expired or this server never issued it: a new
      // session needs no old token, so get a new one and try again.
      if (absl::Status renewed = ObtainToken(/*reuse_stored=*/false); !renewed.ok()) return renewed;
      continue;
    }
    if (!status.ok()) return FromGrpcStatus(status);
    return response.session_id();
  }
}

absl::StatusOr<v1::Asset> BeatframeClient::UploadFile(const std::string& session_id,
                                                      const std::string& path,
                                                      const ByteProgressFn& progress) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) {
    return absl::NotFoundError(absl::StrCat("cannot read '", path, "': ", error.message()));
  }
  // The header goes first and carries the hash, so the file is read twice.
  absl::StatusOr<std::string> sha256 = Sha256File(path);
  if (!sha256.ok()) return sha256.status();
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) return absl::ErrnoToStatus(errno, absl::StrCat("cannot open '", path, "'"));

  grpc::ClientContext context;
  if (absl::Status auth = Authorize(context); !auth.ok()) return auth;
  CancellableCall call(canceller_, &context);
  if (!call.ok()) return absl::CancelledError("cancelled");
  v1::Asset asset;
  auto writer = stub_->UploadMedia(&context, &asset);

  v1::UploadMediaRequest request;
  v1::UploadHeader* header = request.mutable_header();
  header->set_session_id(session_id);
  header->set_file_name(std::filesystem::path(path).filename().string());
  header->set_declared_size_bytes(static_cast<int64_t>(size));
  header->set_sha256(*sha256);
  bool stream_ok = writer->Write(request);

  const int64_t total = static_cast<int64_t>(size);
  int64_t sent = 0;
  if (progress) progress(0, total);
  std::string buffer(kChunkBytes, '\0');
  size_t n = 0;
  // A failed Write means the server has ended the call; Finish() says why.
  while (stream_ok && (n = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) {
    request.set_chunk(buffer.data(), n);
    stream_ok = writer->Write(request);
    sent += static_cast<int64_t>(n);
    if (progress) progress(sent, total);
  }
  if (std::ferror(file.get())) {
    // Abandon the upload: the server keeps nothing from a cancelled one.
    context.TryCancel();
    writer->Finish();
    return absl::DataLossError(absl::StrCat("read error on '", path, "'"));
  }
  if (stream_ok) writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!status.ok()) return FromGrpcStatus(status);
  return asset;
}

absl::StatusOr<v1::AnalyzeResponse> BeatframeClient::Analyze(const std::string& session_id,
                                                             const std::string& asset_id) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kAnalyzeDeadline);
  if (absl::Status auth = Authorize(context); !auth.ok()) return auth;
  CancellableCall call(canceller_, &context);
  if (!call.ok()) return absl::CancelledError("cancelled");
  v1::AnalyzeRequest request;
  request.set_session_id(session_id);
  request.set_asset_id(asset_id);
  v1::AnalyzeResponse response;
  grpc::Status status = stub_->Analyze(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

absl::Status BeatframeClient::Download(const std::string& session_id, const std::string& output_id,
                                       const std::string& path, const ByteProgressFn& progress) {
  grpc::ClientContext context;
  if (absl::Status auth = Authorize(context); !auth.ok()) return auth;
  CancellableCall call(canceller_, &context);
  if (!call.ok()) return absl::CancelledError("cancelled");
  v1::DownloadRequest request;
  request.set_session_id(session_id);
  request.set_output_id(output_id);
  auto reader = stub_->Download(&context, request);

  // Stops the stream early; Finish() after TryCancel returns promptly.
  auto abandon = [&](absl::Status why) {
    context.TryCancel();
    reader->Finish();
    return why;
  };

  v1::DownloadResponse message;
  if (!reader->Read(&message)) {
    absl::Status status = FromGrpcStatus(reader->Finish());
    if (!status.ok()) return status;
    return absl::DataLossError("the download ended before its header");
  }
  if (!message.has_header()) {
    return abandon(absl::DataLossError("the download did not start with a header"));
  }
  const v1::DownloadHeader header = message.header();

  PartialFile partial(path + ".partial");
  FilePtr file(std::fopen(partial.path().c_str(), "wb"));
  if (!file) {
    return abandon(absl::ErrnoToStatus(errno, absl::StrCat("cannot write '", partial.path(), "'")));
  }
  Sha256 hasher;
  int64_t received = 0;
  if (absl::Status body = ReceiveBody(*reader, header.size_bytes(), file.get(), partial.path(),
                                      progress, hasher, received);
      !body.ok()) {
    return abandon(body);
  }
  absl::Status status = FromGrpcStatus(reader->Finish());
  if (!status.ok()) return status;
  // fclose flushes; a full disk shows up here.
  if (std::fclose(file.release()) != 0) {
    return absl::ErrnoToStatus(errno, absl::StrCat("cannot write '", partial.path(), "'"));
  }
  if (received != header.size_bytes()) {
    return absl::DataLossError(absl::StrCat("download has ", received,
                                            " bytes, the server declared ", header.size_bytes()));
  }
  const std::string digest = hasher.HexDigest();
  if (!header.sha256().empty() && digest != header.sha256()) {
    return absl::DataLossError(
        absl::StrCat("download sha256 ", digest, " does not match the declared ", header.sha256()));
  }
  if (std::rename(partial.path().c_str(), path.c_str()) != 0) {
    return absl::ErrnoToStatus(
        errno, absl::StrCat("cannot rename '", partial.path(), "' to '", path, "'"));
  }
  partial.Keep();
  return absl::OkStatus();
}

}  // namespace beatframe::client
