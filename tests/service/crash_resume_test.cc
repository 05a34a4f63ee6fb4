// The real beatframed killed with SIGKILL in the middle of a render, then
// started again on the same data dir: the job resumes by itself and finishes
// with a valid MP4, the session and its asset are intact, nothing partial is
// left and the credits are charged once.
#include <signal.h>

#include <set>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "subprocess.h"
#include "tests/service/service_test_util.h"

#ifndef BEATFRAMED_PATH
#error "BEATFRAMED_PATH must name the beatframed binary"
#endif

namespace beatframe::service::testing {
namespace {

using client::testing::ChildProcess;
using client::testing::ReadFileOrEmpty;

class CrashResumeTest : public ::testing::Test {
 protected:
  // Starts beatframed on a fresh port; returns its address.
  std::string StartServer(const std::string& log_name) {
    const std::string address = absl::StrCat("127.0.0.1:", client::testing::PickFreeLoopbackPort());
    auto child = ChildProcess::Start(
        {BEATFRAMED_PATH, "--listen", address, "--data-dir", data_.path() + "/data", "--workers", "1"},
        scratch_.path() + "/" + log_name + ".out", scratch_.path() + "/" + log_name + ".err");
    EXPECT_TRUE(child.ok()) << child.status();
    server_ = *std::move(child);
    const absl::Status ready = server_->WaitForOutput("beatframed listening on", absl::Seconds(60));
    EXPECT_TRUE(ready.ok()) << ready << ReadFileOrEmpty(server_->stderr_path());
    return address;
  }
  std::string OutputsDir(const std::string& session) const {
    return data_.path() + "/data/sessions/" + session + "/outputs";
  }

  TempDir data_;
  TempDir scratch_;
  std::unique_ptr<ChildProcess> server_;
};

TEST_F(CrashResumeTest, SigkillMidRenderThenRestartFinishesTheJob) {
  const std::string first = StartServer("first");
  ASSERT_NE(server_, nullptr);
  const std::string token = NewToken(*PlainStub(first));
  auto stub = AuthorizedStub(first, token);
  const std::string session = CreateSession(*stub);
  v1::Asset asset;
  const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch_.path(), 20.0, 120.0));
  ASSERT_TRUE(Upload(*stub, session, "drums.mp3", mp3, &asset).ok());

  v1::GenerateRequest request;
  request.set_session_id(session);
  request.add_asset_ids(asset.asset_id());
  request.set_contact_sheet(true);
  std::string job_id;
  {
    grpc::ClientContext context;
    auto reader = stub->Generate(&context, request);
    v1::JobEvent event;
    // Well into the render: frames are being encoded into the .partial file.
    while (reader->Read(&event)) {
      job_id = event.job_id();
      if (event.progress().stage() >= v1::JOB_STAGE_RENDERING && event.progress().frames_done() >= 60) break;
    }
    ASSERT_FALSE(job_id.empty());
    ASSERT_EQ(event.progress().stage(), v1::JOB_STAGE_RENDERING) << event.ShortDebugString();
    server_->Signal(SIGKILL);
    absl::StatusOr<int> code = server_->Wait(absl::Seconds(10));
    ASSERT_TRUE(code.ok()) << code.status();
    EXPECT_EQ(*code, 128 + SIGKILL);
    context.TryCancel();
  }
  // No finished video yet: the kill came first.
  for (const std::string& file : MediaFilesUnder(OutputsDir(session))) {
    EXPECT_EQ(std::filesystem::path(file).extension(), ".partial") << file;
  }

  const std::string second = StartServer("second");
  stub = AuthorizedStub(second, token);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(3));
  v1::WatchJobRequest watch;
  watch.set_session_id(session);
  watch.set_job_id(job_id);
  auto reader = stub->WatchJob(&context, watch);
  v1::JobEvent event;
  std::vector<v1::JobEvent> events;
  while (reader->Read(&event)) events.push_back(event);
  const grpc::Status watched = reader->Finish();
  ASSERT_TRUE(watched.ok()) << watched.error_message() << ReadFileOrEmpty(server_->stderr_path());
  ASSERT_FALSE(events.empty());
  ASSERT_TRUE(events.back().has_result()) << events.back().ShortDebugString();
  const v1::RenderResult result = events.back().result();
  EXPECT_EQ(events.back().job_id(), job_id);

  v1::DownloadHeader header;
  std::string bytes;
  ASSERT_TRUE(DownloadAll(*stub, session, result.output_id(), &header, &bytes).ok());
  EXPECT_EQ(Sha256Hex(bytes), result.sha256());
  const std::string downloaded = scratch_.path() + "/resumed.mp4";
  std::ofstream(downloaded, std::ios::binary) << bytes;
  const VideoInfo info = ProbeVideoFile(downloaded);
  EXPECT_TRUE(info.opened);
  EXPECT_EQ(info.width, 1920);
  EXPECT_EQ(info.height, 1080);
  EXPECT_TRUE(info.has_audio);
  EXPECT_NEAR(info.duration_s, 20.0, 0.5);
  EXPECT_GE(info.decoded_frames, 19 * 30);

  // The session is intact: its asset analyses, it holds this one job, and
  // its outputs are the video and contact sheet, nothing partial.
  {
    grpc::ClientContext analyze_context;
    v1::AnalyzeRequest analyze;
    analyze.set_session_id(session);
    analyze.set_asset_id(asset.asset_id());
    v1::AnalyzeResponse analysis;
    ASSERT_TRUE(stub->Analyze(&analyze_context, analyze, &analysis).ok());
    EXPECT_NEAR(analysis.tempo_bpm(), 120.0, 2.0);
  }
  {
    grpc::ClientContext list_context;
    v1::ListJobsRequest list;
    list.set_session_id(session);
    v1::ListJobsResponse jobs;
    ASSERT_TRUE(stub->ListJobs(&list_context, list, &jobs).ok());
    ASSERT_EQ(jobs.jobs_size(), 1);
    EXPECT_EQ(jobs.jobs(0).result().contact_sheet_id(), result.contact_sheet_id());
    EXPECT_FALSE(result.contact_sheet_id().empty());
  }
  std::set<std::string> names;
  for (const std::string& file : MediaFilesUnder(OutputsDir(session))) {
    names.insert(std::filesystem::path(file).filename().string());
  }
  EXPECT_EQ(names, (std::set<std::string>{result.output_id() + ".mp4", result.contact_sheet_id() + ".png"}));
  {
    // 20 s cost 2 credits, charged once, nothing still frozen.
    grpc::ClientContext credits_context;
    v1::Credits credits;
    ASSERT_TRUE(stub->GetCredits(&credits_context, v1::GetCreditsRequest(), &credits).ok());
    EXPECT_EQ(credits.total(), 98);
    EXPECT_EQ(credits.frozen(), 0);
  }
  EXPECT_NE(ReadFileOrEmpty(server_->stderr_path()).find("resumed after a restart"), std::string::npos);
}

}  // namespace
}  // namespace beatframe::service::testing
