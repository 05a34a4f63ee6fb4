// Persistence across server runs on one data dir: sessions, assets, outputs
// and finished jobs survive a restart; a shutdown mid-render fails the job
// cleanly; jobs left unfinished by a crash and stale temp files are cleaned up.
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
  std::unique_ptr<TestServer> Start() {
    auto server = std::make_unique<TestServer>(TestServerOptions(data_.path()));
    EXPECT_NE(server->stub, nullptr);
    return server;
  }
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

TEST_F(RestartTest, JobLeftRunningByACrashIsMarkedFailed) {
  std::string session;
  {
    auto first = Start();
    session = CreateSession(*first->stub);
  }
  {
    // What a crash mid-render leaves in the database.
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

TEST_F(RestartTest, ShutdownMidRenderEndsTheStreamWithTheJobsError) {
  auto server = Start();
  const std::string session = CreateSession(*server->stub);
  v1::Asset asset;
  const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch_.path(), 6.0, 120.0));
  ASSERT_TRUE(Upload(*server->stub, session, "drums.mp3", mp3, &asset).ok());
  v1::GenerateRequest request;
  request.set_session_id(session);
  request.add_asset_ids(asset.asset_id());

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
  ASSERT_TRUE(events.back().has_error()) << events.back().ShortDebugString();
  EXPECT_EQ(events.back().progress().stage(), v1::JOB_STAGE_FAILED);
  EXPECT_EQ(events.back().error().code(), static_cast<int>(grpc::StatusCode::UNAVAILABLE));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("generate again"));
  const std::string job_id = events[0].job_id();
  server.reset();

  // Recorded as failed, with no output file left behind.
  auto restarted = Start();
  grpc::Status get_status;
  const v1::JobStatus job = GetJob(*restarted->stub, session, job_id, &get_status);
  ASSERT_TRUE(get_status.ok()) << get_status.error_message();
  EXPECT_EQ(job.error().code(), static_cast<int>(grpc::StatusCode::UNAVAILABLE));
  EXPECT_THAT(MediaFilesUnder(data_.path() + "/sessions/" + session + "/outputs"), IsEmpty());
}

}  // namespace
}  // namespace beatframe::service::testing
