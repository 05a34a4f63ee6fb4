// Chat turns run on their own worker pool (ServerOptions::turn_workers): with
// `--backend remote` one Send turn can stream from the remote service for
// minutes, and an Analyze on the same server must not wait behind it. The
// real server runs with the remote backend against the loopback fake of the
// hosted service (tests/remote/fake_remote_server.h), which holds the turn's
// message stream open with heartbeats until the client leaves.
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/remote_render_backend.h"
#include "tests/remote/fake_remote_backend.h"
#include "tests/remote/fake_remote_server.h"
#include "tests/service/send_test_util.h"
#include "tests/service/service_test_util.h"

namespace beatframe::service::testing {
namespace {

using testing_remote::FakeRemoteServer;
using testing_remote::SseHeartbeat;
using testing_remote::SseScript;

class RemoteSendTurnTest : public ::testing::Test {
 protected:
  void SetUp() override {
    unsetenv("NEMO_TOKEN");
    ASSERT_TRUE(fake_.Start().ok());
    ServerOptions options = TestServerOptions(data_.path());
    options.analyze_workers = 1;  // as beatframed runs: one Analyze worker
    ASSERT_TRUE(testing_remote::UseFakeRemoteBackend(fake_, data_.path(), options).ok());
    server_ = std::make_unique<TestServer>(options);
    ASSERT_NE(server_->stub, nullptr);
    session_ = CreateSession(stub());
    v1::Asset asset;
    const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch_.path(), 4.0, 120.0));
    ASSERT_TRUE(Upload(stub(), session_, "drums.mp3", mp3, &asset).ok());
    asset_id_ = asset.asset_id();
  }
  void TearDown() override {
    server_.reset();
    fake_.Stop();
  }

  v1::Beatframe::Stub& stub() { return *server_->stub; }

  TempDir data_;
  TempDir scratch_;
  FakeRemoteServer fake_;
  std::unique_ptr<TestServer> server_;
  std::string session_;
  std::string asset_id_;
};

TEST_F(RemoteSendTurnTest, AnalyzeCompletesWhileASendTurnStreamsFromTheRemoteService) {
  // The remote service keeps working on the message: heartbeats, no reply.
  SseScript busy;
  busy.Add(SseHeartbeat()).Add(SseHeartbeat(), 100);
  busy.hold_open = true;
  fake_.QueueSse(busy);

  grpc::ClientContext send_context;
  v1::SendRequest send;
  send.set_session_id(session_);
  send.set_asset_id(asset_id_);
  send.set_message("make a video");
  auto sending = stub().Send(&send_context, send);
  // The first heartbeat comes from inside the remote stream: the turn holds
  // its worker from here on.
  v1::SendEvent event;
  ASSERT_TRUE(sending->Read(&event));
  ASSERT_TRUE(event.heartbeat()) << event.DebugString();

  // Analyzing a 4 s track takes well under a second; the deadline only keeps
  // a server that queues Analyze behind the turn from hanging the test.
  grpc::ClientContext analyze_context;
  analyze_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  v1::AnalyzeRequest analyze;
  analyze.set_session_id(session_);
  analyze.set_asset_id(asset_id_);
  v1::AnalyzeResponse analysis;
  const grpc::Status analyzed = stub().Analyze(&analyze_context, analyze, &analysis);
  EXPECT_TRUE(analyzed.ok()) << analyzed.error_code() << " " << analyzed.error_message();
  EXPECT_NEAR(analysis.tempo_bpm(), 120.0, 2.0);
  // ... and the turn was still streaming meanwhile.
  EXPECT_EQ(fake_.stream_disconnects(), 0);
  EXPECT_EQ(fake_.requests_to("/run_sse").size(), 1u);

  // The client leaves: the turn stops streaming from the remote service.
  send_context.TryCancel();
  while (sending->Read(&event)) {
  }
  EXPECT_EQ(sending->Finish().error_code(), grpc::StatusCode::CANCELLED);
  for (int i = 0; i < 250 && fake_.stream_disconnects() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(fake_.stream_disconnects(), 1);
}

TEST(ServiceTurnWorkersTest, ZeroTurnWorkersIsInvalidArgument) {
  TempDir data;
  ServerOptions options = TestServerOptions(data.path());
  options.turn_workers = 0;
  const auto server = BeatframeServer::Create(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace beatframe::service::testing
