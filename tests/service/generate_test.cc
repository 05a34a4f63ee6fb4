// Generate, GetJob and Download through the real server: the event stream's
// ordering promises, the result, the MP4 that comes back, and a job that
// outlives a client who stopped listening.
#include <algorithm>
#include <chrono>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/service/service_test_util.h"

namespace beatframe::service::testing {
namespace {

using ::testing::HasSubstr;

class GenerateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options = TestServerOptions(data_.path());
    // Short heartbeats and sparse progress, so quiet stretches (and with them
    // heartbeats) are certain to occur during a few seconds of rendering.
    options.heartbeat_interval = absl::Milliseconds(200);
    options.progress_interval = absl::Seconds(1);
    server_ = std::make_unique<TestServer>(options);
    ASSERT_NE(server_->stub, nullptr);
    session_ = CreateSession(stub());
    v1::Asset asset;
    const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch_.path(), 5.0, 120.0));
    const grpc::Status status = Upload(stub(), session_, "drums.mp3", mp3, &asset);
    ASSERT_TRUE(status.ok()) << status.error_message();
    asset_id_ = asset.asset_id();
  }
  v1::Beatframe::Stub& stub() { return *server_->stub; }
  v1::GenerateRequest Request(v1::AspectRatio aspect) const {
    v1::GenerateRequest request;
    request.set_session_id(session_);
    request.set_prompt("create a video synced to this track, neon colours, title 'Urban Dreams'");
    request.add_asset_ids(asset_id_);
    request.set_aspect(aspect);
    return request;
  }
  // Downloads the output, checks it against `result` and returns what it holds.
  VideoInfo DownloadAndProbe(const v1::RenderResult& result) {
    v1::DownloadHeader header;
    std::string bytes;
    int chunks = 0;
    const grpc::Status status = DownloadAll(stub(), session_, result.output_id(), &header, &bytes, &chunks);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(header.size_bytes(), result.size_bytes());
    EXPECT_EQ(header.sha256(), result.sha256());
    EXPECT_EQ(header.content_type(), "video/mp4");
    EXPECT_THAT(header.file_name(), HasSubstr(result.output_id()));
    EXPECT_EQ(static_cast<int64_t>(bytes.size()), result.size_bytes());
    EXPECT_EQ(Sha256Hex(bytes), result.sha256());
    EXPECT_EQ(chunks, static_cast<int>((bytes.size() + (1 << 20) - 1) >> 20));
    const std::string path = scratch_.path() + "/" + result.output_id() + ".mp4";
    FILE* file = std::fopen(path.c_str(), "wb");
    std::fwrite(bytes.data(), 1, bytes.size(), file);
    std::fclose(file);
    return ProbeVideoFile(path);
  }

  TempDir data_;
  TempDir scratch_;
  std::unique_ptr<TestServer> server_;
  std::string session_;
  std::string asset_id_;
};

