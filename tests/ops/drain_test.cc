// The real beatframed drained with SIGTERM, as Kubernetes stops a pod: health
// goes NOT_SERVING, new renders are refused with UNAVAILABLE, the running
// render finishes, the queued one stays queued and the process exits 0; the
// next start runs what was left. With a short grace period the running render
// is interrupted instead, and resumes on the next start.
#include <signal.h>

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "subprocess.h"
#include "tests/ops/ops_test_util.h"
#include "tests/service/service_test_util.h"

#ifndef BEATFRAMED_PATH
#error "BEATFRAMED_PATH must name the beatframed binary"
#endif

namespace beatframe::ops::testing {
namespace {

using client::testing::ChildProcess;
using client::testing::PickFreeLoopbackPort;
using client::testing::ReadFileOrEmpty;
using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using service::testing::AuthorizedStub;
using service::testing::TempDir;
using ::testing::HasSubstr;

class DrainTest : public ::testing::Test {
 protected:
  // Starts beatframed on fresh ports; returns its address.
  std::string StartServer(const std::string& log_name, int drain_grace_s) {
    const std::string address = absl::StrCat("127.0.0.1:", PickFreeLoopbackPort());
    metrics_port_ = PickFreeLoopbackPort();
    auto child = ChildProcess::Start({BEATFRAMED_PATH, "--listen", address, "--data-dir", data_.path() + "/data",
                                      "--workers", "1", "--metrics-port", absl::StrCat(metrics_port_),
                                      "--drain-grace-s", absl::StrCat(drain_grace_s)},
                                     scratch_.path() + "/" + log_name + ".out",
                                     scratch_.path() + "/" + log_name + ".err");
    EXPECT_TRUE(child.ok()) << child.status();
    server_ = *std::move(child);
    const absl::Status ready = server_->WaitForOutput("beatframed listening on", absl::Seconds(60));
    EXPECT_TRUE(ready.ok()) << ready << ReadFileOrEmpty(server_->stderr_path());
    return address;
  }

  // Uploads a synthesized track of `seconds` into a new session.
  void UploadTrack(v1::Beatframe::Stub& stub, double seconds) {
    session_ = service::testing::CreateSession(stub);
    const std::string mp3 =
        service::testing::ReadFileBytes(service::testing::WriteDrumMp3(scratch_.path(), seconds, 120.0));
    v1::Asset asset;
    ASSERT_TRUE(service::testing::Upload(stub, session_, "drums.mp3", mp3, &asset).ok());
    asset_id_ = asset.asset_id();
  }

  v1::GenerateRequest Request() const {
    v1::GenerateRequest request;
    request.set_session_id(session_);
    request.add_asset_ids(asset_id_);
    return request;
  }

  // Reads `reader` until the job is rendering frames; returns the job id.
  static std::string ReadUntilRendering(grpc::ClientReader<v1::JobEvent>& reader) {
    v1::JobEvent event;
    while (reader.Read(&event)) {
      if (event.progress().stage() == v1::JOB_STAGE_RENDERING && event.progress().frames_done() >= 15) break;
    }
    EXPECT_EQ(event.progress().stage(), v1::JOB_STAGE_RENDERING) << event.ShortDebugString();
    return event.job_id();
  }

  int HealthOf(const std::string& address, const std::string& service) {
    auto health = Health::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    HealthCheckRequest request;
    request.set_service(service);
    HealthCheckResponse response;
    const grpc::Status status = health->Check(&context, request, &response);
    return status.ok() ? response.status() : -status.error_code();
  }

  // Waits up to 10 s for the readiness check to turn NOT_SERVING.
  bool WaitNotServing(const std::string& address) {
    for (int i = 0; i < 100; ++i) {
      if (HealthOf(address, "") == HealthCheckResponse::NOT_SERVING) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // WatchJob on a restarted server until the job ends; its last event.
  v1::JobEvent WatchToEnd(v1::Beatframe::Stub& stub, const std::string& job_id) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(3));
    v1::WatchJobRequest watch;
    watch.set_session_id(session_);
    watch.set_job_id(job_id);
    auto reader = stub.WatchJob(&context, watch);
    v1::JobEvent event;
    v1::JobEvent last;
    while (reader->Read(&event)) last = event;
    const grpc::Status status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message() << ReadFileOrEmpty(server_->stderr_path());
    return last;
  }

