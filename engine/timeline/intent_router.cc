#include "engine/timeline/intent_router.h"

#include <algorithm>
#include <initializer_list>

#include "absl/strings/match.h"
#include "engine/timeline/message_text.h"

namespace beatframe {
namespace {

using Words = std::initializer_list<absl::string_view>;

// The message's words (quoted texts left out, so a title "Export Dreams"
// routes nowhere) and its non-ASCII text for Chinese keywords.
class MessageWords {
 public:
  explicit MessageWords(absl::string_view message) {
    for (const Clause& clause : SplitMessage(message)) {
      for (const Token& token : clause.tokens) tokens_.push_back(token.text);
      tokens_.push_back(",");  // phrases do not run across clauses
      text_ += clause.raw;
      text_ += "\n";
    }
  }
  bool Word(Words words) const {
    return std::any_of(words.begin(), words.end(), [&](absl::string_view word) {
      return std::find(tokens_.begin(), tokens_.end(), word) != tokens_.end();
    });
  }
  bool Phrase(Words words) const {
    for (size_t i = 0; i + words.size() <= tokens_.size(); ++i) {
      if (std::equal(words.begin(), words.end(), tokens_.begin() + static_cast<std::ptrdiff_t>(i))) return true;
    }
    return false;
  }
  bool Zh(Words keywords) const {
    return std::any_of(keywords.begin(), keywords.end(),
                       [&](absl::string_view keyword) { return absl::StrContains(text_, keyword); });
  }
  size_t word_count() const {
    return static_cast<size_t>(std::count_if(tokens_.begin(), tokens_.end(), [](const std::string& t) { return t != ","; }));
  }

 private:
  std::vector<std::string> tokens_;
  std::string text_;
};

bool AsksUndo(const MessageWords& m, bool has_edits) {
  if (m.Word({"undo", "revert"}) || m.Zh({"撤销", "撤回", "上一步", "恢复上一版"})) return true;
  return !has_edits && (m.Phrase({"go", "back"}) || m.Phrase({"take", "that", "back"}));
}

bool AsksExport(const MessageWords& m) { return m.Word({"export", "download"}) || m.Zh({"导出", "下载"}); }

bool AsksCredits(const MessageWords& m) {
  return m.Word({"balance"}) || (m.Word({"credits", "credit"}) && !m.Word({"add", "roll", "title", "caption"})) ||
         m.Zh({"积分", "余额", "点数", "额度"});
}

bool AsksStatus(const MessageWords& m) {
  if (m.Word({"status", "summary"}) || m.Zh({"状态", "轨道", "时间线", "查看草稿", "当前草稿"})) return true;
  const bool looks = m.Word({"show", "list", "view", "see", "display", "what"});
  const bool thing = m.Word({"tracks", "timeline", "draft"});
  return thing && (looks || m.word_count() <= 2);
}

bool AsksHelp(const MessageWords& m) {
  return m.Word({"help"}) || m.Phrase({"what", "can", "you", "do"}) || m.Zh({"帮助", "能做什么", "怎么用"});
}

bool AsksGenerate(const MessageWords& m) {
  return m.Word({"generate", "render", "rerender", "create", "again"}) || m.Phrase({"make", "a", "video"}) ||
         m.Phrase({"make", "me", "a", "video"}) || m.Phrase({"new", "video"}) || m.Phrase({"start", "over"}) ||
         m.Zh({"生成", "渲染", "制作", "重新", "再来", "做一个"});
}

}  // namespace

const char* IntentName(Intent intent) {
  switch (intent) {
    case Intent::kGenerate:
      return "generate";
    case Intent::kEdit:
      return "edit";
    case Intent::kExport:
      return "export";
    case Intent::kCredits:
      return "credits";
    case Intent::kStatus:
      return "status";
    case Intent::kUndo:
      return "undo";
    case Intent::kHelp:
      return "help";
  }
  return "help";
}

RoutedMessage RouteMessage(absl::string_view message, const ParseContext& context) {
  RoutedMessage routed;
  routed.language = DetectLanguage(message);
  const MessageWords words(message);
  ParsedEdits parsed = ParseEdits(message, context, routed.language);
  const bool has_edits = !parsed.edits.empty();
  if (AsksUndo(words, has_edits)) {
    routed.intent = Intent::kUndo;
    return routed;  // an undo stands alone; other words in it are not applied
  }
  routed.edits = std::move(parsed.edits);
  routed.problems = std::move(parsed.problems);
  routed.unrecognized = std::move(parsed.unrecognized);
  if (AsksExport(words)) {
    routed.intent = Intent::kExport;
  } else if (AsksCredits(words) && !has_edits) {
    routed.intent = Intent::kCredits;
  } else if (AsksStatus(words) && !has_edits) {
    routed.intent = Intent::kStatus;
  } else if (AsksHelp(words) && !has_edits) {
    routed.intent = Intent::kHelp;
  } else if (has_edits) {
    routed.intent = context.has_draft ? Intent::kEdit : Intent::kGenerate;
  } else if (AsksGenerate(words) || !context.has_draft) {
    routed.intent = Intent::kGenerate;
  } else {
    // Nothing to act on: problems (if any) and the help text answer it.
    routed.intent = routed.problems.empty() ? Intent::kHelp : Intent::kEdit;
  }
  return routed;
}

std::string HelpText(ReplyLanguage language) {
  return InLanguage(
      language,
      "Here is what I can do: shape (vertical / 9:16 for TikTok, Reels, Shorts; square; 16:9 for YouTube), "
      "resolution (720p, 1080p), style (pulse, bars, waveform, particles, tunnel, gradient), palette (neon, pastel, "
      "dark, warm, mono, cover), a title (add the title 'Urban Dreams' for the first 3 seconds), captions (add the "
      "caption 'Hello' from 0:30 to 0:45), trim (only the first 30 seconds, from 1:00 to 1:30, only the chorus), "
      "fades (fade in 2 seconds), background music from a second upload (add background music at 30%), music volume, "
      "how often the visuals change (on every beat, every bar, on section changes), calmer or more energetic, "
      "undo, status, export, credits.",
      "我可以：改画面比例（竖屏/9:16 适合抖音、快手；方形；横屏/16:9），分辨率（720p、1080p），风格（脉冲、频谱、"
      "波形、粒子、隧道、渐变），配色（霓虹、粉彩、暗色、暖色、黑白、封面），标题（加标题“城市梦想”前3秒），"
      "字幕（加字幕“你好”从0:30到0:45），剪辑（只要前30秒、1:00到1:30、只要副歌），淡入淡出（淡入2秒），"
      "背景音乐（先上传第二首，再说“加背景音乐30%”），音量，画面切换频率（每拍、每小节、每段），"
      "更平静或更有活力，以及撤销、状态、导出、积分。");
}

}  // namespace beatframe