TEST_F(GenerateTest, StreamsOrderedEventsThenAResultThatDownloadsAsMp4) {
  std::vector<v1::JobEvent> events;
  const grpc::Status status = GenerateAll(stub(), Request(v1::ASPECT_RATIO_16_9), &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_GE(events.size(), 3u);

  std::vector<v1::JobStage> stage_changes;
  int heartbeats = 0;
  int64_t longest_gap_ms = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    const v1::JobEvent& event = events[i];
    SCOPED_TRACE(event.ShortDebugString());
    EXPECT_EQ(event.job_id(), events[0].job_id());
    EXPECT_EQ(event.sequence(), static_cast<int64_t>(i) + 1);
    ASSERT_TRUE(event.has_progress());
    const bool last = i + 1 == events.size();
    // Exactly one final event, and it is the last.
    EXPECT_EQ(event.has_result(), last);
    EXPECT_FALSE(event.has_error());
    if (last) {
      EXPECT_EQ(event.progress().fraction(), 1.0);
      EXPECT_EQ(event.progress().stage(), v1::JOB_STAGE_DONE);
    } else {
      EXPECT_LT(event.progress().fraction(), 1.0);
    }
    if (i > 0) {
      EXPECT_GE(event.progress().fraction(), events[i - 1].progress().fraction());
      EXPECT_GE(event.progress().stage(), events[i - 1].progress().stage());
      longest_gap_ms = std::max(longest_gap_ms, event.time_unix_ms() - events[i - 1].time_unix_ms());
    }
    if (event.kind_case() == v1::JobEvent::kStageChanged) {
      EXPECT_EQ(event.stage_changed(), event.progress().stage());
      stage_changes.push_back(event.stage_changed());
    }
    if (event.kind_case() == v1::JobEvent::kHeartbeat) ++heartbeats;
  }
  ASSERT_FALSE(stage_changes.empty());
  EXPECT_EQ(stage_changes.front(), v1::JOB_STAGE_QUEUED);
  EXPECT_TRUE(std::is_sorted(stage_changes.begin(), stage_changes.end()));
  EXPECT_EQ(std::adjacent_find(stage_changes.begin(), stage_changes.end()), stage_changes.end());
  EXPECT_NE(std::find(stage_changes.begin(), stage_changes.end(), v1::JOB_STAGE_RENDERING), stage_changes.end());
  EXPECT_GE(heartbeats, 1);
  // Heartbeats every 200 ms: no silence near the 5 s promise (slack for a busy machine).
  EXPECT_LE(longest_gap_ms, 2000);

  const v1::RenderResult& result = events.back().result();
  EXPECT_FALSE(result.output_id().empty());
  EXPECT_EQ(result.width(), 1920);
  EXPECT_EQ(result.height(), 1080);
  EXPECT_NEAR(result.duration_s(), 5.0, 0.5);
  EXPECT_GT(result.size_bytes(), 0);
  EXPECT_EQ(result.sha256().size(), 64u);
  EXPECT_GT(result.fps_num(), 0);
  EXPECT_GT(result.fps_den(), 0);
  EXPECT_FALSE(result.style().empty());
  EXPECT_FALSE(result.palette().empty());
  EXPECT_NEAR(result.tempo_bpm(), 120.0, 2.0);
  EXPECT_GE(result.beat_count(), 6);

  const VideoInfo video = DownloadAndProbe(result);
  EXPECT_TRUE(video.opened);
  EXPECT_THAT(video.format, HasSubstr("mp4"));
  EXPECT_EQ(video.width, 1920);
  EXPECT_EQ(video.height, 1080);
  EXPECT_TRUE(video.has_audio);
  // Every frame decodes, and there are as many as duration x rate says.
  const double expected_frames = result.duration_s() * result.fps_num() / result.fps_den();
  EXPECT_NEAR(static_cast<double>(video.decoded_frames), expected_frames, 2.0);

  // GetJob agrees with the stream.
  grpc::ClientContext context;
  v1::GetJobRequest request;
  request.set_session_id(session_);
  request.set_job_id(events[0].job_id());
  v1::JobStatus job;
  ASSERT_TRUE(stub().GetJob(&context, request, &job).ok());
  EXPECT_EQ(job.job_id(), events[0].job_id());
  EXPECT_EQ(job.progress().stage(), v1::JOB_STAGE_DONE);
  EXPECT_EQ(job.progress().fraction(), 1.0);
  ASSERT_TRUE(job.has_result());
  EXPECT_EQ(job.result().SerializeAsString(), result.SerializeAsString());
}