  TempDir data_;
  TempDir scratch_;
  std::unique_ptr<ChildProcess> server_;
  int metrics_port_ = 0;
  std::string session_;
  std::string asset_id_;
};

TEST_F(DrainTest, SigtermRefusesNewJobsLetsTheRunningOneFinishAndKeepsTheQueued) {
  const std::string address = StartServer("first", 60);
  ASSERT_NE(server_, nullptr);
  const std::string token = service::testing::NewToken(*service::testing::PlainStub(address));
  auto stub = AuthorizedStub(address, token);
  ASSERT_NO_FATAL_FAILURE(UploadTrack(*stub, 15.0));

  grpc::ClientContext running_context;
  auto running = stub->Generate(&running_context, Request());
  const std::string running_id = ReadUntilRendering(*running);
  // A second job waits behind it (one worker).
  grpc::ClientContext queued_context;
  auto queued = stub->Generate(&queued_context, Request());
  v1::JobEvent queued_event;
  ASSERT_TRUE(queued->Read(&queued_event));
  ASSERT_EQ(queued_event.progress().stage(), v1::JOB_STAGE_QUEUED);
  const std::string queued_id = queued_event.job_id();

  server_->Signal(SIGTERM);
  ASSERT_TRUE(WaitNotServing(address)) << ReadFileOrEmpty(server_->stderr_path());
  EXPECT_EQ(HealthOf(address, "beatframe.v1.Beatframe"), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(HealthOf(address, "liveness"), HealthCheckResponse::SERVING);
  {
    // New work is refused with a message that says why.
    std::vector<v1::JobEvent> events;
    const grpc::Status refused = service::testing::GenerateAll(*stub, Request(), &events);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
    EXPECT_THAT(refused.error_message(), HasSubstr("draining"));
    EXPECT_GE(service::testing::RetryDelayMsOf(refused), 1000);
  }
  {
    absl::StatusOr<HttpResponse> scrape = HttpRequest(metrics_port_, "GET", "/metrics");
    ASSERT_TRUE(scrape.ok()) << scrape.status();
    absl::StatusOr<Exposition> metrics = ParseExposition(scrape->body);
    ASSERT_TRUE(metrics.ok()) << metrics.status();
    EXPECT_EQ(metrics->Value("beatframe_draining"), 1);
  }

  // The running render finishes and its stream ends with the result.
  v1::JobEvent event;
  v1::JobEvent last;
  while (running->Read(&event)) last = event;
  const grpc::Status finished = running->Finish();
  EXPECT_TRUE(finished.ok()) << finished.error_message();
  ASSERT_TRUE(last.has_result()) << last.ShortDebugString();
  EXPECT_EQ(last.job_id(), running_id);
  // The queued one never started: its stream ends UNAVAILABLE, the job stays.
  while (queued->Read(&event)) {
    EXPECT_NE(event.progress().stage(), v1::JOB_STAGE_RENDERING);
  }
  EXPECT_EQ(queued->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);

  absl::StatusOr<int> code = server_->Wait(absl::Seconds(30));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0) << ReadFileOrEmpty(server_->stderr_path());
  const std::string log = ReadFileOrEmpty(server_->stderr_path());
  EXPECT_THAT(log, HasSubstr("SIGTERM received, draining"));
  EXPECT_THAT(log, HasSubstr(absl::StrCat("job ", running_id, " done")));

  // The next start runs the queued job to the end.
  const std::string second = StartServer("second", 60);
  stub = AuthorizedStub(second, token);
  const v1::JobEvent resumed = WatchToEnd(*stub, queued_id);
  EXPECT_TRUE(resumed.has_result()) << resumed.ShortDebugString();
}

TEST_F(DrainTest, GraceExpiryInterruptsTheRenderWhichResumesOnRestart) {
  const std::string address = StartServer("first", 1);
  ASSERT_NE(server_, nullptr);
  const std::string token = service::testing::NewToken(*service::testing::PlainStub(address));
  auto stub = AuthorizedStub(address, token);
  ASSERT_NO_FATAL_FAILURE(UploadTrack(*stub, 30.0));

  grpc::ClientContext context;
  auto running = stub->Generate(&context, Request());
  const std::string job_id = ReadUntilRendering(*running);
  const auto signalled = std::chrono::steady_clock::now();
  server_->Signal(SIGTERM);
  absl::StatusOr<int> code = server_->Wait(absl::Seconds(30));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0) << ReadFileOrEmpty(server_->stderr_path());
  // 1 s of grace plus the interruption, far less than the render would take.
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::seconds(15));
  v1::JobEvent event;
  while (running->Read(&event)) EXPECT_FALSE(event.has_result());
  EXPECT_EQ(running->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(ReadFileOrEmpty(server_->stderr_path()), HasSubstr("resumes on restart"));

  const std::string second = StartServer("second", 60);
  stub = AuthorizedStub(second, token);
  const v1::JobEvent resumed = WatchToEnd(*stub, job_id);
  ASSERT_TRUE(resumed.has_result()) << resumed.ShortDebugString();
  EXPECT_NEAR(resumed.result().duration_s(), 30.0, 0.5);
}

}  // namespace
}  // namespace beatframe::ops::testing
