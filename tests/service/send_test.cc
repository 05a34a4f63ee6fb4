// Send, Edit, GetDraft and ListDrafts through the real server: every message
// gets a reply, unknown requests get the capabilities, Chinese routes, edit
// errors keep their codes, drafts survive restarts (undo included), several
// tracks keep separate drafts, and a client that leaves mid-render can
// re-attach with WatchJob.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/service/send_test_util.h"

namespace beatframe::service::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class SendTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }
  void Start() {
    server_ = std::make_unique<TestServer>(TestServerOptions(data_.path()), token_);
    token_ = server_->token;
    if (session_.empty()) session_ = CreateSession(stub());
  }
  v1::Beatframe::Stub& stub() { return *server_->stub; }

  std::string UploadTrack(double seconds, const std::string& name = "t.mp3") {
    v1::Asset asset;
    const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch_.path(), seconds, 120.0, name));
    EXPECT_TRUE(Upload(stub(), session_, name, mp3, &asset).ok());
    return asset.asset_id();
  }

  v1::Draft GetDraft(const std::string& asset_id, grpc::Status* status) {
    grpc::ClientContext context;
    v1::GetDraftRequest request;
    request.set_session_id(session_);
    request.set_asset_id(asset_id);
    v1::Draft draft;
    *status = stub().GetDraft(&context, request, &draft);
    return draft;
  }

  TempDir data_;
  TempDir scratch_;
  std::string token_;
  std::unique_ptr<TestServer> server_;
  std::string session_;
};

TEST_F(SendTest, WithoutATrackTheReplySaysToUploadOne) {
  std::vector<v1::SendEvent> events;
  ASSERT_TRUE(SendAll(stub(), session_, "make a video", &events).ok());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].reply().text(), HasSubstr("pload"));
  EXPECT_EQ(events[0].asset_id(), "");
}

TEST_F(SendTest, EveryMessageGetsAReplyInItsLanguage) {
  UploadTrack(3.0);
  struct Case {
    std::string message;
    std::string intent;
    std::string language;
  };
  // None of these renders: status, credits, help, undo and nonsense.
  const std::vector<Case> cases = {
      {"status", "status", "en"},         {"show tracks", "status", "en"}, {"状态", "status", "zh"},
      {"credits", "credits", "en"},       {"余额", "credits", "zh"},       {"help", "help", "en"},
      {"帮助", "help", "zh"},             {"undo", "undo", "en"},          {"撤销", "undo", "zh"},
      {"purple elephants dancing", "help", "en"},
  };
  for (const Case& c : cases) {
    std::vector<v1::SendEvent> events;
    const grpc::Status status = SendAll(stub(), session_, c.message, &events);
    ASSERT_TRUE(status.ok()) << c.message << ": " << status.error_message();
    ASSERT_FALSE(events.empty()) << c.message;
    ASSERT_TRUE(events[0].has_reply()) << c.message;
    EXPECT_FALSE(events[0].reply().text().empty()) << c.message;
    EXPECT_EQ(events[0].reply().intent(), c.intent) << c.message;
    EXPECT_EQ(events[0].reply().language(), c.language) << c.message;
    EXPECT_EQ(ResultOf(events), nullptr) << c.message << " should not render";
  }
}

TEST_F(SendTest, AnUnknownRequestGetsTheCapabilities) {
  UploadTrack(3.0);
  std::vector<v1::SendEvent> events;
  ASSERT_TRUE(SendAll(stub(), session_, "status", &events).ok());  // makes the draft
  events.clear();
  ASSERT_TRUE(SendAll(stub(), session_, "purple elephants dancing", &events).ok());
  const std::string& text = ReplyOf(events)->text();
  for (const char* capability : {"vertical", "720p", "title", "only the first 30 seconds", "undo", "export"}) {
    EXPECT_THAT(text, HasSubstr(capability));
  }
}

TEST_F(SendTest, CreditsAnswerWithTheBalance) {
  UploadTrack(3.0);
  std::vector<v1::SendEvent> events;
  ASSERT_TRUE(SendAll(stub(), session_, "how many credits do I have", &events).ok());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_THAT(events[0].reply().text(), HasSubstr("100 credits"));
  ASSERT_TRUE(events[1].has_credits());
  EXPECT_EQ(events[1].credits().available(), 100);
}

