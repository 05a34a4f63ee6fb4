// Reading a message clause by clause: first what a word names (cut rate,
// aspect, resolution), then one target with text and time (title, caption,
// background music, fade, trim, volume), then the look (intensity, style,
// palette). Word tables live in edit_parser_words.cc.
#include "engine/timeline/edit_parser.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/timeline/draft_summary.h"
#include "engine/timeline/edit_parser_internal.h"
#include "engine/timeline/time_phrases.h"

namespace beatframe {
namespace {

using edit_parser_internal::ClauseReader;

constexpr int64_t kDefaultFadeMs = 2000;
// A caption given only a start ("at 0:12") shows this long.
constexpr int64_t kDefaultCaptionMs = 4000;
constexpr int kVolumeStepPercent = 15;

enum class TextTarget { kNone, kTitle, kCaption };

struct ClauseState {
  const ParseContext& context;
  ReplyLanguage language;
  ParsedEdits& out;
  TextTarget last_target = TextTarget::kNone;  // a clause of only a quote continues it
};

// Where a text's words after its keyword stop: the time, the verb, the end.
constexpr absl::string_view kEnglishStops[] = {
    "for", "from", "at", "between", "in", "on", "during", "until", "till", "starting", "lasting", "over", "with",
    "only", "last", "first", "bigger", "smaller", "larger", "longer", "shorter", "appear", "appears", "show",
    "shows", "stay", "stays", "disappear", "please", "\x01"};
constexpr absl::string_view kEnglishConnectors[] = {"to", "as", "is", "be", "should", "will", "called", "named",
                                                    "saying", "says", "that", "reading", "reads", "text", "of"};
constexpr absl::string_view kChineseStops[] = {"前", "从", "在", "持续", "显示", "第", "最后", "放", "只", "时长",
                                               "长度", "出现", "，", "\x01"};
constexpr absl::string_view kChineseConnectors[] = {"：", ":", "是", "为", "叫", "改成", "改为", "换成", "写着", "写",
                                                    "内容是", "设为", "设置为", " "};

// The unquoted text written after `keyword` ("add the title Midnight Drive
// for 3 seconds" -> "Midnight Drive"); empty when there is none.
std::string TextAfterKeyword(const Clause& clause, absl::string_view keyword) {
  const std::string& raw = clause.raw;
  const bool chinese = static_cast<unsigned char>(keyword[0]) >= 0x80;
  size_t at = std::string::npos;
  if (chinese) {
    at = raw.find(keyword.data(), 0, keyword.size());
  } else {
    for (size_t from = 0; (from = clause.lower.find(keyword.data(), from, keyword.size())) != std::string::npos; ++from) {
      const size_t end = from + keyword.size();
      const bool starts = from == 0 || !absl::ascii_isalnum(static_cast<unsigned char>(raw[from - 1]));
      const bool ends = end == raw.size() || !absl::ascii_isalnum(static_cast<unsigned char>(raw[end]));
      if (starts && ends) {
        at = from;
        break;
      }
    }
  }
  if (at == std::string::npos) return "";
  absl::string_view rest = absl::string_view(raw).substr(at + keyword.size());
  if (chinese) {
    for (bool stripped = true; stripped;) {
      stripped = false;
      for (absl::string_view connector : kChineseConnectors) {
        if (absl::ConsumePrefix(&rest, connector)) stripped = true;
      }
    }
    size_t stop = rest.size();
    for (absl::string_view word : kChineseStops) stop = std::min(stop, rest.find(word));
    for (size_t i = 0; i < stop; ++i) {
      if (absl::ascii_isdigit(static_cast<unsigned char>(rest[i]))) stop = i;
    }
    std::string text(absl::StripAsciiWhitespace(rest.substr(0, stop)));
    for (absl::string_view particle : {"吧", "啊", "呢", "了"}) {
      if (absl::EndsWith(text, particle)) text.resize(text.size() - particle.size());
    }
    return std::string(absl::StripAsciiWhitespace(text));
  }
  std::vector<std::string> words;
  bool leading = true;
  for (absl::string_view word : absl::StrSplit(rest, ' ', absl::SkipWhitespace())) {
    const std::string lower = absl::AsciiStrToLower(absl::StripAsciiWhitespace(word));
    const std::string bare(absl::StripTrailingAsciiWhitespace(lower));
    if (std::find(std::begin(kEnglishStops), std::end(kEnglishStops), bare) != std::end(kEnglishStops)) break;
    if (leading && (bare == ":" || bare == "=" ||
                    std::find(std::begin(kEnglishConnectors), std::end(kEnglishConnectors), bare) !=
                        std::end(kEnglishConnectors))) {
      continue;
    }
    leading = false;
    words.emplace_back(word);
  }
  std::string text = absl::StrJoin(words, " ");
  while (!text.empty() && (text.front() == ':' || text.front() == '=')) text.erase(0, 1);
  text = std::string(absl::StripAsciiWhitespace(text));
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "a" || lower == "the" || lower == "it" || lower == "one") return "";
  return text;
}

// The clause's text for a title or caption: its first quote, else the words
// after the keyword, which are then consumed (a title "Midnight Drive" picks
// no palette).
std::optional<std::string> TextFor(ClauseReader& reader, std::initializer_list<absl::string_view> keywords) {
  const Clause& clause = reader.clause();
  if (!clause.quotes.empty()) return clause.quotes.front();
  for (absl::string_view keyword : keywords) {
    std::string text = TextAfterKeyword(clause, keyword);
    if (text.empty()) continue;
    for (const Token& token : Tokenize(text)) reader.TakeWord(token.text);
    reader.TakeZh(text);
    return text;
  }
  return std::nullopt;
}

bool ReadTitle(ClauseReader& reader, const TimePhrase& time, ClauseState& state, bool keyword_found) {
  if (!keyword_found) return false;
  state.last_target = TextTarget::kTitle;
  if (edit_parser_internal::TakeRemoveVerb(reader)) {
    state.out.edits.push_back(RemoveTitleEdit{});
    return true;
  }
  SetTitleEdit edit;
  edit.text = TextFor(reader, {"titled", "title", "heading", "标题", "片名", "题目"});
  const int64_t video_ms = state.context.video_duration_ms;
  if (time.start_ms) edit.start_ms = *time.start_ms;
  if (time.end_ms) edit.end_ms = *time.end_ms;
  if (time.from_end && time.length_ms) {
    edit.start_ms = std::max<int64_t>(0, video_ms - *time.length_ms);
    edit.end_ms = video_ms;
  } else if (time.length_ms) {
    const int64_t start = edit.start_ms.value_or(state.context.has_title ? state.context.title_start_ms : 0);
    edit.start_ms = start;
    edit.end_ms = start + *time.length_ms;
  }
  state.out.edits.push_back(edit);
  return true;
}

bool ReadCaption(ClauseReader& reader, const TimePhrase& time, ClauseState& state, bool keyword_found) {
  if (!keyword_found) return false;
  state.last_target = TextTarget::kCaption;
  const std::optional<std::string> text =
      TextFor(reader, {"captions", "caption", "subtitles", "subtitle", "text", "字幕", "文字", "文案"});
  if (edit_parser_internal::TakeRemoveVerb(reader)) {
    RemoveCaptionEdit edit;
    const bool all = reader.TakeWord("all") || reader.TakeWord("every") || reader.TakeAnyZh({"所有", "全部"});
    if (!all) {
      edit.text = text;
      edit.at_ms = time.start_ms;
    }
    state.out.edits.push_back(edit);
    return true;
  }
  if (!text) {
    state.out.problems.push_back(InLanguage(state.language,
                                            "Which caption text? Put it in quotes, e.g. add the caption 'Hello' from "
                                            "0:30 to 0:45.",
                                            "字幕写什么？请用引号写出文字，例如：加字幕“你好”从0:30到0:45。"));
    return true;
  }
  AddCaptionEdit edit;
  edit.text = *text;
  const int64_t video_ms = state.context.video_duration_ms;
  if (time.from_end && time.length_ms) {
    edit.start_ms = std::max<int64_t>(0, video_ms - *time.length_ms);
  } else {
    edit.start_ms = time.start_ms.value_or(0);
    if (time.end_ms) {
      edit.end_ms = *time.end_ms;
    } else if (time.length_ms) {
      edit.end_ms = edit.start_ms + *time.length_ms;
    } else if (time.start_ms) {
      edit.end_ms = edit.start_ms + kDefaultCaptionMs;
    }
  }
  state.out.edits.push_back(edit);
  return true;
}

bool ReadBackground(ClauseReader& reader, std::optional<int> percent, ClauseState& state) {
  const bool named = reader.TakePhrase({"background", "music"}) || reader.TakePhrase({"background", "track"}) ||
                     reader.TakePhrase({"background", "song"}) || reader.TakeWord("bgm") ||
                     reader.TakePhrase({"second", "track"}) || reader.TakePhrase({"second", "song"}) ||
                     reader.TakePhrase({"backing", "track"}) || reader.TakePhrase({"other", "track"}) ||
                     reader.TakePhrase({"music", "bed"}) ||
                     reader.TakeAnyZh({"背景音乐", "背景乐", "背景歌曲", "第二首", "另一首"});
  if (!named) return false;
  reader.TakeAnyWord({"volume", "music"});
  reader.TakeAnyZh({"音量"});
  if (edit_parser_internal::TakeRemoveVerb(reader)) {
    state.out.edits.push_back(RemoveBackgroundMusicEdit{});
    return true;
  }
  const bool add = reader.TakeAnyWord({"add", "use", "put", "mix", "include", "play", "with"}) ||
                   reader.TakeAnyZh({"添加", "加上", "加", "用", "配", "放"});
  const bool louder = reader.TakeAnyWord({"louder", "up", "raise", "higher", "boost"}) ||
                      reader.TakeAnyZh({"大声", "调高", "调大", "提高", "响"});
  const bool quieter = reader.TakeAnyWord({"quieter", "softer", "lower", "down", "reduce"}) ||
                       reader.TakeAnyZh({"小声", "调低", "调小", "降低", "轻"});
  if (state.context.has_background_music && !add && (percent || louder || quieter)) {
    if (percent) {
      state.out.edits.push_back(SetVolumeEdit{true, *percent, false});
    } else {
      state.out.edits.push_back(SetVolumeEdit{true, louder ? kVolumeStepPercent : -kVolumeStepPercent, true});
    }
    return true;
  }
  state.out.edits.push_back(AddBackgroundMusicEdit{state.context.background_asset_id, state.context.background_name,
                                                   percent.value_or(kDefaultBackgroundVolumePercent)});
  return true;
}

bool ReadFade(ClauseReader& reader, const TimePhrase& time, ClauseState& state) {
  bool in = false, out = false;
  if (reader.TakePhrase({"fade", "in", "and", "out"}) || reader.TakePhrase({"fade", "in", "/", "out"}) ||
      reader.TakePhrase({"fade", "in", "&", "out"})) {
    in = out = true;
  }
  in |= reader.TakePhrase({"fade", "in"}) || reader.TakePhrase({"fade", "-", "in"}) || reader.TakeWord("fadein") ||
        reader.TakeAnyZh({"淡入", "渐入"});
  out |= reader.TakePhrase({"fade", "out"}) || reader.TakePhrase({"fade", "-", "out"}) || reader.TakeWord("fadeout") ||
         reader.TakeAnyZh({"淡出", "渐出"});
  if (!in && !out && reader.TakeAnyWord({"fade", "fades", "fading"})) in = out = true;
  if (!in && !out) return false;
  int64_t ms = kDefaultFadeMs;
  if (time.length_ms) {
    ms = *time.length_ms;
  } else if (time.start_ms && time.end_ms) {
    ms = *time.end_ms - *time.start_ms;
  }
  if (edit_parser_internal::TakeRemoveVerb(reader)) ms = 0;
  FadeEdit edit;
  if (in) edit.fade_in_ms = ms;
  if (out) edit.fade_out_ms = ms;
  state.out.edits.push_back(edit);
  return true;
}

bool ReadVolume(ClauseReader& reader, std::optional<int> percent, ClauseState& state) {
  if (reader.TakeAnyWord({"mute"}) || reader.TakeAnyZh({"静音"})) {
    state.out.edits.push_back(SetVolumeEdit{false, 0, false});
    return true;
  }
  const bool named = reader.TakeAnyWord({"volume"}) || reader.TakeAnyZh({"音量"});
  const bool louder = reader.TakeAnyWord({"louder", "up", "raise", "boost"}) ||
                      reader.TakeAnyZh({"大声", "调高", "调大", "提高", "响一点"});
  const bool quieter = reader.TakeAnyWord({"quieter", "softer", "down"}) ||
                       reader.TakeAnyZh({"小声", "调低", "调小", "降低", "轻一点"});
  const bool music = reader.AnyWord({"music", "song", "track", "audio"}) || reader.AnyZh({"音乐"});
  if (!named && !louder && !quieter && !(music && percent)) return false;
  reader.TakeAnyWord({"music", "song", "track", "audio", "the"});
  reader.TakeAnyZh({"音乐"});
  if (percent) {
    state.out.edits.push_back(SetVolumeEdit{false, *percent, false});
  } else if (louder || quieter) {
    state.out.edits.push_back(SetVolumeEdit{false, louder ? kVolumeStepPercent : -kVolumeStepPercent, true});
  } else {
    return false;
  }
  return true;
}

struct SectionWord {
  absl::string_view word;
  absl::string_view label;
};
constexpr SectionWord kSectionWords[] = {
    {"chorus", "chorus"}, {"refrain", "chorus"}, {"hook", "chorus"}, {"verse", "verse"}, {"intro", "intro"},
    {"outro", "outro"},   {"bridge", "bridge"},  {"副歌", "chorus"}, {"高潮", "chorus"}, {"主歌", "verse"},
    {"前奏", "intro"},    {"尾奏", "outro"},     {"桥段", "bridge"},
};

// "only the (second) chorus": the section's range, or a problem when unknown.
bool ReadSectionTrim(ClauseReader& reader, ClauseState& state) {
  const SectionWord* found = nullptr;
  for (const SectionWord& entry : kSectionWords) {
    if (reader.TakeWord(entry.word) || reader.TakeZh(entry.word)) {
      found = &entry;
      break;
    }
  }
  if (found == nullptr) return false;
  reader.TakeAnyWord({"only", "just", "keep", "use", "trim", "cut", "the", "to"});
  reader.TakeAnyZh({"只要", "只保留", "保留", "只用", "截取"});
  int ordinal = 1;  // 1-based; -1 is the last
  if (reader.TakeAnyWord({"second", "2nd"}) || reader.TakeZh("第二")) ordinal = 2;
  if (reader.TakeAnyWord({"third", "3rd"}) || reader.TakeZh("第三")) ordinal = 3;
  if (reader.TakeAnyWord({"last", "final"}) || reader.TakeZh("最后")) ordinal = -1;
  reader.TakeAnyWord({"first", "1st"});
  reader.TakeZh("第一");
  std::vector<const Section*> matches;
  for (const Section& section : state.context.sections) {
    if (section.label == found->label) matches.push_back(&section);
  }
  const std::string label(found->label);
  if (state.context.sections.empty()) {
    state.out.problems.push_back(InLanguage(
        state.language,
        absl::StrCat("I don't know where the ", label, " is yet: the track's sections are not analysed. Give the times "
                     "instead, e.g. only from 1:00 to 1:30."),
        absl::StrCat("还不知道", found->word, "在哪里：曲子的段落还没有分析。请直接给出时间，例如：只要1:00到1:30。")));
    return true;
  }
  const size_t index = ordinal == -1 ? matches.size() - 1 : static_cast<size_t>(ordinal - 1);
  if (matches.empty() || index >= matches.size()) {
    std::vector<std::string> labels;
    for (const Section& section : state.context.sections) labels.push_back(section.label);
    state.out.problems.push_back(InLanguage(
        state.language, absl::StrCat("This track has no such ", label, "; its sections are ", absl::StrJoin(labels, ", "), "."),
        absl::StrCat("这首曲子没有这个段落；它的段落是：", absl::StrJoin(labels, "、"), "。")));
    return true;
  }
  const Section& section = *matches[index];
  state.out.edits.push_back(TrimEdit{static_cast<int64_t>(section.start_s * 1000.0 + 0.5),
                                     static_cast<int64_t>(section.end_s * 1000.0 + 0.5)});
  return true;
}

std::optional<TrimEdit> TrimFromTime(const TimePhrase& time, const ParseContext& context) {
  if (time.from_end && time.length_ms) {
    return TrimEdit{std::max<int64_t>(0, context.song_duration_ms - *time.length_ms), std::nullopt};
  }
  if (time.start_ms && time.end_ms) return TrimEdit{*time.start_ms, *time.end_ms};
  if (time.start_ms) {
    if (time.length_ms) return TrimEdit{*time.start_ms, *time.start_ms + *time.length_ms};
    return TrimEdit{*time.start_ms, std::nullopt};
  }
  if (time.length_ms) return TrimEdit{0, *time.length_ms};
  return std::nullopt;
}

bool ReadTrim(ClauseReader& reader, const TimePhrase& time, ClauseState& state) {
  if (reader.TakePhrase({"whole", "song"}) || reader.TakePhrase({"whole", "track"}) ||
      reader.TakePhrase({"full", "song"}) || reader.TakePhrase({"full", "track"}) ||
      reader.TakePhrase({"full", "length"}) || reader.TakePhrase({"entire", "song"}) ||
      reader.TakePhrase({"entire", "track"}) || reader.TakePhrase({"no", "trim"}) || reader.TakeWord("untrim") ||
      reader.TakeAnyZh({"整首", "完整", "全曲", "不剪"})) {
    reader.TakeAnyWord({"use", "play", "the", "back", "to"});
    state.out.edits.push_back(TrimEdit{0, std::nullopt});
    return true;
  }
  if (ReadSectionTrim(reader, state)) return true;
  const bool strong = reader.TakeAnyWord({"trim", "shorten", "crop", "clip"}) ||
                      reader.TakeAnyZh({"截取", "裁剪", "剪辑", "剪成", "剪到", "缩短", "剪"});
  const bool weak = reader.TakeAnyWord({"only", "just", "keep", "cut", "shorter", "long", "length", "version", "use",
                                        "play", "duration"}) ||
                    reader.TakeAnyZh({"只要", "只保留", "保留", "只用", "长度", "时长", "只"});
  if (!strong && !weak) return false;
  if (std::optional<TrimEdit> trim = TrimFromTime(time, state.context)) {
    state.out.edits.push_back(*trim);
    return true;
  }
  if (strong) {
    state.out.problems.push_back(InLanguage(state.language,
                                            "Which part should stay? E.g. only the first 30 seconds, or from 1:00 to 1:30.",
                                            "要保留哪一段？例如：只要前30秒，或者1:00到1:30。"));
    return true;
  }
  return false;
}

// Words that belong to the router (export, undo, ...) and to no edit.
void TakeCommandWords(ClauseReader& reader) {
  reader.TakeAnyWord({"export", "download", "render", "generate", "create", "again", "undo", "status", "credits",
                      "credit", "balance", "help", "new", "redo", "rerender", "show", "tracks", "timeline", "change",
                      "set", "add", "put", "give", "switch", "turn", "use", "apply"});
  reader.TakeAnyZh({"导出", "下载", "生成", "渲染", "制作", "撤销", "状态", "积分", "余额", "帮助", "改为", "改成",
                    "换成", "设置", "添加", "加上", "加", "用", "设为"});
}

void ParseClause(const Clause& clause, ClauseState& state) {
  ClauseReader reader(clause);
  std::vector<DraftEdit>& edits = state.out.edits;
  const size_t edits_before = edits.size();
  const size_t problems_before = state.out.problems.size();
  const TextTarget target_before = state.last_target;
  if (std::optional<DraftEdit> cut = edit_parser_internal::ReadCutRate(reader)) edits.push_back(*cut);
  const TimePhrase time = FindTimePhrase(reader.tokens(), reader.used());
  const std::optional<int> percent = FindPercent(reader.tokens(), reader.used());
  if (std::optional<DraftEdit> aspect = edit_parser_internal::ReadAspect(reader)) edits.push_back(*aspect);
  if (std::optional<DraftEdit> resolution = edit_parser_internal::ReadResolution(reader)) edits.push_back(*resolution);

  const bool title_word = reader.TakeAnyWord({"title", "titled", "heading", "headline"}) ||
                          reader.TakeAnyZh({"大标题", "标题", "片名", "题目"});
  const bool caption_word = !title_word && (reader.TakeAnyWord({"caption", "captions", "subtitle", "subtitles", "text"}) ||
                                            reader.TakeAnyZh({"字幕", "文字", "文案"}));
  bool target = ReadTitle(reader, time, state, title_word) || ReadCaption(reader, time, state, caption_word) ||
                ReadBackground(reader, percent, state) || ReadFade(reader, time, state) ||
                ReadTrim(reader, time, state) || ReadVolume(reader, percent, state);
  if (std::optional<DraftEdit> intensity = edit_parser_internal::ReadIntensity(reader)) edits.push_back(*intensity);
  if (std::optional<std::string> style = edit_parser_internal::ReadStyle(reader)) edits.push_back(SetStyleEdit{*style});
  if (std::optional<std::string> palette = edit_parser_internal::ReadPalette(reader)) {
    edits.push_back(SetPaletteEdit{*palette});
  }
  // A quote alone continues the text target before it ("add captions 'a' at
  // 0:10 and 'b' at 0:20"); without one it is a title.
  if (!target && !clause.quotes.empty()) {
    target = target_before == TextTarget::kCaption ? ReadCaption(reader, time, state, true)
                                                   : ReadTitle(reader, time, state, true);
  }
  // A bare length after a title ("title Urban Dreams, 3 seconds") is its length.
  if (!target && edits.size() == edits_before && time.length_ms && !time.start_ms && !time.from_end &&
      target_before == TextTarget::kTitle && !edits.empty() && std::holds_alternative<SetTitleEdit>(edits.back())) {
    SetTitleEdit& title = std::get<SetTitleEdit>(edits.back());
    if (!title.end_ms) {
      title.start_ms = title.start_ms.value_or(state.context.has_title ? state.context.title_start_ms : 0);
      title.end_ms = *title.start_ms + *time.length_ms;
      target = true;
    }
  }
  // A time range on its own ("from 1:00 to 1:30", "the first 30 seconds") is a trim.
  // A bare length ("3 seconds") is not: it may belong to the clause before.
  if (!target && edits.size() == edits_before && (time.start_ms.has_value() || time.from_end)) {
    if (std::optional<TrimEdit> trim = TrimFromTime(time, state.context)) edits.push_back(*trim);
  }
  TakeCommandWords(reader);
  if (edits.size() == edits_before && state.out.problems.size() == problems_before && reader.HasMeaningfulRest()) {
    std::string text = clause.raw;
    text.erase(std::remove(text.begin(), text.end(), '\x01'), text.end());
    state.out.unrecognized.emplace_back(absl::StripAsciiWhitespace(text));
  }
}

}  // namespace

ParseContext ContextForDraft(const Draft& draft) {
  ParseContext context;
  context.has_draft = true;
  context.song_duration_ms = draft.music.duration_ms;
  context.video_duration_ms = draft.duration_ms();
  if (const Track* title = draft.FindTrack(TrackRole::kTitle); title != nullptr) {
    context.has_title = true;
    context.title_start_ms = title->segments.front().start_ms;
  }
  context.has_background_music = draft.FindTrack(TrackRole::kBackgroundMusic) != nullptr;
  return context;
}

ParsedEdits ParseEdits(absl::string_view message, const ParseContext& context, ReplyLanguage language) {
  ParsedEdits out;
  ClauseState state{context, language, out};
  for (const Clause& clause : SplitMessage(message)) ParseClause(clause, state);
  return out;
}

}  // namespace beatframe
