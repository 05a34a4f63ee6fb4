// Persistence across server runs on one data dir: sessions, assets, outputs
// and finished jobs survive a restart; a shutdown mid-render interrupts the job
// and the next run finishes it; jobs without a stored spec (older databases)
// fail, and stale temp files are cleaned up. The SIGKILL case is in
// crash_resume_test.cc.
#include <filesystem>
#include <fstream>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/storage.h"
#include "tests/service/service_test_util.h"

namespace beatframe::service::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

v1::JobStatus GetJob(v1::Beatframe::Stub& stub, const std::string& session_id, const std::string& job_id,
                     grpc::Status* status) {
  grpc::ClientContext context;
  v1::GetJobRequest request;
  request.set_session_id(session_id);
  request.set_job_id(job_id);
  v1::JobStatus job;
  *status = stub.GetJob(&context, request, &job);
  return job;
}

class RestartTest : public ::testing::Test {
 protected:
  // Every run uses the first run's token: sessions belong to it.
  std::unique_ptr<TestServer> Start() {
    auto server = std::make_unique<TestServer>(TestServerOptions(data_.path()), token_);
    EXPECT_NE(server->stub, nullptr);
    token_ = server->token;
    return server;
  }
  std::string token_;
  TempDir data_;
  TempDir scratch_;
};

TEST_F(RestartTest, SessionsAssetsOutputsAndJobsSurviveARestart) {
  std::string session, asset_id, job_id;
  v1::RenderResult result;
  {
    auto first = Start();
    session = CreateSession(*first->stub);
    v1::Asset asset;
    const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch_.path(), 4.0, 120.0));
    ASSERT_TRUE(Upload(*first->stub, session, "drums.mp3", mp3, &asset).ok());
    asset_id = asset.asset_id();
    v1::GenerateRequest request;
    request.set_session_id(session);
    request.add_asset_ids(asset_id);
    request.set_prompt("square video, warm colours");
    std::vector<v1::JobEvent> events;
    const grpc::Status status = GenerateAll(*first->stub, request, &events);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_TRUE(events.back().has_result());
    result = events.back().result();
    job_id = events.back().job_id();
    first->server->Shutdown();
  }
  // Leftovers a crash could leave: a half-received upload and a half-written render.
  std::ofstream(data_.path() + "/tmp/upload-stale.part") << "partial";
  std::ofstream(data_.path() + "/sessions/" + session + "/outputs/stale.mp4.partial") << "partial";

  auto second = Start();
  v1::DownloadHeader header;
  std::string bytes;
  const grpc::Status download = DownloadAll(*second->stub, session, result.output_id(), &header, &bytes);
  ASSERT_TRUE(download.ok()) << download.error_message();
  EXPECT_EQ(static_cast<int64_t>(bytes.size()), result.size_bytes());
  EXPECT_EQ(Sha256Hex(bytes), result.sha256());

  grpc::Status status;
  const v1::JobStatus job = GetJob(*second->stub, session, job_id, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(job.progress().stage(), v1::JOB_STAGE_DONE);
  EXPECT_EQ(job.result().SerializeAsString(), result.SerializeAsString());
  EXPECT_GT(job.created_unix_ms(), 0);

  // The old session and asset are usable: analyse the stored track.
  grpc::ClientContext context;
  v1::AnalyzeRequest analyze;
  analyze.set_session_id(session);
  analyze.set_asset_id(asset_id);
  v1::AnalyzeResponse analysis;
  const grpc::Status analyzed = second->stub->Analyze(&context, analyze, &analysis);
  ASSERT_TRUE(analyzed.ok()) << analyzed.error_message();
  EXPECT_NEAR(analysis.tempo_bpm(), 120.0, 2.0);

  EXPECT_THAT(MediaFilesUnder(data_.path() + "/tmp"), IsEmpty());
  EXPECT_FALSE(std::filesystem::exists(data_.path() + "/sessions/" + session + "/outputs/stale.mp4.partial"));
}

