// Clients see the same API whichever backend renders: every scenario here runs
// through the real server and its gRPC stub twice, with `--backend local`
// (the embedded engine) and `--backend remote` (RemoteRenderBackend talking to
// the loopback fake of the hosted service, whose export serves a real MP4
// rendered once by the engine in SetUpTestSuite). The remote service's own
// failures (out of credits, the free plan's export block, a rate limit) are
// checked for the codes and ErrorInfo reasons they become.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/remote_render_backend.h"
#include "tests/remote/fake_remote_backend.h"
#include "tests/remote/fake_remote_server.h"
#include "tests/service/send_test_util.h"
#include "tests/service/service_test_util.h"

extern "C" {
#include <libavutil/log.h>
}

namespace beatframe::service::testing {
namespace {

using ::testing::HasSubstr;
using testing_remote::FakeRemoteServer;
using testing_remote::SseHeartbeat;
using testing_remote::SseScript;
using testing_remote::SseText;

enum class Backend { kLocal, kRemote };

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kLocal ? "Local" : "Remote";
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  std::fwrite(bytes.data(), 1, bytes.size(), file);
  std::fclose(file);
}

class BackendContractTest : public ::testing::TestWithParam<Backend> {
 protected:
  // The MP4 the fake's export serves: a real render, made once.
  static void SetUpTestSuite() {
    av_log_set_level(AV_LOG_ERROR);  // no x264 statistics in the test log
    TempDir dir;
    RenderRequest request;
    request.input_path = WriteDrumMp3(dir.path(), 2.0, 120.0);
    request.output_path = dir.path() + "/remote_export.mp4";
    request.resolution = "720p";
    request.prompt = "pulse";
    const absl::StatusOr<RenderResult> rendered = RunRenderJob(request, nullptr);
    ASSERT_TRUE(rendered.ok()) << rendered.status();
    remote_mp4_ = new std::string(ReadFileBytes(request.output_path));
  }
  static void TearDownTestSuite() {
    delete remote_mp4_;
    remote_mp4_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(remote_mp4_, nullptr);
    unsetenv("NEMO_TOKEN");
    ServerOptions options = TestServerOptions(data_.path());
    options.heartbeat_interval = absl::Milliseconds(200);
    if (remote()) {
      ASSERT_TRUE(fake_.Start().ok());
      fake_.SetExportPayload(*remote_mp4_);
      fake_.SetExportPolls(2);
      // The service builds a timeline in reply to the message.
      fake_.SetInitialDraft(testing_remote::Json::parse(
          R"({"t":[{"tt":0,"sg":[{"d":2000,"m":{"name":"beat visuals"}}]},{"tt":1,"sg":[{"d":2000,"m":{"name":"drums.mp3"}}]}]})"));
      ASSERT_TRUE(testing_remote::UseFakeRemoteBackend(fake_, data_.path(), options).ok());
    }
    server_ = std::make_unique<TestServer>(options);
    ASSERT_NE(server_->stub, nullptr);
    session_ = CreateSession(stub());
    asset_id_ = UploadTrack(2.0, "drums.mp3");
  }
  void TearDown() override {
    server_.reset();
    if (remote()) fake_.Stop();
  }

  bool remote() const { return GetParam() == Backend::kRemote; }
  v1::Beatframe::Stub& stub() { return *server_->stub; }

  std::string UploadTrack(double seconds, const std::string& name) {
    v1::Asset asset;
    const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch_.path(), seconds, 120.0, name));
    const grpc::Status status = Upload(stub(), session_, name, mp3, &asset);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return asset.asset_id();
  }

  v1::GenerateRequest Request(const std::string& asset_id) const {
    v1::GenerateRequest request;
    request.set_session_id(session_);
    request.set_prompt("neon pulse synced to the drums");
    request.set_title("Contract");
    request.add_asset_ids(asset_id);
    request.set_aspect(v1::ASPECT_RATIO_16_9);
    request.set_resolution(v1::RESOLUTION_720P);
    return request;
  }

  // Generate to the end; the final status, and the final event's error reason.
  grpc::Status Generate(std::vector<v1::JobEvent>* events) {
    return GenerateAll(stub(), Request(asset_id_), events);
  }

  static std::string* remote_mp4_;
  TempDir data_;
  TempDir scratch_;
  FakeRemoteServer fake_;
  std::unique_ptr<TestServer> server_;
  std::string session_;
  std::string asset_id_;
};

std::string* BackendContractTest::remote_mp4_ = nullptr;