TEST_F(SendTest, StatusShowsTheSummary) {
  UploadTrack(3.0);
  std::vector<v1::SendEvent> events;
  ASSERT_TRUE(SendAll(stub(), session_, "状态", &events).ok());
  EXPECT_THAT(ReplyOf(events)->text(), HasSubstr("Timeline (2 tracks)"));
  EXPECT_THAT(ReplyOf(events)->text(), HasSubstr("当前时间线"));
}

TEST_F(SendTest, ChineseEditRendersAndTheJobOutlivesTheStream) {
  UploadTrack(6.0);
  std::string job_id;
  {
    grpc::ClientContext context;
    v1::SendRequest request;
    request.set_session_id(session_);
    request.set_message("竖屏，只要前3秒，720p");
    auto reader = stub().Send(&context, request);
    v1::SendEvent event;
    while (reader->Read(&event)) {
      if (event.has_reply()) {
        EXPECT_EQ(event.reply().language(), "zh");
        EXPECT_FALSE(event.reply().text().empty());
      }
      if (event.has_job_event()) {
        job_id = event.job_event().job_id();
        break;
      }
    }
    // Leave mid-render: the job must go on.
    context.TryCancel();
    reader->Finish();
  }
  ASSERT_FALSE(job_id.empty());
  grpc::ClientContext context;
  v1::WatchJobRequest request;
  request.set_session_id(session_);
  request.set_job_id(job_id);
  auto reader = stub().WatchJob(&context, request);
  v1::JobEvent event, last;
  while (reader->Read(&event)) last = event;
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_TRUE(last.has_result());
  EXPECT_EQ(last.result().width(), 720);
  EXPECT_EQ(last.result().height(), 1280);
  EXPECT_NEAR(last.result().duration_s(), 3.0, 0.1);
}

