// Shared helpers for the service tests: a real BeatframeServer in-process on
// 127.0.0.1 (port 0) with its data dir in a fresh temp dir, a stub to call it,
// synthesized test audio, and small client-side wrappers around the RPCs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "beatframe/v1/beatframe.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "service/server.h"

namespace beatframe::service::testing {

// A temp directory removed (with its contents) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Options for a test server: loopback, port 0, data under `data_dir`.
ServerOptions TestServerOptions(const std::string& data_dir);

// A stub that sends `authorization: Bearer <token>` on every call (a channel
// interceptor adds it), so tests call the API as a signed-in client would.
std::unique_ptr<v1::Beatframe::Stub> AuthorizedStub(const std::string& address, const std::string& token);
// A stub that sends no token.
std::unique_ptr<v1::Beatframe::Stub> PlainStub(const std::string& address);
// CreateToken through `stub` (asserting success); returns the token.
std::string NewToken(v1::Beatframe::Stub& stub);

// Starts the server (asserting success), obtains a token (or reuses `token`,
// e.g. one from before a restart) and connects a stub that sends it.
struct TestServer {
  explicit TestServer(const ServerOptions& options, const std::string& token = "");
  // Another client: a new token and a stub sending it.
  struct Client {
    std::string token;
    std::unique_ptr<v1::Beatframe::Stub> stub;
  };
  Client NewClient();

  std::unique_ptr<BeatframeServer> server;
  std::shared_ptr<grpc::Channel> channel;  // without a token
  std::string token;
  std::unique_ptr<v1::Beatframe::Stub> stub;  // sends `token`
};

// The google.rpc.ErrorInfo reason in a failed call's error details ("" when
// there is none), and its RetryInfo delay in ms (-1 when there is none).
std::string ErrorReasonOf(const grpc::Status& status);
int64_t RetryDelayMsOf(const grpc::Status& status);

// A synthesized drum groove (ground truth tempo `bpm`) written as MP3 into
// `dir`; returns the file's path.
std::string WriteDrumMp3(const std::string& dir, double seconds, double bpm, const std::string& name = "drums.mp3");

std::string ReadFileBytes(const std::string& path);
std::string Sha256Hex(const std::string& bytes);

// Regular files under `dir`, recursively, except the SQLite database files.
std::vector<std::string> MediaFilesUnder(const std::string& dir);

std::string CreateSession(v1::Beatframe::Stub& stub, const std::string& label = "test");

// Uploads `bytes` as `file_name` in chunks of `chunk_bytes`.
grpc::Status Upload(v1::Beatframe::Stub& stub, const std::string& session_id, const std::string& file_name,
                    const std::string& bytes, v1::Asset* asset, size_t chunk_bytes = 1 << 20,
                    const std::string& sha256 = "", int64_t declared_size = -1);

// Runs Generate to the end, collecting every event.
grpc::Status GenerateAll(v1::Beatframe::Stub& stub, const v1::GenerateRequest& request,
                         std::vector<v1::JobEvent>* events);

// Downloads an output, collecting header and bytes; also counts chunk messages.
grpc::Status DownloadAll(v1::Beatframe::Stub& stub, const std::string& session_id, const std::string& output_id,
                         v1::DownloadHeader* header, std::string* bytes, int* chunk_count = nullptr);

// What an MP4 holds, read back with libavformat and decoded with libavcodec.
struct VideoInfo {
  bool opened = false;
  std::string format;  // libavformat name
  int width = 0;
  int height = 0;
  bool has_audio = false;
  double duration_s = 0.0;
  int64_t decoded_frames = 0;  // video frames that decoded without error
};
VideoInfo ProbeVideoFile(const std::string& path);

}  // namespace beatframe::service::testing