TEST_P(BackendContractTest, GenerateStreamsProgressThenAResultThatDownloadsAsMp4) {
  std::vector<v1::JobEvent> events;
  const grpc::Status status = Generate(&events);
  ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  ASSERT_GE(events.size(), 3u);
  ASSERT_TRUE(events.back().has_result()) << events.back().DebugString();
  // Progress before the result, never going back.
  int progress_events = 0;
  double last_fraction = 0.0;
  for (size_t i = 0; i + 1 < events.size(); ++i) {
    if (events[i].kind_case() == v1::JobEvent::kProgressed ||
        (events[i].has_stage_changed() && events[i].stage_changed() > v1::JOB_STAGE_QUEUED)) {
      ++progress_events;
    }
    EXPECT_GE(events[i].progress().fraction(), last_fraction) << "event " << i;
    last_fraction = events[i].progress().fraction();
  }
  EXPECT_GE(progress_events, 2);

  const v1::RenderResult& result = events.back().result();
  v1::DownloadHeader header;
  std::string bytes;
  ASSERT_TRUE(DownloadAll(stub(), session_, result.output_id(), &header, &bytes).ok());
  EXPECT_EQ(header.content_type(), "video/mp4");
  EXPECT_EQ(static_cast<int64_t>(bytes.size()), result.size_bytes());
  EXPECT_EQ(Sha256Hex(bytes), result.sha256());
  const std::string path = scratch_.path() + "/out.mp4";
  WriteBytes(path, bytes);
  const VideoInfo info = ProbeVideoFile(path);
  ASSERT_TRUE(info.opened);
  EXPECT_EQ(info.width, 1280);
  EXPECT_EQ(info.height, 720);
  EXPECT_TRUE(info.has_audio);
  EXPECT_GT(info.decoded_frames, 0);
  EXPECT_EQ(result.width(), 1280);
  EXPECT_GT(result.duration_s(), 1.0);

  if (remote()) {
    // It really went through the remote service: the track was uploaded, the
    // prompt sent as a message, and the export polled and downloaded.
    EXPECT_EQ(bytes, *remote_mp4_);
    EXPECT_EQ(fake_.requests_to("/api/upload-video/").size(), 1u);
    const auto messages = fake_.requests_to("/run_sse");
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_THAT(messages[0].body, HasSubstr("neon pulse synced to the drums"));
    EXPECT_THAT(messages[0].body, HasSubstr("Contract"));
    EXPECT_GE(fake_.requests_to("/api/render/proxy/lambda/").size(), 3u);  // 2 "processing", then completed
  }
}

TEST_P(BackendContractTest, UnsupportedFileIsRefusedWithInvalidArgument) {
  v1::Asset asset;
  const grpc::Status status = Upload(stub(), session_, "notes.txt", std::string(4096, 'x'), &asset);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("MP3"));
}

