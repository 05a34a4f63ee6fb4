// Tokens, ownership and credits through the real server: calls without a
// valid token, an expired token, the rate limit, two tokens that cannot see
// each other's things, and credits frozen, charged, released and run out.
// Every refusal is checked for its code and its google.rpc.ErrorInfo reason.
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/service/service_test_util.h"

namespace beatframe::service::testing {
namespace {

using ::testing::HasSubstr;

v1::Credits GetCredits(v1::Beatframe::Stub& stub) {
  grpc::ClientContext context;
  v1::Credits credits;
  const grpc::Status status = stub.GetCredits(&context, v1::GetCreditsRequest(), &credits);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return credits;
}

grpc::Status CreateSessionStatus(v1::Beatframe::Stub& stub) {
  grpc::ClientContext context;
  v1::CreateSessionResponse response;
  return stub.CreateSession(&context, v1::CreateSessionRequest(), &response);
}

class AuthTest : public ::testing::Test {
 protected:
  std::unique_ptr<TestServer> Start(const ServerOptions& options) {
    auto server = std::make_unique<TestServer>(options);
    EXPECT_NE(server->stub, nullptr);
    return server;
  }
  // Uploads a synthesized track of `seconds` into a new session of `stub`.
  std::pair<std::string, std::string> SessionWithTrack(v1::Beatframe::Stub& stub, double seconds) {
    const std::string session = CreateSession(stub);
    v1::Asset asset;
    const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch_.path(), seconds, 120.0));
    const grpc::Status status = Upload(stub, session, "drums.mp3", mp3, &asset);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {session, asset.asset_id()};
  }
  static v1::GenerateRequest Render(const std::string& session, const std::string& asset) {
    v1::GenerateRequest request;
    request.set_session_id(session);
    request.add_asset_ids(asset);
    return request;
  }
  TempDir data_;
  TempDir scratch_;
};

TEST_F(AuthTest, CallsWithoutAValidTokenAreUnauthenticated) {
  auto server = Start(TestServerOptions(data_.path()));
  const grpc::Status missing = CreateSessionStatus(*PlainStub(server->server->address()));
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorReasonOf(missing), "TOKEN_MISSING");
  EXPECT_THAT(missing.error_message(), HasSubstr("CreateToken"));
  const grpc::Status unknown = CreateSessionStatus(*AuthorizedStub(server->server->address(), "bft_forged"));
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorReasonOf(unknown), "TOKEN_UNKNOWN");
  // Streaming calls check too.
  std::vector<v1::JobEvent> events;
  const grpc::Status generate =
      GenerateAll(*PlainStub(server->server->address()), v1::GenerateRequest(), &events);
  EXPECT_EQ(generate.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(events.empty());
  v1::Asset asset;
  const grpc::Status upload = Upload(*PlainStub(server->server->address()), "x", "a.mp3", "abc", &asset);
  EXPECT_EQ(upload.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // A real token works, and a new one holds the documented credits.
  EXPECT_TRUE(CreateSessionStatus(*server->stub).ok());
  const v1::Credits credits = GetCredits(*server->stub);
  EXPECT_EQ(credits.total(), 100);
  EXPECT_EQ(credits.available(), 100);
  EXPECT_EQ(credits.frozen(), 0);
}

TEST_F(AuthTest, AnExpiredTokenIsUnauthenticatedWithTokenExpired) {
  ServerOptions options = TestServerOptions(data_.path());
  options.token_ttl = absl::Milliseconds(300);
  auto server = Start(options);
  ASSERT_TRUE(CreateSessionStatus(*server->stub).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  const grpc::Status expired = CreateSessionStatus(*server->stub);
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorReasonOf(expired), "TOKEN_EXPIRED");
  EXPECT_THAT(expired.error_message(), HasSubstr("expired"));
}

TEST_F(AuthTest, TooManyCallsAreRateLimitedWithARetryDelay) {
  ServerOptions options = TestServerOptions(data_.path());
  options.rate_limit_per_minute = 5;
  auto server = Start(options);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(CreateSessionStatus(*server->stub).ok()) << i;
  const grpc::Status limited = CreateSessionStatus(*server->stub);
  EXPECT_EQ(limited.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorReasonOf(limited), "RATE_LIMITED");
  // One call refills every 12 s.
  EXPECT_GT(RetryDelayMsOf(limited), 0);
  EXPECT_LE(RetryDelayMsOf(limited), 12000);
  // The limit is per token: another client is not affected.
  EXPECT_TRUE(CreateSessionStatus(*server->NewClient().stub).ok());
}

TEST_F(AuthTest, TwoTokensCannotSeeEachOthersSessionsAssetsOutputsOrJobs) {
  auto server = Start(TestServerOptions(data_.path()));
  const auto [session, asset_id] = SessionWithTrack(*server->stub, 2.0);
  std::vector<v1::JobEvent> events;
  ASSERT_TRUE(GenerateAll(*server->stub, Render(session, asset_id), &events).ok());
  ASSERT_TRUE(events.back().has_result());
  const std::string job_id = events.back().job_id();
  const std::string output_id = events.back().result().output_id();

  TestServer::Client other = server->NewClient();
  v1::Beatframe::Stub& stub = *other.stub;
  const auto expect_hidden = [](const grpc::Status& status, const char* what) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << what << ": " << status.error_message();
    EXPECT_EQ(ErrorReasonOf(status), "SESSION_NOT_FOUND") << what;
  };
  v1::Asset asset;
  expect_hidden(Upload(stub, session, "x.mp3", "abc", &asset), "upload");
  {
    grpc::ClientContext context;
    v1::AnalyzeRequest request;
    request.set_session_id(session);
    request.set_asset_id(asset_id);
    v1::AnalyzeResponse response;
    expect_hidden(stub.Analyze(&context, request, &response), "analyze");
  }
  std::vector<v1::JobEvent> other_events;
  expect_hidden(GenerateAll(stub, Render(session, asset_id), &other_events), "generate");
  v1::DownloadHeader header;
  std::string bytes;
  expect_hidden(DownloadAll(stub, session, output_id, &header, &bytes), "download");
  EXPECT_TRUE(bytes.empty());
  {
    grpc::ClientContext context;
    v1::GetJobRequest request;
    request.set_session_id(session);
    request.set_job_id(job_id);
    v1::JobStatus response;
    expect_hidden(stub.GetJob(&context, request, &response), "get job");
  }
  {
    grpc::ClientContext context;
    v1::CancelJobRequest request;
    request.set_session_id(session);
    request.set_job_id(job_id);
    v1::JobStatus response;
    expect_hidden(stub.CancelJob(&context, request, &response), "cancel job");
  }
  {
    grpc::ClientContext context;
    v1::ListJobsRequest request;
    request.set_session_id(session);
    v1::ListJobsResponse response;
    expect_hidden(stub.ListJobs(&context, request, &response), "list jobs");
  }
  {
    grpc::ClientContext context;
    v1::WatchJobRequest request;
    request.set_session_id(session);
    request.set_job_id(job_id);
    auto reader = stub.WatchJob(&context, request);
    v1::JobEvent event;
    EXPECT_FALSE(reader->Read(&event));
    expect_hidden(reader->Finish(), "watch job");
  }
  // The owner still sees everything.
  ASSERT_TRUE(DownloadAll(*server->stub, session, output_id, &header, &bytes).ok());
  EXPECT_EQ(Sha256Hex(bytes), events.back().result().sha256());
}

