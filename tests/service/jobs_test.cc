// Jobs as a client sees them through the real server: CancelJob (queued and
// running, idempotent), queue positions with one worker, ListJobs, re-attaching
// with WatchJob after a disconnect mid-render, and an upload abandoned midway
// that leaves neither an asset nor a file.
#include <sqlite3.h>

#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/service/service_test_util.h"

namespace beatframe::service::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

v1::JobStatus CancelJob(v1::Beatframe::Stub& stub, const std::string& session, const std::string& job_id) {
  grpc::ClientContext context;
  v1::CancelJobRequest request;
  request.set_session_id(session);
  request.set_job_id(job_id);
  v1::JobStatus status;
  const grpc::Status result = stub.CancelJob(&context, request, &status);
  EXPECT_TRUE(result.ok()) << result.error_message();
  return status;
}

std::vector<v1::JobStatus> ListJobs(v1::Beatframe::Stub& stub, const std::string& session) {
  grpc::ClientContext context;
  v1::ListJobsRequest request;
  request.set_session_id(session);
  v1::ListJobsResponse response;
  const grpc::Status status = stub.ListJobs(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return {response.jobs().begin(), response.jobs().end()};
}

grpc::Status WatchAll(v1::Beatframe::Stub& stub, const std::string& session, const std::string& job_id,
                      std::vector<v1::JobEvent>* events) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(4));
  v1::WatchJobRequest request;
  request.set_session_id(session);
  request.set_job_id(job_id);
  auto reader = stub.WatchJob(&context, request);
  v1::JobEvent event;
  while (reader->Read(&event)) events->push_back(event);
  return reader->Finish();
}

int64_t CountRows(const std::string& db_path, const std::string& table) {
  sqlite3* db = nullptr;
  int64_t rows = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, ("SELECT COUNT(*) FROM " + table).c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      rows = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return rows;
}

// One open Generate stream, read on demand.
struct OpenStream {
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReader<v1::JobEvent>> reader;
  std::vector<v1::JobEvent> events;
  bool Next() {
    v1::JobEvent event;
    if (!reader->Read(&event)) return false;
    events.push_back(event);
    return true;
  }
  grpc::Status Drain() {
    while (Next()) {
    }
    return reader->Finish();
  }
};

class JobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options = TestServerOptions(data_.path());
    options.render_workers = 1;
    options.heartbeat_interval = absl::Milliseconds(500);
    server_ = std::make_unique<TestServer>(options);
    ASSERT_NE(server_->stub, nullptr);
    session_ = CreateSession(stub());
  }
  v1::Beatframe::Stub& stub() { return *server_->stub; }
  std::string UploadTrack(double seconds) {
    v1::Asset asset;
    const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch_.path(), seconds, 120.0));
    const grpc::Status status = Upload(stub(), session_, "drums.mp3", mp3, &asset);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return asset.asset_id();
  }
  std::unique_ptr<OpenStream> StartGenerate(const std::string& asset_id) {
    auto stream = std::make_unique<OpenStream>();
    v1::GenerateRequest request;
    request.set_session_id(session_);
    request.add_asset_ids(asset_id);
    stream->reader = stub().Generate(&stream->context, request);
    EXPECT_TRUE(stream->Next());
    return stream;
  }
  std::string OutputsDir() const { return data_.path() + "/sessions/" + session_ + "/outputs"; }

  TempDir data_;
  TempDir scratch_;
  std::unique_ptr<TestServer> server_;
  std::string session_;
};

// The queue positions a job's events reported while it waited, each change
// once (heartbeats repeat the current one).
std::vector<int> QueuePositions(const std::vector<v1::JobEvent>& events) {
  std::vector<int> positions;
  for (const v1::JobEvent& event : events) {
    if (event.progress().stage() != v1::JOB_STAGE_QUEUED) break;
    if (positions.empty() || positions.back() != event.progress().queue_position()) {
      positions.push_back(event.progress().queue_position());
    }
  }
  return positions;
}

