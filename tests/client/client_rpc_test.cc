// BeatframeClient against an in-process fake server that can misbehave on
// purpose (wrong hash, short download, failed job, a job that never ends):
// the real server never does these, yet the client's checks exist for them.
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>

#include "absl/time/clock.h"
#include "client/client.h"
#include "client/sha256.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace beatframe::client {
namespace {

namespace v1 = beatframe::v1;

enum class DownloadMode { kGood, kBadSha, kShort, kLong };

// Serves the beatframe.v1 API from memory, as the proto documents it.
// The call's `authorization` metadata, "" when absent.
std::string AuthorizationOf(const grpc::ServerContext& context) {
  const auto it = context.client_metadata().find("authorization");
  return it == context.client_metadata().end() ? "" : std::string(it->second.data(), it->second.size());
}

class FakeBeatframe final : public v1::Beatframe::Service {
 public:
  grpc::Status CreateToken(grpc::ServerContext*, const v1::CreateTokenRequest*,
                           v1::CreateTokenResponse* response) override {
    response->set_token("tok-" + std::to_string(++tokens_issued));
    response->set_expires_unix_ms(absl::ToUnixMillis(absl::Now() + absl::Hours(24)));
    response->set_credits(100);
    return grpc::Status::OK;
  }

  grpc::Status CreateSession(grpc::ServerContext* context, const v1::CreateSessionRequest*,
                             v1::CreateSessionResponse* response) override {
    session_authorization = AuthorizationOf(*context);
    if (session_authorization == "Bearer stale") {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown token");
    }
    if (out_of_credits) {
      // Error details as the real server sends them: google.rpc.Status with an ErrorInfo.
      google::rpc::ErrorInfo info;
      info.set_reason("OUT_OF_CREDITS");
      info.set_domain("beatframe.dev");
      google::rpc::Status details;
      details.set_code(8);
      details.set_message("needs 3 credits, 1 available");
      details.add_details()->PackFrom(info);
      return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, details.message(), details.SerializeAsString());
    }
    response->set_session_id("s-new");
    return grpc::Status::OK;
  }

  grpc::Status UploadMedia(grpc::ServerContext* context, grpc::ServerReader<v1::UploadMediaRequest>* reader,
                           v1::Asset* asset) override {
    upload_authorization = AuthorizationOf(*context);
    v1::UploadMediaRequest request;
    if (!reader->Read(&request) || !request.has_header()) {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "header first");
    }
    header = request.header();
    while (reader->Read(&request)) {
      chunk_sizes.push_back(request.chunk().size());
      uploaded += request.chunk();
    }
    asset->set_asset_id("asset-1");
    asset->set_sha256(Sha256Hex(uploaded));
    return grpc::Status::OK;
  }

  grpc::Status Generate(grpc::ServerContext* context, const v1::GenerateRequest* request,
                        grpc::ServerWriter<v1::JobEvent>* writer) override {
    last_generate = *request;
    v1::JobEvent event;
    event.set_job_id("job-1");
    event.set_sequence(1);
    event.mutable_progress()->set_stage(v1::JOB_STAGE_QUEUED);
    event.set_stage_changed(v1::JOB_STAGE_QUEUED);
    writer->Write(event);
    if (stream_breaks) {
      // The job runs on; only this stream is lost, as on a network blip.
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection reset");
    }
    if (stream_goes_silent) {
      while (!context->IsCancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
    }
    if (job_hangs) {
      // Like a long render: only the client's cancel ends it.
      while (!context->IsCancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      saw_cancel = true;
      return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
    }
    event.set_sequence(2);
    if (job_fails) {
      event.mutable_progress()->set_stage(v1::JOB_STAGE_FAILED);
      event.mutable_error()->set_code(3);
      event.mutable_error()->set_message("the prompt asks for a 4:3 frame");
    } else {
      event.mutable_progress()->set_stage(v1::JOB_STAGE_DONE);
      event.mutable_progress()->set_fraction(1.0);
      event.mutable_result()->set_output_id("out-1");
      event.mutable_result()->set_width(1080);
    }
    writer->Write(event);
    return grpc::Status::OK;
  }

  grpc::Status GetJob(grpc::ServerContext*, const v1::GetJobRequest* request,
                      v1::JobStatus* response) override {
    if (request->job_id() != "job-1")
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such job");
    response->set_job_id("job-1");
    // Running on the first polls, done after.
    if (++get_job_calls < 3) {
      response->mutable_progress()->set_stage(v1::JOB_STAGE_RENDERING);
      response->mutable_progress()->set_fraction(0.5);
      return grpc::Status::OK;
    }
    response->mutable_progress()->set_stage(v1::JOB_STAGE_DONE);
    response->mutable_progress()->set_fraction(1.0);
    response->mutable_result()->set_output_id("out-polled");
    return grpc::Status::OK;
  }

  grpc::Status Download(grpc::ServerContext*, const v1::DownloadRequest*,
                        grpc::ServerWriter<v1::DownloadResponse>* writer) override {
    v1::DownloadResponse message;
    v1::DownloadHeader* header = message.mutable_header();
    header->set_size_bytes(static_cast<int64_t>(content.size()));
    header->set_sha256(Sha256Hex(content));
    std::string body = content;
    if (download_mode == DownloadMode::kBadSha) body[body.size() / 2] ^= 1;
    if (download_mode == DownloadMode::kShort) body.resize(body.size() - 1);
    if (download_mode == DownloadMode::kLong) body += "extra";
    writer->Write(message);
    for (size_t pos = 0; pos < body.size(); pos += kChunkBytes) {
      message.set_chunk(body.substr(pos, kChunkBytes));
      writer->Write(message);
    }
    return grpc::Status::OK;
  }

  std::atomic<int> tokens_issued{0};
  std::string session_authorization;
  std::string upload_authorization;
  bool out_of_credits = false;
  v1::UploadHeader header;
  std::vector<size_t> chunk_sizes;
  std::string uploaded;
  v1::GenerateRequest last_generate;
  bool job_fails = false;
  bool job_hangs = false;
  bool stream_breaks = false;
  bool stream_goes_silent = false;
  std::atomic<int> get_job_calls{0};
  std::atomic<bool> saw_cancel{false};
  std::string content;
  DownloadMode download_mode = DownloadMode::kGood;
};

class ClientRpcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    dir_ = ::testing::TempDir() + "/client_rpc_test_" + std::to_string(::getpid());
    std::filesystem::create_directories(dir_);
    address_ = "127.0.0.1:" + std::to_string(port);
    client_ = BeatframeClient::Connect(address_, Options());
  }

  ClientOptions Options() const {
    ClientOptions options;
    // Short enough that the fallback tests take well under a second.
    options.stream_idle_limit = absl::Milliseconds(300);
    options.job_poll_interval = absl::Milliseconds(20);
    // Never the user's own config dir.
    options.token_path = dir_ + "/config/beatframe/token";
    return options;
  }
  void TearDown() override {
    server_->Shutdown();
    std::filesystem::remove_all(dir_);
  }

  std::string WriteFile(const std::string& name, const std::string& data) {
    const std::string path = dir_ + "/" + name;
    FILE* file = std::fopen(path.c_str(), "wb");
    std::fwrite(data.data(), 1, data.size(), file);
    std::fclose(file);
    return path;
  }
  static std::string ReadFile(const std::string& path) {
    std::string data;
    FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return "<missing>";
    char buffer[65536];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) data.append(buffer, n);
    std::fclose(file);
    return data;
  }
  static std::string Pattern(size_t size) {
    std::string data(size, '\0');
    for (size_t i = 0; i < size; ++i) data[i] = static_cast<char>((i * 131) >> 3);
    return data;
  }

  FakeBeatframe service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<BeatframeClient> client_;
  std::string dir_;
  std::string address_;
};