TEST_F(SendTest, EditErrorsKeepTheirCodesAndCommitNothing) {
  const std::string track = UploadTrack(3.0);
  v1::EditResponse response;
  ASSERT_TRUE(EditDraft(stub(), session_, track, {AspectOp("9:16")}, &response).ok());
  EXPECT_EQ(response.draft().revision(), 2);
  EXPECT_THAT(response.changes(0), HasSubstr("9:16"));

  v1::EditResponse failed;
  grpc::Status status = EditDraft(stub(), session_, track, {AspectOp("1:1"), StyleOp("sparkles")}, &failed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("sparkles"));
  status = EditDraft(stub(), session_, track, {TrimOp(0, 999000)}, &failed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE) << status.error_message();
  grpc::Status got;
  const v1::Draft draft = GetDraft(track, &got);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(draft.revision(), 2) << "failed edits must not commit";
  EXPECT_THAT(draft.settings(), HasSubstr("9:16"));

  ASSERT_TRUE(EditDraft(stub(), session_, track, {UndoOp()}, &response).ok());
  status = EditDraft(stub(), session_, track, {UndoOp()}, &failed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  status = EditDraft(stub(), session_, track, {UndoOp(), AspectOp("1:1")}, &failed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  status = EditDraft(stub(), session_, track, {v1::DraftOperation()}, &failed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  status = EditDraft(stub(), session_, "no-such-asset", {AspectOp("1:1")}, &failed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  status = EditDraft(stub(), "no-such-session", track, {AspectOp("1:1")}, &failed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);

  std::vector<v1::SendEvent> events;
  status = SendAll(stub(), "no-such-session", "status", &events);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  status = SendAll(stub(), session_, "status", &events, "no-such-asset");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  status = SendAll(stub(), session_, "", &events);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SendTest, AnEditThatCannotApplyIsExplainedInTheReply) {
  UploadTrack(3.0);
  std::vector<v1::SendEvent> events;
  ASSERT_TRUE(SendAll(stub(), session_, "status", &events).ok());
  events.clear();
  ASSERT_TRUE(SendAll(stub(), session_, "make it 4:5", &events).ok());
  EXPECT_THAT(ReplyOf(events)->text(), HasSubstr("4:5"));
  EXPECT_EQ(DraftOf(events), nullptr);
  EXPECT_EQ(ResultOf(events), nullptr);
}

TEST_F(SendTest, DraftsAndRevisionsSurviveARestartAndUndoStillWorks) {
  const std::string track = UploadTrack(3.0);
  v1::EditResponse response;
  ASSERT_TRUE(EditDraft(stub(), session_, track, {AspectOp("9:16")}, &response).ok());
  ASSERT_TRUE(EditDraft(stub(), session_, track, {StyleOp("tunnel")}, &response).ok());
  ASSERT_EQ(response.draft().revision(), 3);
  const std::string json_before = response.draft().draft_json();
  server_.reset();
  Start();

  grpc::Status status;
  v1::Draft draft = GetDraft(track, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(draft.revision(), 3);
  EXPECT_EQ(draft.draft_json(), json_before);
  EXPECT_THAT(draft.summary(), HasSubstr("tunnel"));
  EXPECT_TRUE(draft.can_undo());

  std::vector<v1::SendEvent> events;
  ASSERT_TRUE(SendAll(stub(), session_, "undo", &events).ok());
  ASSERT_NE(DraftOf(events), nullptr);
  EXPECT_EQ(DraftOf(events)->revision(), 4);
  EXPECT_THAT(DraftOf(events)->summary(), Not(HasSubstr("tunnel")));
  EXPECT_THAT(DraftOf(events)->settings(), HasSubstr("9:16"));

  server_.reset();
  Start();
  ASSERT_TRUE(EditDraft(stub(), session_, track, {UndoOp()}, &response).ok());
  EXPECT_EQ(response.draft().revision(), 5);
  EXPECT_THAT(response.draft().settings(), HasSubstr("16:9"));
  EXPECT_FALSE(response.draft().can_undo());
}

TEST_F(SendTest, TwoTracksHaveSeparateDraftsAndRenders) {
  const std::string first = UploadTrack(4.0, "first.mp3");
  const std::string second = UploadTrack(3.0, "second.mp3");
  v1::EditResponse response;
  ASSERT_TRUE(EditDraft(stub(), session_, first, {AspectOp("9:16"), ResolutionOp(720)}, &response).ok());
  // Without an asset id a message is about the newest track: the second.
  std::vector<v1::SendEvent> events;
  ASSERT_TRUE(SendAll(stub(), session_, "square in 720p", &events).ok());
  for (const v1::SendEvent& event : events) EXPECT_EQ(event.asset_id(), second);
  const v1::RenderResult* square = ResultOf(events);
  ASSERT_NE(square, nullptr);
  EXPECT_EQ(square->width(), 720);
  EXPECT_EQ(square->height(), 720);
  EXPECT_NEAR(square->duration_s(), 3.0, 0.1);

  std::vector<v1::JobEvent> job_events;
  ASSERT_TRUE(RenderDraftAll(stub(), session_, first, &job_events).ok());
  ASSERT_TRUE(job_events.back().has_result());
  EXPECT_EQ(job_events.back().result().width(), 720);
  EXPECT_EQ(job_events.back().result().height(), 1280);
  EXPECT_NEAR(job_events.back().result().duration_s(), 4.0, 0.1);
  EXPECT_NE(job_events.back().result().output_id(), square->output_id());

  grpc::ClientContext context;
  v1::ListDraftsRequest request;
  request.set_session_id(session_);
  v1::ListDraftsResponse drafts;
  ASSERT_TRUE(stub().ListDrafts(&context, request, &drafts).ok());
  ASSERT_EQ(drafts.drafts_size(), 2);
  for (const v1::Draft& draft : drafts.drafts()) {
    EXPECT_THAT(draft.settings(), HasSubstr(draft.asset_id() == first ? "9:16" : "1:1"));
  }
}

TEST_F(SendTest, AnotherTokenCannotSeeTheDrafts) {
  const std::string track = UploadTrack(3.0);
  v1::EditResponse response;
  ASSERT_TRUE(EditDraft(stub(), session_, track, {AspectOp("9:16")}, &response).ok());
  TestServer::Client other = server_->NewClient();
  grpc::ClientContext context;
  v1::GetDraftRequest request;
  request.set_session_id(session_);
  request.set_asset_id(track);
  v1::Draft draft;
  EXPECT_EQ(other.stub->GetDraft(&context, request, &draft).error_code(), grpc::StatusCode::NOT_FOUND);
  std::vector<v1::SendEvent> events;
  EXPECT_EQ(SendAll(*other.stub, session_, "status", &events).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace beatframe::service::testing