TEST_F(GenerateTest, VerticalAspectRendersPortrait) {
  std::vector<v1::JobEvent> events;
  const grpc::Status status = GenerateAll(stub(), Request(v1::ASPECT_RATIO_9_16), &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(events.back().has_result());
  const v1::RenderResult& result = events.back().result();
  EXPECT_EQ(result.width(), 1080);
  EXPECT_EQ(result.height(), 1920);
  const VideoInfo video = DownloadAndProbe(result);
  EXPECT_EQ(video.width, 1080);
  EXPECT_EQ(video.height, 1920);
  EXPECT_GT(video.decoded_frames, 100);
}

TEST_F(GenerateTest, ContactSheetIsASecondDownloadablePng) {
  v1::GenerateRequest request = Request(v1::ASPECT_RATIO_16_9);
  request.set_contact_sheet(true);
  std::vector<v1::JobEvent> events;
  const grpc::Status status = GenerateAll(stub(), request, &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(events.back().has_result());
  const v1::RenderResult& result = events.back().result();
  ASSERT_FALSE(result.contact_sheet_id().empty());
  EXPECT_NE(result.contact_sheet_id(), result.output_id());
  v1::DownloadHeader header;
  std::string bytes;
  ASSERT_TRUE(DownloadAll(stub(), session_, result.contact_sheet_id(), &header, &bytes).ok());
  EXPECT_EQ(header.content_type(), "image/png");
  EXPECT_THAT(header.file_name(), HasSubstr(".png"));
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(Sha256Hex(bytes), header.sha256());
  EXPECT_EQ(DownloadAndProbe(result).width, 1920);  // the MP4 is unchanged
}

TEST_F(GenerateTest, NoContactSheetUnlessAsked) {
  std::vector<v1::JobEvent> events;
  ASSERT_TRUE(GenerateAll(stub(), Request(v1::ASPECT_RATIO_1_1), &events).ok());
  ASSERT_TRUE(events.back().has_result());
  EXPECT_TRUE(events.back().result().contact_sheet_id().empty());
}

TEST_F(GenerateTest, JobOutlivesAClientThatCancels) {
  grpc::ClientContext context;
  auto reader = stub().Generate(&context, Request(v1::ASPECT_RATIO_16_9));
  v1::JobEvent first;
  ASSERT_TRUE(reader->Read(&first));
  const std::string job_id = first.job_id();
  ASSERT_FALSE(job_id.empty());
  context.TryCancel();
  v1::JobEvent ignored;
  while (reader->Read(&ignored)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);

  // Follow the job with GetJob until it ends.
  v1::JobStatus job;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
  double last_fraction = 0.0;
  while (std::chrono::steady_clock::now() < deadline) {
    grpc::ClientContext poll;
    v1::GetJobRequest request;
    request.set_session_id(session_);
    request.set_job_id(job_id);
    const grpc::Status status = stub().GetJob(&poll, request, &job);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_GE(job.progress().fraction(), last_fraction);
    last_fraction = job.progress().fraction();
    if (job.outcome_case() != v1::JobStatus::OUTCOME_NOT_SET) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(job.has_result()) << job.ShortDebugString();
  EXPECT_EQ(job.progress().stage(), v1::JOB_STAGE_DONE);
  const VideoInfo video = DownloadAndProbe(job.result());
  EXPECT_EQ(video.width, 1920);
  EXPECT_EQ(video.height, 1080);
}

TEST_F(GenerateTest, UnknownIdsAreNotFound) {
  {
    v1::GenerateRequest request = Request(v1::ASPECT_RATIO_16_9);
    request.set_session_id("00000000deadbeef");
    std::vector<v1::JobEvent> events;
    const grpc::Status status = GenerateAll(stub(), request, &events);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_THAT(status.error_message(), HasSubstr("session '00000000deadbeef' not found"));
    EXPECT_TRUE(events.empty());
  }
  {
    v1::GenerateRequest request = Request(v1::ASPECT_RATIO_16_9);
    request.add_asset_ids("feedfacefeedface");
    std::vector<v1::JobEvent> events;
    const grpc::Status status = GenerateAll(stub(), request, &events);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_THAT(status.error_message(), HasSubstr("asset 'feedfacefeedface' not found"));
    EXPECT_TRUE(events.empty());
  }
  {
    v1::GenerateRequest request = Request(v1::ASPECT_RATIO_16_9);
    request.clear_asset_ids();
    std::vector<v1::JobEvent> events;
    EXPECT_EQ(GenerateAll(stub(), request, &events).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  {
    v1::DownloadHeader header;
    std::string bytes;
    const grpc::Status status = DownloadAll(stub(), session_, "abcdefabcdef0000", &header, &bytes);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_THAT(status.error_message(), HasSubstr("output 'abcdefabcdef0000' not found"));
  }
  {
    grpc::ClientContext context;
    v1::AnalyzeRequest request;
    request.set_session_id(session_);
    request.set_asset_id("abcdefabcdef0000");
    v1::AnalyzeResponse response;
    const grpc::Status status = stub().Analyze(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_THAT(status.error_message(), HasSubstr("asset 'abcdefabcdef0000' not found"));
  }
  {
    grpc::ClientContext context;
    v1::GetJobRequest request;
    request.set_session_id(session_);
    request.set_job_id("abcdefabcdef0000");
    v1::JobStatus job;
    EXPECT_EQ(stub().GetJob(&context, request, &job).error_code(), grpc::StatusCode::NOT_FOUND);
  }
}

}  // namespace
}  // namespace beatframe::service::testing