TEST_F(ClientRpcTest, GetsATokenOnFirstUseSendsItAndKeepsItForTheNextRun) {
  ASSERT_TRUE(client_->UploadFile("s1", WriteFile("a.mp3", "abc")).ok());
  EXPECT_EQ(service_.tokens_issued, 1);
  EXPECT_EQ(service_.upload_authorization, "Bearer tok-1");
  const std::string path = Options().token_path;
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(ReadFile(path).rfind("tok-1\n", 0), 0u) << ReadFile(path);

  // A later run reads the stored token instead of asking for another.
  auto next_run = BeatframeClient::Connect(address_, Options());
  ASSERT_TRUE(next_run->CreateSession("x").ok());
  EXPECT_EQ(service_.session_authorization, "Bearer tok-1");
  EXPECT_EQ(service_.tokens_issued, 1);
}

TEST_F(ClientRpcTest, AnUnknownStoredTokenIsReplaced) {
  std::filesystem::create_directories(dir_ + "/config/beatframe");
  WriteFile("config/beatframe/token", "stale\n0\n");
  absl::StatusOr<std::string> session = client_->CreateSession("x");
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_EQ(*session, "s-new");
  EXPECT_EQ(service_.session_authorization, "Bearer tok-1");
  EXPECT_EQ(ReadFile(Options().token_path).rfind("tok-1\n", 0), 0u);
}

TEST_F(ClientRpcTest, AnExpiredStoredTokenIsReplacedBeforeItIsSent) {
  std::filesystem::create_directories(dir_ + "/config/beatframe");
  WriteFile("config/beatframe/token", "old\n1000\n");  // expired in 1970
  ASSERT_TRUE(client_->CreateSession("x").ok());
  EXPECT_EQ(service_.session_authorization, "Bearer tok-1");
}

TEST_F(ClientRpcTest, TheErrorInfoReasonIsInTheMessage) {
  service_.out_of_credits = true;
  const absl::Status status = client_->CreateSession("x").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(status.message(), "needs 3 credits, 1 available [OUT_OF_CREDITS]");
}