TEST_F(RestartTest, UnfinishedJobWithoutAStoredSpecIsMarkedFailed) {
  std::string session;
  {
    auto first = Start();
    session = CreateSession(*first->stub);
  }
  {
    // What a crash mid-render left in a database of an older version, which
    // stored no job spec: nothing to resume from.
    auto storage = Storage::Open(data_.path());
    ASSERT_TRUE(storage.ok()) << storage.status();
    JobRecord job{"0a0b0c0d0e0f1011", session, "aaaa", "prompt", "", "bbbb"};
    job.state = kJobRunning;
    job.stage = v1::JOB_STAGE_RENDERING;
    job.fraction = 0.4;
    ASSERT_TRUE((*storage)->InsertJob(job).ok());
  }
  auto second = Start();
  grpc::Status status;
  const v1::JobStatus job = GetJob(*second->stub, session, "0a0b0c0d0e0f1011", &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(job.progress().stage(), v1::JOB_STAGE_FAILED);
  ASSERT_TRUE(job.has_error());
  EXPECT_EQ(job.error().code(), static_cast<int>(grpc::StatusCode::INTERNAL));
  EXPECT_EQ(job.error().message(), "server restarted during the render; generate again");
}

TEST_F(RestartTest, ShutdownMidRenderInterruptsTheJobAndTheNextRunFinishesIt) {
  auto server = Start();
  const std::string session = CreateSession(*server->stub);
  v1::Asset asset;
  const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch_.path(), 6.0, 120.0));
  ASSERT_TRUE(Upload(*server->stub, session, "drums.mp3", mp3, &asset).ok());
  v1::GenerateRequest request;
  request.set_session_id(session);
  request.add_asset_ids(asset.asset_id());
  request.set_contact_sheet(true);

  grpc::ClientContext context;
  auto reader = server->stub->Generate(&context, request);
  v1::JobEvent event;
  std::vector<v1::JobEvent> events;
  while (reader->Read(&event)) {
    events.push_back(event);
    if (event.progress().stage() >= v1::JOB_STAGE_RENDERING) break;
  }
  ASSERT_FALSE(events.empty());
  std::thread stopper([&] { server->server->Shutdown(); });
  while (reader->Read(&event)) events.push_back(event);
  const grpc::Status status = reader->Finish();
  stopper.join();
  // Interrupted, not failed: no final event, and the stream says why it ended.
  EXPECT_FALSE(events.back().has_error()) << events.back().ShortDebugString();
  EXPECT_FALSE(events.back().has_result()) << events.back().ShortDebugString();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("WatchJob"));
  const std::string job_id = events[0].job_id();
  server.reset();

  // The next run picks the job up by itself; WatchJob follows it to the end.
  auto restarted = Start();
  grpc::ClientContext watch_context;
  v1::WatchJobRequest watch;
  watch.set_session_id(session);
  watch.set_job_id(job_id);
  auto watcher = restarted->stub->WatchJob(&watch_context, watch);
  std::vector<v1::JobEvent> watched;
  while (watcher->Read(&event)) watched.push_back(event);
  const grpc::Status watch_status = watcher->Finish();
  ASSERT_TRUE(watch_status.ok()) << watch_status.error_message();
  ASSERT_FALSE(watched.empty());
  EXPECT_TRUE(watched.front().has_stage_changed()) << watched.front().ShortDebugString();
  ASSERT_TRUE(watched.back().has_result()) << watched.back().ShortDebugString();
  EXPECT_EQ(watched.back().job_id(), job_id);
  EXPECT_FALSE(watched.back().result().contact_sheet_id().empty());

  // GetJob reports the same result, contact sheet included.
  grpc::Status get_status;
  const v1::JobStatus job = GetJob(*restarted->stub, session, job_id, &get_status);
  ASSERT_TRUE(get_status.ok()) << get_status.error_message();
  EXPECT_EQ(job.result().SerializeAsString(), watched.back().result().SerializeAsString());
  // Exactly the video and its sheet, nothing partial.
  EXPECT_EQ(MediaFilesUnder(data_.path() + "/sessions/" + session + "/outputs").size(), 2u);
  const VideoInfo info = ProbeVideoFile(data_.path() + "/sessions/" + session + "/outputs/" +
                                        job.result().output_id() + ".mp4");
  EXPECT_TRUE(info.opened);
  EXPECT_GT(info.decoded_frames, 0);
}

}  // namespace
}  // namespace beatframe::service::testing
