// What a chat message asks for, in English or Chinese, decided by fixed word
// lists (deterministic, tested on a table of messages):
//   undo, revert, 撤销, 撤回, 上一步                  -> kUndo
//   export, download, 导出, 下载                      -> kExport (free; edits in the
//                                                        same message apply first)
//   credits, balance, 积分, 余额                      -> kCredits
//   status, show tracks, timeline, 状态, 轨道, 时间线 -> kStatus (the summary)
//   help, what can you do, 帮助                       -> kHelp
//   anything with edits                               -> kEdit (kGenerate without a draft)
//   generate, render, make a video, 生成, 渲染        -> kGenerate
//   anything else                                     -> kGenerate without a draft,
//                                                        kHelp (listing what works) with one
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/timeline/draft_edit.h"
#include "engine/timeline/edit_parser.h"
#include "engine/timeline/reply_language.h"

namespace beatframe {

enum class Intent { kGenerate, kEdit, kExport, kCredits, kStatus, kUndo, kHelp };
const char* IntentName(Intent intent);  // "generate", "edit", ...

struct RoutedMessage {
  Intent intent = Intent::kHelp;
  ReplyLanguage language = ReplyLanguage::kEnglish;
  // For kEdit, kGenerate and kExport: the edits to apply first (maybe none).
  std::vector<DraftEdit> edits;
  std::vector<std::string> problems;      // see ParsedEdits
  std::vector<std::string> unrecognized;  // see ParsedEdits
};

RoutedMessage RouteMessage(absl::string_view message, const ParseContext& context);

// The reply to a message nothing could be done with: what beatframe
// understands, with examples, in `language`.
std::string HelpText(ReplyLanguage language);

}  // namespace beatframe