TEST_F(ClientRpcTest, UploadDeclaresSizeAndHashAndSendsMiBChunks) {
  const std::string data = Pattern(2 * kChunkBytes + kChunkBytes / 2);
  const std::string path = WriteFile("song.mp3", data);
  int64_t last_done = -1, last_total = -1;
  absl::StatusOr<v1::Asset> asset =
      client_->UploadFile("s1", path, [&](int64_t done, int64_t total) {
        last_done = done;
        last_total = total;
      });
  ASSERT_TRUE(asset.ok()) << asset.status();
  EXPECT_EQ(asset->asset_id(), "asset-1");
  EXPECT_EQ(service_.header.session_id(), "s1");
  EXPECT_EQ(service_.header.file_name(), "song.mp3");
  EXPECT_EQ(service_.header.declared_size_bytes(), static_cast<int64_t>(data.size()));
  EXPECT_EQ(service_.header.sha256(), Sha256Hex(data));
  EXPECT_EQ(service_.uploaded, data);
  EXPECT_EQ(service_.chunk_sizes, (std::vector<size_t>{kChunkBytes, kChunkBytes, kChunkBytes / 2}));
  EXPECT_EQ(last_done, static_cast<int64_t>(data.size()));
  EXPECT_EQ(last_total, static_cast<int64_t>(data.size()));
}

TEST_F(ClientRpcTest, UploadOfMissingFileIsNotFound) {
  EXPECT_EQ(client_->UploadFile("s1", dir_ + "/nope.mp3").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ClientRpcTest, GenerateReturnsResultAndEveryEvent) {
  v1::GenerateRequest request;
  request.set_aspect(v1::ASPECT_RATIO_9_16);
  int events = 0;
  absl::StatusOr<v1::RenderResult> result =
      client_->Generate(request, [&](const v1::JobEvent&) { ++events; });
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->output_id(), "out-1");
  EXPECT_EQ(events, 2);
  EXPECT_EQ(service_.last_generate.aspect(), v1::ASPECT_RATIO_9_16);
}

TEST_F(ClientRpcTest, FailedJobBecomesItsStatusCode) {
  service_.job_fails = true;
  absl::StatusOr<v1::RenderResult> result = client_->Generate(v1::GenerateRequest());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "the prompt asks for a 4:3 frame");
}

TEST_F(ClientRpcTest, BrokenStreamFallsBackToPollingTheJob) {
  service_.stream_breaks = true;
  v1::GenerateRequest request;
  request.set_session_id("s1");
  std::vector<v1::JobStage> stages;
  absl::StatusOr<v1::RenderResult> result = client_->Generate(
      request, [&](const v1::JobEvent& event) { stages.push_back(event.progress().stage()); });
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->output_id(), "out-polled");
  EXPECT_EQ(stages, (std::vector<v1::JobStage>{v1::JOB_STAGE_QUEUED, v1::JOB_STAGE_RENDERING,
                                               v1::JOB_STAGE_RENDERING, v1::JOB_STAGE_DONE}));
}

TEST_F(ClientRpcTest, SilentStreamFallsBackToPollingTheJob) {
  service_.stream_goes_silent = true;
  absl::StatusOr<v1::RenderResult> result = client_->Generate(v1::GenerateRequest());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->output_id(), "out-polled");
}

TEST_F(ClientRpcTest, CancelEndsARunningJobAndLaterCalls) {
  service_.job_hangs = true;
  std::thread canceller;
  absl::StatusOr<v1::RenderResult> result =
      client_->Generate(v1::GenerateRequest(), [&](const v1::JobEvent&) {
        // Cancel from another thread, as the Ctrl-C watcher does.
        canceller = std::thread([this] { client_->canceller().Cancel(); });
      });
  canceller.join();
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(result.status().message(), "cancelled; job job-1 keeps running on the server");
  for (int i = 0; i < 200 && !service_.saw_cancel; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(service_.saw_cancel);
  EXPECT_EQ(client_->CreateSession("x").status().code(), absl::StatusCode::kCancelled);
}

TEST_F(ClientRpcTest, DownloadWritesTheVerifiedFile) {
  service_.content = Pattern(kChunkBytes + 12345);
  const std::string path = dir_ + "/out.mp4";
  ASSERT_TRUE(client_->Download("s1", "out-1", path).ok());
  EXPECT_EQ(ReadFile(path), service_.content);
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST_F(ClientRpcTest, DownloadMismatchIsDataLossAndLeavesNothing) {
  service_.content = Pattern(kChunkBytes + 12345);
  for (DownloadMode mode : {DownloadMode::kBadSha, DownloadMode::kShort, DownloadMode::kLong}) {
    service_.download_mode = mode;
    const std::string path = WriteFile("out.mp4", "previous render");
    absl::Status status = client_->Download("s1", "out-1", path);
    EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
    EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
    // The old file at the destination is not clobbered by a bad download.
    EXPECT_EQ(ReadFile(path), "previous render");
  }
}

}  // namespace
}  // namespace beatframe::client
