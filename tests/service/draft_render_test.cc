// Edit → render through the real server: plain-language messages change the
// draft and the render shows it (frame size, a title only while it should
// show, the trimmed length). Renders are kept short or at 720p to stay fast.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/service/send_test_util.h"

namespace beatframe::service::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class DraftRenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>(TestServerOptions(data_.path()));
    session_ = CreateSession(stub());
  }
  v1::Beatframe::Stub& stub() { return *server_->stub; }

  std::string UploadTrack(double seconds) {
    v1::Asset asset;
    const std::string mp3 = ReadFileBytes(WriteDrumMp3(scratch_.path(), seconds, 120.0, "t.mp3"));
    EXPECT_TRUE(Upload(stub(), session_, "t.mp3", mp3, &asset).ok());
    return asset.asset_id();
  }

  TempDir data_;
  TempDir scratch_;
  std::unique_ptr<TestServer> server_;
  std::string session_;
};

TEST_F(DraftRenderTest, MakeItVerticalRenders1080x1920) {
  const std::string track = UploadTrack(36.0);
  // Shorten the draft first (structured), so the 1080p render is quick.
  v1::EditResponse edited;
  ASSERT_TRUE(EditDraft(stub(), session_, track, {TrimOp(0, 4000)}, &edited).ok());
  std::vector<v1::SendEvent> events;
  const grpc::Status status = SendAll(stub(), session_, "make it vertical", &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::Reply* reply = ReplyOf(events);
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(reply->intent(), "edit");
  EXPECT_THAT(reply->text(), HasSubstr("9:16"));
  ASSERT_NE(DraftOf(events), nullptr);
  EXPECT_EQ(DraftOf(events)->revision(), edited.draft().revision() + 1);
  const v1::RenderResult* result = ResultOf(events);
  ASSERT_NE(result, nullptr);
  EXPECT_EQ(result->width(), 1080);
  EXPECT_EQ(result->height(), 1920);
  const std::string path = DownloadTo(stub(), session_, result->output_id(), scratch_.path(), "v.mp4");
  const VideoInfo info = ProbeVideoFile(path);
  EXPECT_EQ(info.width, 1080);
  EXPECT_EQ(info.height, 1920);
  EXPECT_TRUE(info.has_audio);
  EXPECT_NEAR(info.duration_s, 4.0, 0.15);
}

TEST_F(DraftRenderTest, OnlyTheFirst30SecondsGivesA30SecondVideo) {
  UploadTrack(36.0);
  std::vector<v1::SendEvent> events;
  const grpc::Status status = SendAll(stub(), session_, "only the first 30 seconds in 720p", &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // No draft yet: the first request makes one and renders it.
  EXPECT_EQ(ReplyOf(events)->intent(), "generate");
  const v1::RenderResult* result = ResultOf(events);
  ASSERT_NE(result, nullptr);
  EXPECT_EQ(result->width(), 1280);
  EXPECT_NEAR(result->duration_s(), 30.0, 0.1);
  const VideoInfo info = ProbeVideoFile(DownloadTo(stub(), session_, result->output_id(), scratch_.path(), "t.mp4"));
  EXPECT_NEAR(info.duration_s, 30.0, 0.15);
  EXPECT_EQ(info.height, 720);
}

TEST_F(DraftRenderTest, TitleShowsForTheFirstThreeSecondsOnly) {
  const std::string track = UploadTrack(8.0);
  v1::EditResponse edited;
  ASSERT_TRUE(EditDraft(stub(), session_, track, {TrimOp(0, 6000), ResolutionOp(720)}, &edited).ok());
  std::vector<v1::JobEvent> plain_events;
  ASSERT_TRUE(RenderDraftAll(stub(), session_, track, &plain_events).ok());
  ASSERT_TRUE(plain_events.back().has_result());
  const std::string plain =
      DownloadTo(stub(), session_, plain_events.back().result().output_id(), scratch_.path(), "plain.mp4");

  std::vector<v1::SendEvent> events;
  ASSERT_TRUE(SendAll(stub(), session_, "add the title 'Urban Dreams' for the first 3 seconds", &events).ok());
  EXPECT_THAT(DraftOf(events)->summary(), HasSubstr("Title: \"Urban Dreams\" (0-3s)"));
  const v1::RenderResult* result = ResultOf(events);
  ASSERT_NE(result, nullptr);
  const std::string titled = DownloadTo(stub(), session_, result->output_id(), scratch_.path(), "titled.mp4");

  const int w = 1280, h = 720;
  // The same draft but for the title: the frames differ where the title is
  // while it shows, and only by encoder noise once it has gone.
  const double during = MaxBlockDifference(LumaAt(plain, w, h, 1.5), LumaAt(titled, w, h, 1.5), w, h);
  const double after = MaxBlockDifference(LumaAt(plain, w, h, 3.2), LumaAt(titled, w, h, 3.2), w, h);
  const double later = MaxBlockDifference(LumaAt(plain, w, h, 5.5), LumaAt(titled, w, h, 5.5), w, h);
  EXPECT_GT(during, 25.0) << "the title should show at 1.5 s";
  EXPECT_LT(after, 8.0) << "the title should be gone at 3.2 s";
  EXPECT_LT(later, 8.0) << "the title should be gone at 5.5 s";
}

}  // namespace
}  // namespace beatframe::service::testing
