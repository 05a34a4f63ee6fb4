// Revisions and undo, and whole chat turns (routing + edits + reply).
#include <gtest/gtest.h>

#include "engine/timeline/draft_history.h"
#include "engine/timeline/draft_summary.h"
#include "engine/timeline/intent_router.h"
#include "engine/timeline/message_turn.h"
#include "tests/timeline/draft_test_util.h"

namespace beatframe {
namespace {

using draft_testing::MakeContext;
using draft_testing::MakeDraft;

DraftHistory MakeHistory() {
  absl::StatusOr<DraftHistory> history = DraftHistory::Create(MakeDraft(), "Created from Neon City");
  EXPECT_TRUE(history.ok()) << history.status();
  return *std::move(history);
}

TEST(DraftHistoryTest, EveryChangeIsARevisionAndUndoGoesBackOneStepAtATime) {
  DraftHistory history = MakeHistory();
  EXPECT_EQ(history.current().number, 1);
  ASSERT_TRUE(history.Apply(SetAspectEdit{"9:16"}).ok());
  const Draft vertical = history.draft();
  ASSERT_TRUE(history.Apply(SetTitleEdit{"Urban Dreams", 0, 3000}).ok());
  EXPECT_EQ(history.current().number, 3);
  EXPECT_EQ(history.current().description, "Added the title \"Urban Dreams\" (0-3s).");

  absl::StatusOr<std::string> undone = history.Undo();
  ASSERT_TRUE(undone.ok());
  EXPECT_EQ(*undone, "Undid: Added the title \"Urban Dreams\" (0-3s).");
  EXPECT_EQ(history.current().number, 4);
  EXPECT_EQ(history.draft(), vertical);

  ASSERT_TRUE(history.Undo().ok());
  EXPECT_EQ(history.current().number, 5);
  EXPECT_EQ(history.draft(), MakeDraft());

  const absl::StatusOr<std::string> nothing = history.Undo();
  EXPECT_EQ(nothing.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(history.current().number, 5);
  for (size_t i = 0; i < history.revisions().size(); ++i) {
    EXPECT_EQ(history.revisions()[i].number, static_cast<int64_t>(i + 1));
  }
}

TEST(DraftHistoryTest, AnEditAfterUndoBranchesFromTheUndoneState) {
  DraftHistory history = MakeHistory();
  ASSERT_TRUE(history.Apply(SetAspectEdit{"9:16"}).ok());
  ASSERT_TRUE(history.Undo().ok());
  ASSERT_TRUE(history.Apply(SetStyleEdit{"bars"}).ok());
  EXPECT_EQ(history.current().number, 4);
  EXPECT_EQ(history.draft().settings.aspect, "16:9");
  ASSERT_TRUE(history.Undo().ok());
  EXPECT_EQ(history.draft(), MakeDraft());
}

TEST(DraftHistoryTest, NoChangeMakesNoRevision) {
  DraftHistory history = MakeHistory();
  ASSERT_TRUE(history.Apply(SetAspectEdit{"16:9"}).ok());
  EXPECT_EQ(history.current().number, 1);
  EXPECT_FALSE(history.Apply(TrimEdit{0, 500000}).ok());
  EXPECT_EQ(history.current().number, 1);
}

TEST(DraftHistoryTest, OneMessageIsOneRevisionEvenWhenAnEditFails) {
  DraftHistory history = MakeHistory();
  const EditBatchResult batch =
      history.ApplyAll({SetAspectEdit{"9:16"}, TrimEdit{0, 999000}, SetTitleEdit{"Urban Dreams", 0, 3000}});
  EXPECT_TRUE(batch.committed);
  EXPECT_EQ(batch.revision, 2);
  EXPECT_EQ(batch.changes.size(), 2u);
  ASSERT_EQ(batch.errors.size(), 1u);
  EXPECT_EQ(batch.errors[0].code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(history.draft().settings.aspect, "9:16");
  EXPECT_NE(history.draft().FindTrack(TrackRole::kTitle), nullptr);
  EXPECT_NE(batch.Reply().find("goes past its end"), std::string::npos) << batch.Reply();
  ASSERT_TRUE(history.Undo().ok());
  EXPECT_EQ(history.draft(), MakeDraft());
}

TEST(DraftHistoryTest, UndoMustStandAlone) {
  DraftHistory history = MakeHistory();
  const EditBatchResult batch = history.ApplyAll({SetAspectEdit{"9:16"}, UndoEdit{}});
  ASSERT_EQ(batch.errors.size(), 1u);
  EXPECT_EQ(batch.errors[0].code(), absl::StatusCode::kInvalidArgument);
  const EditBatchResult undo = history.ApplyAll({UndoEdit{}});
  EXPECT_TRUE(undo.committed);
  EXPECT_EQ(history.draft(), MakeDraft());
}

TEST(DraftHistoryTest, RebuildsFromStoredRevisions) {
  DraftHistory history = MakeHistory();
  ASSERT_TRUE(history.Apply(SetAspectEdit{"9:16"}).ok());
  ASSERT_TRUE(history.Undo().ok());
  std::vector<Revision> stored(history.revisions().rbegin(), history.revisions().rend());
  absl::StatusOr<DraftHistory> rebuilt = DraftHistory::FromRevisions(stored);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_EQ(rebuilt->revisions(), history.revisions());
  EXPECT_EQ(rebuilt->Undo().status().code(), absl::StatusCode::kFailedPrecondition);

  stored = history.revisions();
  stored[1].parent = 7;
  EXPECT_EQ(DraftHistory::FromRevisions(stored).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DraftHistory::FromRevisions({}).status().code(), absl::StatusCode::kInvalidArgument);
}

TurnOutcome Turn(const std::string& message, DraftHistory* history, ParseContext context = MakeContext()) {
  if (history != nullptr) {
    const ParseContext from_draft = ContextForDraft(history->draft());
    context.video_duration_ms = from_draft.video_duration_ms;
    context.has_title = from_draft.has_title;
    context.title_start_ms = from_draft.title_start_ms;
    context.has_background_music = from_draft.has_background_music;
  }
  return RunTurn(RouteMessage(message, context), history);
}

TEST(MessageTurnTest, SeveralEditsInOneMessageAllApplyAndTheReplySaysSo) {
  DraftHistory history = MakeHistory();
  const TurnOutcome outcome = Turn("make it vertical, add the title 'Urban Dreams' for the first 3 seconds", &history);
  EXPECT_TRUE(outcome.draft_changed);
  EXPECT_TRUE(outcome.render);
  EXPECT_EQ(outcome.reply,
            "Aspect is now 9:16 (vertical, 1080x1920). Added the title \"Urban Dreams\" (0-3s).");
  EXPECT_EQ(SummarizeDraft(history.draft()),
            "Timeline (3 tracks): 1. Video: pulse (0-180s) 2. Music: Neon City (0-180s, 100%) "
            "3. Title: \"Urban Dreams\" (0-3s)");
}

TEST(MessageTurnTest, RepliesInChinese) {
  DraftHistory history = MakeHistory();
  const TurnOutcome outcome = Turn("改成竖屏，只要前30秒", &history);
  EXPECT_TRUE(outcome.draft_changed);
  EXPECT_NE(outcome.reply.find("竖屏"), std::string::npos) << outcome.reply;
  EXPECT_NE(outcome.reply.find("30 秒"), std::string::npos) << outcome.reply;
  EXPECT_EQ(history.draft().duration_ms(), 30000);
}

TEST(MessageTurnTest, UnknownRequestsListWhatWorks) {
  DraftHistory history = MakeHistory();
  const TurnOutcome outcome = Turn("make it purple", &history);
  EXPECT_FALSE(outcome.draft_changed);
  EXPECT_NE(outcome.reply.find("\"make it purple\""), std::string::npos) << outcome.reply;
  EXPECT_NE(outcome.reply.find("Here is what I can do"), std::string::npos) << outcome.reply;
  const TurnOutcome chinese = Turn("变成紫色", &history);
  EXPECT_NE(chinese.reply.find("我可以"), std::string::npos) << chinese.reply;
}

TEST(MessageTurnTest, ImpossibleEditsSayWhy) {
  DraftHistory history = MakeHistory();
  ParseContext no_second_track = MakeContext();
  no_second_track.background_asset_id.clear();
  const TurnOutcome outcome = Turn("add background music at 30%", &history, no_second_track);
  EXPECT_FALSE(outcome.draft_changed);
  EXPECT_NE(outcome.reply.find("upload one first"), std::string::npos) << outcome.reply;
  const TurnOutcome four_five = Turn("make it 4:5", &history);
  EXPECT_NE(four_five.reply.find("1:1"), std::string::npos) << four_five.reply;
}

TEST(MessageTurnTest, StatusUndoExportAndNoDraft) {
  DraftHistory history = MakeHistory();
  const TurnOutcome status = Turn("status", &history);
  EXPECT_EQ(status.reply.rfind("Timeline (2 tracks): 1. Video: pulse (0-180s)", 0), 0u) << status.reply;
  EXPECT_NE(status.reply.find("Settings: 16:9, 1080p, neon palette"), std::string::npos) << status.reply;
  EXPECT_NE(Turn("撤销", &history).reply.find("没有可撤销"), std::string::npos);
  Turn("calmer", &history);
  const TurnOutcome undo = Turn("undo", &history);
  EXPECT_TRUE(undo.draft_changed);
  EXPECT_EQ(undo.reply.rfind("Undid: Calmer", 0), 0u) << undo.reply;
  const TurnOutcome exported = Turn("export in 720p", &history);
  EXPECT_TRUE(exported.render);
  EXPECT_EQ(history.draft().settings.resolution, 720);
  EXPECT_NE(exported.reply.find("Exporting"), std::string::npos);
  const TurnOutcome no_draft = Turn("status", nullptr, ParseContext{});
  EXPECT_NE(no_draft.reply.find("upload a track first"), std::string::npos);
  const TurnOutcome generate = Turn("a neon video", nullptr, ParseContext{});
  EXPECT_TRUE(generate.render);
}

TEST(MessageTurnTest, EveryMessageGetsAReply) {
  for (const char* message : {"make it vertical", "only the chorus", "fade in", "calmer", "4K", "status", "undo",
                              "export", "help", "hello", "???", "", "竖屏", "导出", "你好", "make the title bigger"}) {
    DraftHistory history = MakeHistory();
    const TurnOutcome outcome = Turn(message, &history);
    EXPECT_FALSE(outcome.reply.empty()) << "'" << message << "'";
  }
}

}  // namespace
}  // namespace beatframe
