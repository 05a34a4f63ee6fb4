// RemoteSession against the loopback fake: replies without text become the
// timeline summary, GUI instructions are carried out through the API,
// heartbeat-only waits yield "still working" notices, a forgotten session is
// replaced.
#include "service/remote/remote_session.h"

#include <fstream>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/remote/remote_test_util.h"

namespace beatframe::remote {
namespace {

using testing_remote::SseHeartbeat;
using testing_remote::SseScript;
using testing_remote::SseText;
using testing_remote::SseToolCall;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSummary[] =
    "Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: \"Urban Dreams\" "
    "(0-3s)";

class RemoteSessionTest : public RemoteTestBase {
 protected:
  void SetUp() override {
    RemoteTestBase::SetUp();
    client_ = NewClient();
  }
  std::unique_ptr<RemoteSession> NewSession(RemoteSessionOptions options = {}) {
    options.export_dir = dir_.string();
    auto session = RemoteSession::Create(client_.get(), std::move(options));
    EXPECT_TRUE(session.ok()) << session.status();
    return session.ok() ? std::move(*session) : nullptr;
  }
  std::unique_ptr<RemoteClient> client_;
};

TEST_F(RemoteSessionTest, StreamWithoutTextRepliesWithTheTimelineSummary) {
  SseScript script;
  script.Add(SseToolCall("edit")).Add(SseHeartbeat(), 5).draft_after = SampleDraft();
  fake_.QueueSse(script);
  auto session = NewSession();
  std::string streamed;
  ReplyCallbacks callbacks;
  callbacks.on_text = [&](absl::string_view t) { streamed += std::string(t); };
  absl::StatusOr<Reply> reply = session->Send("add a title 'Urban Dreams'", callbacks);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_TRUE(reply->summarized_from_state);
  EXPECT_EQ(reply->text, kSummary);
  EXPECT_EQ(streamed, kSummary);
  EXPECT_EQ(fake_.requests_to("/api/state/").size(), 1u);

  // Another silent reply that changed nothing says so.
  fake_.QueueSse(SseScript().Add(SseHeartbeat()));
  reply = session->Send("again", callbacks);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_THAT(reply->text, HasSubstr("did not change"));
  EXPECT_THAT(reply->text, HasSubstr(kSummary));
}

TEST_F(RemoteSessionTest, ExportButtonIsCarriedOutInsteadOfShown) {
  fake_.SetInitialDraft(SampleDraft());
  fake_.SetExportPolls(2);
  fake_.SetExportPayload("video bytes");
  fake_.QueueSse(SseScript().Add(SseText("Your video is ready. ", true)).Add(
      SseText("Click the Export button to download it.", true)));
  auto session = NewSession();
  std::vector<std::string> notices;
  ReplyCallbacks callbacks;
  callbacks.on_notice = [&](absl::string_view n) { notices.emplace_back(n); };
  absl::StatusOr<Reply> reply = session->Send("make the video", callbacks);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_THAT(reply->text, HasSubstr("Your video is ready."));
  EXPECT_THAT(reply->text, Not(HasSubstr("Click")));
  EXPECT_THAT(reply->text, HasSubstr("Exported the video"));
  EXPECT_THAT(reply->actions, ElementsAre(GuiAction::kExport));
  ASSERT_TRUE(reply->exported.has_value());
  std::ifstream in(reply->exported->path, std::ios::binary);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()), "video bytes");
  EXPECT_EQ(reply->exported->polls, 3);
  EXPECT_EQ(notices.size(), 3u);  // one per poll
  EXPECT_EQ(Json::parse(fake_.requests_to("/api/render/proxy/lambda").at(0).body)["draft"], SampleDraft());
}

TEST_F(RemoteSessionTest, PreviewAndPanelInstructionsShowTheStateSummary) {
  fake_.SetInitialDraft(SampleDraft());
  fake_.QueueSse(SseScript().Add(SseText("Done! Preview in timeline to check it.")));
  fake_.QueueSse(SseScript().Add(SseText("Open the Media panel to see your uploads.")));
  auto session = NewSession();
  ASSERT_TRUE(session->Upload(WriteFile("a.mp3", 100)).ok());
  absl::StatusOr<Reply> reply = session->Send("fade the music", {});
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->text, std::string("Done! ") + kSummary + "\n");
  EXPECT_THAT(reply->actions, ElementsAre(GuiAction::kPreview));
  reply = session->Send("what do I have", {});
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->text, std::string(kSummary) + " (1 uploaded media file)\n");
}

TEST_F(RemoteSessionTest, DragAndDropIsSentBackAsAMessageOnce) {
  fake_.QueueSse(SseScript().Add(SseText("Drag the clip onto the second track.")));
  fake_.QueueSse(SseScript().Add(SseText("Moved the clip to track 2. Now drag it left.")));
  auto session = NewSession();
  absl::StatusOr<Reply> reply = session->Send("move the clip", {});
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->text, "Moved the clip to track 2. ");
  const auto runs = fake_.requests_to("/run_sse");
  ASSERT_EQ(runs.size(), 2u);  // the follow-up's own drag instruction is not sent again
  const std::string follow_up = Json::parse(runs[1].body)["new_message"]["parts"][0]["text"];
  EXPECT_THAT(follow_up, HasSubstr("Drag the clip onto the second track."));
  EXPECT_THAT(follow_up, HasSubstr("yourself"));
}

TEST_F(RemoteSessionTest, HeartbeatOnlyWaitingYieldsAStillWorkingNoticeEveryTwoMinutes) {
  SseScript script;
  for (int i = 0; i < 6; ++i) script.Add(SseHeartbeat());
  script.Add(SseText("Finished."));
  fake_.QueueSse(script);
  absl::Time fake_now = absl::UnixEpoch();
  RemoteSessionOptions options;
  options.now = [&] { return fake_now; };
  auto session = NewSession(options);
  std::vector<std::string> notices;
  ReplyCallbacks callbacks;
  callbacks.on_heartbeat = [&] { fake_now += absl::Seconds(50); };  // each heartbeat: 50 s of waiting
  callbacks.on_notice = [&](absl::string_view n) { notices.emplace_back(n); };
  absl::StatusOr<Reply> reply = session->Send("render", callbacks);
  ASSERT_TRUE(reply.ok()) << reply.status();
  // 300 s of heartbeats: notices at 150 s and 300 s (each 120 s after the last).
  EXPECT_EQ(reply->heartbeats, 6);
  EXPECT_EQ(reply->notices, 2);
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_THAT(notices[0], HasSubstr("Still working"));
  EXPECT_EQ(reply->text, "Finished.");
}

TEST_F(RemoteSessionTest, AForgottenSessionIsReplacedAndTheMessageResent) {
  auto session = NewSession();
  const std::string first = session->session_id();
  fake_.ForgetSessions();
  fake_.QueueSse(SseScript().Add(SseText("Hello again.")));
  std::vector<std::string> notices;
  ReplyCallbacks callbacks;
  callbacks.on_notice = [&](absl::string_view n) { notices.emplace_back(n); };
  absl::StatusOr<Reply> reply = session->Send("hi", callbacks);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->text, "Hello again.");
  EXPECT_NE(session->session_id(), first);
  EXPECT_EQ(session->sessions_opened(), 2);
  EXPECT_EQ(notices.size(), 1u);
}

TEST_F(RemoteSessionTest, ExportOfAnEmptyTimelineIsFailedPrecondition) {
  auto session = NewSession();
  EXPECT_EQ(session->Export((dir_ / "x.mp4").string()).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RemoteSession::Create(client_.get(), RemoteSessionOptions{}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace beatframe::remote
