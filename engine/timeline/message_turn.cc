#include "engine/timeline/message_turn.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/timeline/draft_summary.h"

namespace beatframe {
namespace {

std::string Unrecognized(const RoutedMessage& routed) {
  if (routed.unrecognized.empty()) return "";
  std::vector<std::string> quoted;
  for (const std::string& text : routed.unrecognized) quoted.push_back(absl::StrCat("\"", text, "\""));
  return InLanguage(routed.language, absl::StrCat("I could not act on ", absl::StrJoin(quoted, ", "), "."),
                    absl::StrCat("无法处理：", absl::StrJoin(quoted, "、"), "。"));
}

std::string Join(const std::vector<std::string>& parts) {
  std::vector<std::string> kept;
  for (const std::string& part : parts) {
    if (!part.empty()) kept.push_back(part);
  }
  return absl::StrJoin(kept, " ");
}

// Applies the message's edits; the sentences, problems and what was not understood.
std::string ApplyEdits(const RoutedMessage& routed, DraftHistory& history, TurnOutcome& outcome) {
  std::vector<std::string> parts;
  if (!routed.edits.empty()) {
    const EditBatchResult batch = history.ApplyAll(routed.edits, routed.language);
    outcome.draft_changed = batch.committed;
    parts.push_back(batch.Reply());
  }
  parts.insert(parts.end(), routed.problems.begin(), routed.problems.end());
  parts.push_back(Unrecognized(routed));
  return Join(parts);
}

}  // namespace

TurnOutcome RunTurn(const RoutedMessage& routed, DraftHistory* history) {
  TurnOutcome outcome;
  const ReplyLanguage language = routed.language;
  if (routed.intent == Intent::kCredits) return outcome;
  if (routed.intent == Intent::kHelp) {
    outcome.reply = Join({Join(routed.problems), Unrecognized(routed), HelpText(language)});
    return outcome;
  }
  if (history == nullptr) {
    if (routed.intent == Intent::kGenerate) {
      outcome.render = true;
      return outcome;
    }
    outcome.reply = InLanguage(language, "There is no draft yet: upload a track first, then tell me what you want.",
                               "还没有草稿：请先上传一首曲子，然后告诉我你想要什么。");
    return outcome;
  }
  switch (routed.intent) {
    case Intent::kUndo: {
      absl::StatusOr<std::string> undone = history->Undo(language);
      outcome.draft_changed = undone.ok();
      outcome.render = false;
      outcome.reply = undone.ok() ? *undone : std::string(undone.status().message());
      return outcome;
    }
    case Intent::kStatus:
      outcome.reply = Join({InLanguage(language, "", "当前时间线："), SummarizeDraft(history->draft()),
                            InLanguage(language, "Settings: ", "设置：") + DescribeSettings(history->draft(), language)});
      return outcome;
    case Intent::kEdit: {
      outcome.reply = ApplyEdits(routed, *history, outcome);
      outcome.render = outcome.draft_changed;
      if (!outcome.draft_changed) {
        const std::string hint = InLanguage(language, "Nothing changed.", "没有任何改动。");
        outcome.reply = outcome.reply.empty() ? Join({hint, HelpText(language)}) : Join({outcome.reply, hint});
      }
      return outcome;
    }
    case Intent::kGenerate:
    case Intent::kExport: {
      const bool exporting = routed.intent == Intent::kExport;
      outcome.reply = Join({ApplyEdits(routed, *history, outcome),
                            exporting ? InLanguage(language, "Exporting the current draft.", "正在导出当前草稿。")
                                      : InLanguage(language, "Rendering the video.", "正在生成视频。")});
      outcome.render = true;
      return outcome;
    }
    case Intent::kCredits:
    case Intent::kHelp:
      break;
  }
  return outcome;
}

}  // namespace beatframe