TEST_F(AuthTest, CreditsAreFrozenWhileRenderingChargedOnSuccessAndRunOut) {
  ServerOptions options = TestServerOptions(data_.path());
  options.initial_credits = 5;
  auto server = Start(options);
  v1::Beatframe::Stub& stub = *server->stub;
  // 12 s of video costs 2 credits.
  const auto [session, asset_id] = SessionWithTrack(stub, 12.0);
  grpc::ClientContext context;
  auto reader = stub.Generate(&context, Render(session, asset_id));
  v1::JobEvent event;
  ASSERT_TRUE(reader->Read(&event));
  v1::Credits during = GetCredits(stub);
  EXPECT_EQ(during.total(), 5);
  EXPECT_EQ(during.frozen(), 2);
  EXPECT_EQ(during.available(), 3);
  while (reader->Read(&event)) {
  }
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_TRUE(event.has_result());
  v1::Credits after = GetCredits(stub);
  EXPECT_EQ(after.total(), 3);
  EXPECT_EQ(after.frozen(), 0);
  EXPECT_EQ(after.available(), 3);

  // 35 s would cost 4: refused before any job starts, saying what it needs.
  const auto [long_session, long_asset] = SessionWithTrack(stub, 35.0);
  std::vector<v1::JobEvent> events;
  const grpc::Status refused = GenerateAll(stub, Render(long_session, long_asset), &events);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorReasonOf(refused), "OUT_OF_CREDITS");
  EXPECT_THAT(refused.error_message(), HasSubstr("needs 4 credits"));
  EXPECT_THAT(refused.error_message(), HasSubstr("only 3 are available"));
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(GetCredits(stub).total(), 3);
  // Downloads stay free.
  v1::DownloadHeader header;
  std::string bytes;
  ASSERT_TRUE(DownloadAll(stub, session, event.result().output_id(), &header, &bytes).ok());
  EXPECT_EQ(GetCredits(stub).total(), 3);
}

TEST_F(AuthTest, RefusedUploadsCarryTheirReason) {
  ServerOptions options = TestServerOptions(data_.path());
  options.max_upload_bytes = 1000;
  auto server = Start(options);
  const std::string session = CreateSession(*server->stub);
  v1::Asset asset;
  const grpc::Status not_audio = Upload(*server->stub, session, "notes.mp3", std::string(500, 'x'), &asset);
  EXPECT_EQ(not_audio.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorReasonOf(not_audio), "UNSUPPORTED_FILE_TYPE");
  const grpc::Status too_large = Upload(*server->stub, session, "big.mp3", std::string(2000, 'x'), &asset);
  EXPECT_EQ(too_large.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorReasonOf(too_large), "FILE_TOO_LARGE");
}

}  // namespace
}  // namespace beatframe::service::testing