TEST_P(BackendContractTest, CreditsQueryWorksAndAGenerateIsCharged) {
  auto credits = [this] {
    grpc::ClientContext context;
    v1::Credits response;
    const grpc::Status status = stub().GetCredits(&context, v1::GetCreditsRequest(), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  };
  const v1::Credits before = credits();
  EXPECT_GT(before.available(), 0);
  std::vector<v1::JobEvent> events;
  ASSERT_TRUE(Generate(&events).ok());
  const v1::Credits after = credits();
  EXPECT_LT(after.available(), before.available());
  EXPECT_EQ(after.frozen(), 0);
}

TEST_P(BackendContractTest, CancelJobEndsARunningGenerateCancelled) {
  std::string asset_id = asset_id_;
  if (remote()) {
    // The service keeps the message open with heartbeats only.
    SseScript busy;
    busy.Add(SseHeartbeat()).Add(SseHeartbeat(), 100);
    busy.hold_open = true;
    fake_.QueueSse(busy);
  } else {
    asset_id = UploadTrack(60.0, "long.mp3");  // long enough to still be rendering
  }
  grpc::ClientContext context;
  auto reader = stub().Generate(&context, Request(asset_id));
  v1::JobEvent event;
  std::string job_id;
  bool running = false;
  while (!running && reader->Read(&event)) {
    job_id = event.job_id();
    running = event.progress().stage() >= v1::JOB_STAGE_PLANNING;
  }
  ASSERT_TRUE(running);
  if (remote()) {
    // Cancel while the message stream is open (heartbeats arriving), so the
    // HTTP transfer itself has to be aborted.
    for (int i = 0; i < 250 && fake_.requests_to("/run_sse").empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  const auto cancelled_at = std::chrono::steady_clock::now();
  {
    grpc::ClientContext cancel_context;
    v1::CancelJobRequest cancel;
    cancel.set_session_id(session_);
    cancel.set_job_id(job_id);
    v1::JobStatus ignored;
    ASSERT_TRUE(stub().CancelJob(&cancel_context, cancel, &ignored).ok());
  }
  v1::JobEvent last;
  while (reader->Read(&event)) last = event;
  const grpc::Status status = reader->Finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - cancelled_at).count();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED) << status.error_message();
  EXPECT_EQ(last.progress().stage(), v1::JOB_STAGE_CANCELLED);
  ASSERT_TRUE(last.has_error());
  EXPECT_EQ(last.error().code(), static_cast<int>(grpc::StatusCode::CANCELLED));
  EXPECT_LT(seconds, 5.0);

  grpc::ClientContext get_context;
  v1::GetJobRequest get;
  get.set_session_id(session_);
  get.set_job_id(job_id);
  v1::JobStatus job;
  ASSERT_TRUE(stub().GetJob(&get_context, get, &job).ok());
  EXPECT_EQ(job.progress().stage(), v1::JOB_STAGE_CANCELLED);
  if (remote()) {
    // The held /run_sse stream was closed by us, not left to time out.
    for (int i = 0; i < 150 && fake_.stream_disconnects() == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(fake_.stream_disconnects(), 1);
  }
}

TEST_P(BackendContractTest, SendInPlainWordsRepliesAndRendersAVideo) {
  constexpr char kRemoteReply[] = "I cut the drums into a neon beat video.";
  if (remote()) {
    SseScript reply;
    reply.Add(SseHeartbeat()).Add(testing_remote::SseToolCall("edit_timeline")).Add(SseText(kRemoteReply));
    fake_.QueueSse(reply);
  }
  std::vector<v1::SendEvent> events;
  const grpc::Status status = SendAll(stub(), session_, "make a video in 720p", &events);
  ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  const v1::Reply* reply = ReplyOf(events);
  ASSERT_NE(reply, nullptr);
  EXPECT_FALSE(reply->text().empty());
  EXPECT_EQ(reply->intent(), "generate");
  const v1::RenderResult* result = ResultOf(events);
  ASSERT_NE(result, nullptr);
  const std::string path = DownloadTo(stub(), session_, result->output_id(), scratch_.path(), "sent.mp4");
  const VideoInfo info = ProbeVideoFile(path);
  ASSERT_TRUE(info.opened);
  EXPECT_GT(info.decoded_frames, 0);
  if (remote()) {
    // The service's words, without its tool calls; one message in all (the
    // render took the export of that turn instead of asking again).
    EXPECT_EQ(reply->text(), kRemoteReply);
    EXPECT_THAT(reply->text(), ::testing::Not(HasSubstr("edit_timeline")));
    const auto messages = fake_.requests_to("/run_sse");
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_THAT(messages[0].body, HasSubstr("make a video in 720p"));
    EXPECT_EQ(ReadFileBytes(path), *remote_mp4_);
    // The remote stream's heartbeat reached the client before the reply.
    ASSERT_FALSE(events.empty());
    EXPECT_TRUE(events.front().heartbeat());
  } else {
    for (const v1::SendEvent& event : events) EXPECT_FALSE(event.heartbeat());
  }
}

TEST_P(BackendContractTest, RemoteOutOfCreditsIsResourceExhaustedOutOfCredits) {
  if (!remote()) GTEST_SKIP() << "a failure of the remote service";
  fake_.SetCredits(0);  // the service answers code 2001
  std::vector<v1::JobEvent> events;
  const grpc::Status status = Generate(&events);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_EQ(ErrorReasonOf(status), "OUT_OF_CREDITS");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().progress().stage(), v1::JOB_STAGE_FAILED);

  // A plain-language message meets the same answer, after a reply saying so.
  std::vector<v1::SendEvent> sent;
  const grpc::Status send_status = SendAll(stub(), session_, "make a video", &sent);
  EXPECT_EQ(send_status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << send_status.error_message();
  EXPECT_EQ(ErrorReasonOf(send_status), "OUT_OF_CREDITS");
  ASSERT_NE(ReplyOf(sent), nullptr);
  EXPECT_EQ(ResultOf(sent), nullptr);
}

TEST_P(BackendContractTest, RemoteExportBlockedByThePlanIsFailedPrecondition) {
  if (!remote()) GTEST_SKIP() << "a failure of the remote service";
  fake_.SetPlanBlocksExport(true);  // HTTP 402
  std::vector<v1::JobEvent> events;
  const grpc::Status status = Generate(&events);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(ErrorReasonOf(status), "PLAN_LIMIT");
  EXPECT_THAT(MediaFilesUnder(data_.path()), ::testing::Not(::testing::Contains(HasSubstr(".partial"))));
}

TEST_P(BackendContractTest, RemoteRateLimitOnceSucceedsAfterTheWait) {
  if (!remote()) GTEST_SKIP() << "a failure of the remote service";
  fake_.RateLimitNext(1);  // the job's first call (the token request) answers 429
  const auto start = std::chrono::steady_clock::now();
  std::vector<v1::JobEvent> events;
  const grpc::Status status = Generate(&events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(events.back().has_result());
  EXPECT_EQ(fake_.requests_to("/api/auth/anonymous-token").size(), 2u);  // refused once, then retried
  EXPECT_GE(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 0.3);
}

INSTANTIATE_TEST_SUITE_P(Backends, BackendContractTest, ::testing::Values(Backend::kLocal, Backend::kRemote),
                         BackendName);

}  // namespace
}  // namespace beatframe::service::testing