TEST_F(JobsTest, QueuePositionsCancelAndListWithOneWorker) {
  const std::string long_track = UploadTrack(30.0);
  const std::string short_track = UploadTrack(2.0);
  // A runs; B, C and D wait behind it.
  auto a = StartGenerate(long_track);
  while (a->events.back().progress().stage() < v1::JOB_STAGE_DECODING) ASSERT_TRUE(a->Next());
  auto b = StartGenerate(short_track);
  auto c = StartGenerate(short_track);
  auto d = StartGenerate(short_track);
  EXPECT_EQ(b->events[0].progress().queue_position(), 1);
  EXPECT_EQ(c->events[0].progress().queue_position(), 2);
  EXPECT_EQ(d->events[0].progress().queue_position(), 3);
  const std::string a_id = a->events[0].job_id(), b_id = b->events[0].job_id();
  const std::string c_id = c->events[0].job_id(), d_id = d->events[0].job_id();

  // Newest first, each with its state.
  std::vector<v1::JobStatus> listed = ListJobs(stub(), session_);
  ASSERT_EQ(listed.size(), 4u);
  EXPECT_THAT((std::vector<std::string>{listed[0].job_id(), listed[1].job_id(), listed[2].job_id(),
                                        listed[3].job_id()}),
              ElementsAre(d_id, c_id, b_id, a_id));
  EXPECT_EQ(listed[0].progress().queue_position(), 3);
  EXPECT_EQ(listed[3].progress().queue_position(), 0);
  EXPECT_GE(listed[3].progress().stage(), v1::JOB_STAGE_DECODING);

  // Cancelling a queued job ends it at once and moves D up.
  const v1::JobStatus c_cancelled = CancelJob(stub(), session_, c_id);
  EXPECT_EQ(c_cancelled.progress().stage(), v1::JOB_STAGE_CANCELLED);
  EXPECT_EQ(c_cancelled.error().code(), static_cast<int>(grpc::StatusCode::CANCELLED));
  // Cancelling the running job: the reply comes once it has stopped.
  const v1::JobStatus a_cancelled = CancelJob(stub(), session_, a_id);
  EXPECT_EQ(a_cancelled.progress().stage(), v1::JOB_STAGE_CANCELLED);
  ASSERT_TRUE(a_cancelled.has_error());
  // Idempotent on an ended job.
  EXPECT_EQ(CancelJob(stub(), session_, a_id).progress().stage(), v1::JOB_STAGE_CANCELLED);

  const grpc::Status a_end = a->Drain();
  EXPECT_EQ(a_end.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(a->events.back().progress().stage(), v1::JOB_STAGE_CANCELLED);
  EXPECT_EQ(a->events.back().error().code(), static_cast<int>(grpc::StatusCode::CANCELLED));
  EXPECT_EQ(c->Drain().error_code(), grpc::StatusCode::CANCELLED);
  ASSERT_TRUE(b->Drain().ok());
  ASSERT_TRUE(d->Drain().ok());
  EXPECT_TRUE(b->events.back().has_result());
  EXPECT_TRUE(d->events.back().has_result());
  EXPECT_THAT(QueuePositions(b->events), ElementsAre(1));
  EXPECT_THAT(QueuePositions(d->events), ElementsAre(3, 2, 1));

  listed = ListJobs(stub(), session_);
  ASSERT_EQ(listed.size(), 4u);
  EXPECT_EQ(listed[0].progress().stage(), v1::JOB_STAGE_DONE);       // D
  EXPECT_EQ(listed[1].progress().stage(), v1::JOB_STAGE_CANCELLED);  // C
  EXPECT_EQ(listed[2].progress().stage(), v1::JOB_STAGE_DONE);       // B
  EXPECT_EQ(listed[3].progress().stage(), v1::JOB_STAGE_CANCELLED);  // A
  // Only the two finished videos exist; cancelled jobs leave nothing.
  EXPECT_EQ(MediaFilesUnder(OutputsDir()).size(), 2u);
  // Cancelled jobs cost nothing: 1 credit each for B and D.
  grpc::ClientContext context;
  v1::Credits credits;
  ASSERT_TRUE(stub().GetCredits(&context, v1::GetCreditsRequest(), &credits).ok());
  EXPECT_EQ(credits.total(), 98);
  EXPECT_EQ(credits.frozen(), 0);
}

TEST_F(JobsTest, AClientThatDisconnectsMidRenderReattachesWithWatchJobAndDownloads) {
  const std::string asset = UploadTrack(10.0);
  std::string job_id;
  {
    auto stream = StartGenerate(asset);
    while (stream->events.back().progress().stage() < v1::JOB_STAGE_RENDERING) ASSERT_TRUE(stream->Next());
    job_id = stream->events[0].job_id();
    stream->context.TryCancel();  // the client goes away
    stream->Drain().IgnoreError();
  }
  std::vector<v1::JobEvent> events;
  const grpc::Status watched = WatchAll(stub(), session_, job_id, &events);
  ASSERT_TRUE(watched.ok()) << watched.error_message();
  ASSERT_GE(events.size(), 1u);
  // First the state it is in now, then on to the result.
  EXPECT_GE(events.front().progress().stage(), v1::JOB_STAGE_RENDERING);
  EXPECT_GT(events.front().sequence(), 1);
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_GT(events[i].sequence(), events[i - 1].sequence());
    EXPECT_GE(events[i].progress().fraction(), events[i - 1].progress().fraction());
  }
  ASSERT_TRUE(events.back().has_result()) << events.back().ShortDebugString();
  v1::DownloadHeader header;
  std::string bytes;
  ASSERT_TRUE(DownloadAll(stub(), session_, events.back().result().output_id(), &header, &bytes).ok());
  EXPECT_EQ(Sha256Hex(bytes), events.back().result().sha256());

  // Watching an ended job gives just its final state.
  std::vector<v1::JobEvent> again;
  ASSERT_TRUE(WatchAll(stub(), session_, job_id, &again).ok());
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].result().SerializeAsString(), events.back().result().SerializeAsString());
}

TEST_F(JobsTest, AClientThatDisconnectsMidUploadLeavesNoAssetAndNoFile) {
  const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch_.path(), 20.0, 120.0));
  const std::string db = data_.path() + "/beatframe.db";
  {
    // Its own connection, closed mid-upload like a client that dies.
    auto client = AuthorizedStub(server_->server->address(), server_->token);
    grpc::ClientContext context;
    v1::Asset asset;
    auto writer = client->UploadMedia(&context, &asset);
    v1::UploadMediaRequest request;
    request.mutable_header()->set_session_id(session_);
    request.mutable_header()->set_file_name("drums.mp3");
    request.mutable_header()->set_declared_size_bytes(static_cast<int64_t>(mp3.size()));
    ASSERT_TRUE(writer->Write(request));
    request.set_chunk(mp3.substr(0, mp3.size() / 2));
    ASSERT_TRUE(writer->Write(request));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (MediaFilesUnder(data_.path() + "/tmp").empty() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(MediaFilesUnder(data_.path() + "/tmp").size(), 1u);
    context.TryCancel();
    writer->Finish().IgnoreError();
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!MediaFilesUnder(data_.path()).empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_THAT(MediaFilesUnder(data_.path()), IsEmpty());
  EXPECT_EQ(CountRows(db, "assets"), 0);
}

}  // namespace
}  // namespace beatframe::service::testing
