// The settings a word names: cut rate, aspect, resolution, intensity, style
// and palette, English and Chinese; and the ClauseReader they read from.
#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/common/utf8.h"
#include "engine/timeline/edit_parser_internal.h"

namespace beatframe::edit_parser_internal {
namespace {

using Words = std::initializer_list<absl::string_view>;

struct Entry {
  absl::string_view key;    // an English word or a Chinese keyword
  absl::string_view value;  // the style / palette name
};

constexpr Entry kStyleWords[] = {
    {"bars", "bars"},           {"spectrum", "bars"},        {"equalizer", "bars"},    {"equaliser", "bars"},
    {"waveform", "waveform"},   {"oscilloscope", "waveform"}, {"wave", "waveform"},    {"waves", "waveform"},
    {"particles", "particles"}, {"particle", "particles"},   {"stars", "particles"},   {"starfield", "particles"},
    {"tunnel", "tunnel"},       {"kaleidoscope", "tunnel"},  {"geometric", "tunnel"},  {"gradient", "gradient"},
    {"plasma", "gradient"},     {"ambient", "gradient"},     {"pulse", "pulse"},       {"orb", "pulse"},
    {"circle", "pulse"},
};
constexpr Entry kStyleZh[] = {
    {"脉冲", "pulse"},    {"光球", "pulse"},    {"圆环", "pulse"},     {"频谱", "bars"},    {"柱状", "bars"},
    {"条形", "bars"},     {"均衡器", "bars"},   {"波形", "waveform"},  {"声波", "waveform"}, {"示波器", "waveform"},
    {"波浪", "waveform"}, {"粒子", "particles"}, {"星空", "particles"}, {"星星", "particles"}, {"隧道", "tunnel"},
    {"万花筒", "tunnel"}, {"几何", "tunnel"},   {"渐变", "gradient"},  {"流动", "gradient"},
};
constexpr Entry kPaletteWords[] = {
    {"neon", "neon"},      {"cyberpunk", "neon"},  {"synthwave", "neon"},  {"electric", "neon"},
    {"pastel", "pastel"},  {"dreamy", "pastel"},   {"dark", "dark"},       {"moody", "dark"},
    {"midnight", "dark"},  {"darker", "dark"},     {"warmer", "warm"},     {"warm", "warm"},       {"sunset", "warm"},     {"golden", "warm"},
    {"mono", "mono"},      {"monochrome", "mono"}, {"grayscale", "mono"},  {"greyscale", "mono"},
    {"noir", "mono"},      {"cover", "cover"},
};
constexpr Entry kPaletteZh[] = {
    {"霓虹", "neon"},   {"赛博朋克", "neon"}, {"赛博", "neon"},   {"蒸汽波", "neon"}, {"粉彩", "pastel"},
    {"马卡龙", "pastel"}, {"梦幻", "pastel"}, {"暗色", "dark"},   {"暗黑", "dark"},   {"深色", "dark"},
    {"黑暗", "dark"},   {"暖色", "warm"},     {"暖调", "warm"},   {"温暖", "warm"},   {"日落", "warm"},
    {"金色", "warm"},   {"黑白", "mono"},     {"单色", "mono"},   {"灰度", "mono"},   {"封面", "cover"},
};

// Fillers that carry no request on their own.
constexpr absl::string_view kFillerWords[] = {
    "please", "pls", "it", "the", "a", "an", "make", "can", "you", "could", "would", "i", "want", "me", "my",
    "to", "be", "is", "this", "that", "video", "more", "bit", "little", "some", "now", "thanks", "thank",
    "ok", "okay", "let", "lets", "s", "so", "much", "way", "lot", "of", "into", "with", "also", "just",
    "and", "then", "hey", "hi", "yes", "yeah", "go", "look", "should", "like", "its", "really", "very", "one"};
constexpr absl::string_view kFillerZh = "请把帮我给一下吧的了改成变得让它视频再点些更呢啊好谢要个能也就这那嗯哦呀";

const char* FindKey(ClauseReader& reader, const Entry* begin, const Entry* end, bool chinese) {
  // The earliest word in the clause wins ("tunnel or maybe bars" is tunnel).
  if (!chinese) {
    int best = -1;
    const Entry* found = nullptr;
    for (const Entry* entry = begin; entry != end; ++entry) {
      const int at = reader.FindWord(entry->key);
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
        found = entry;
      }
    }
    if (found == nullptr) return nullptr;
    reader.TakeWord(found->key);
    return found->value.data();
  }
  size_t best = std::string::npos;
  const Entry* found = nullptr;
  for (const Entry* entry = begin; entry != end; ++entry) {
    const size_t at = reader.clause().raw.find(entry->key.data(), 0, entry->key.size());
    if (reader.Zh(entry->key) && at < best) {
      best = at;
      found = entry;
    }
  }
  if (found == nullptr) return nullptr;
  reader.TakeZh(found->key);
  return found->value.data();
}

template <size_t N>
std::optional<std::string> Lookup(ClauseReader& reader, const Entry (&words)[N], const Entry* zh_begin,
                                  const Entry* zh_end) {
  if (const char* value = FindKey(reader, words, words + N, false)) return std::string(value);
  if (const char* value = FindKey(reader, zh_begin, zh_end, true)) return std::string(value);
  return std::nullopt;
}

}  // namespace

ClauseReader::ClauseReader(const Clause& clause)
    : clause_(clause), used_(clause.tokens.size(), false), zh_(clause.raw) {}

int ClauseReader::FindWord(absl::string_view word) const {
  for (size_t i = 0; i < clause_.tokens.size(); ++i) {
    if (!used_[i] && clause_.tokens[i].text == word) return static_cast<int>(i);
  }
  return -1;
}

bool ClauseReader::AnyWord(Words words) const {
  return std::any_of(words.begin(), words.end(), [&](absl::string_view word) { return Word(word); });
}

bool ClauseReader::TakeWord(absl::string_view word) {
  const int at = FindWord(word);
  if (at < 0) return false;
  used_[static_cast<size_t>(at)] = true;
  return true;
}

bool ClauseReader::TakeAnyWord(Words words) {
  bool any = false;
  for (absl::string_view word : words) any |= TakeWord(word);
  return any;
}

int ClauseReader::FindPhrase(Words words) const {
  const size_t n = words.size();
  for (size_t i = 0; i + n <= clause_.tokens.size(); ++i) {
    size_t k = 0;
    for (absl::string_view word : words) {
      if (used_[i + k] || clause_.tokens[i + k].text != word) break;
      ++k;
    }
    if (k == n) return static_cast<int>(i);
  }
  return -1;
}

bool ClauseReader::TakePhrase(Words words) {
  const int at = FindPhrase(words);
  if (at < 0) return false;
  for (size_t k = 0; k < words.size(); ++k) used_[static_cast<size_t>(at) + k] = true;
  return true;
}

bool ClauseReader::Zh(absl::string_view keyword) const { return absl::StrContains(zh_, keyword); }

bool ClauseReader::AnyZh(Words keywords) const {
  return std::any_of(keywords.begin(), keywords.end(), [&](absl::string_view keyword) { return Zh(keyword); });
}

bool ClauseReader::TakeZh(absl::string_view keyword) {
  const size_t at = zh_.find(keyword.data(), 0, keyword.size());
  if (at == std::string::npos) return false;
  // Blank with ASCII spaces; the bytes stay aligned with nothing else.
  zh_.replace(at, keyword.size(), std::string(keyword.size(), ' '));
  return true;
}

bool ClauseReader::TakeAnyZh(Words keywords) {
  bool any = false;
  for (absl::string_view keyword : keywords) any |= TakeZh(keyword);
  return any;
}

bool ClauseReader::HasMeaningfulRest() const {
  for (size_t i = 0; i < clause_.tokens.size(); ++i) {
    const Token& token = clause_.tokens[i];
    if (used_[i] || token.kind != Token::Kind::kWord) continue;
    if (std::find(std::begin(kFillerWords), std::end(kFillerWords), token.text) == std::end(kFillerWords)) return true;
  }
  for (const Codepoint& cp : DecodeUtf8(zh_)) {
    if (cp.value < 0x3400) continue;  // ASCII, punctuation and symbols
    const size_t size = cp.value < 0x10000 ? 3 : 4;
    if (!absl::StrContains(kFillerZh, absl::string_view(zh_).substr(cp.offset, size))) return true;
  }
  return false;
}

bool TakeRemoveVerb(ClauseReader& reader) {
  bool found = reader.TakeAnyWord({"remove", "delete", "drop", "erase", "hide", "clear", "no", "without", "lose",
                                   "ditch", "kill"});
  found |= reader.TakePhrase({"get", "rid", "of"}) || reader.TakePhrase({"take", "off"}) ||
           reader.TakePhrase({"take", "out"}) || reader.TakePhrase({"take", "away"});
  found |= reader.TakeAnyZh({"去掉", "删除", "删掉", "移除", "不要", "取消", "拿掉", "去除", "关掉", "关闭", "不用"});
  return found;
}

std::optional<DraftEdit> ReadCutRate(ClauseReader& reader) {
  std::optional<CutRate> rate;
  if (reader.TakePhrase({"every", "2", "bars"}) || reader.TakePhrase({"every", "two", "bars"}) ||
      reader.TakePhrase({"every", "other", "bar"}) || reader.TakePhrase({"every", "couple", "of", "bars"}) ||
      reader.TakePhrase({"each", "2", "bars"}) || reader.TakeAnyZh({"每两小节", "每2小节", "每两个小节", "每隔一小节"})) {
    rate = CutRate::kTwoBars;
  } else if (reader.TakePhrase({"every", "bar"}) || reader.TakePhrase({"each", "bar"}) ||
             reader.TakePhrase({"every", "measure"}) || reader.TakePhrase({"each", "measure"}) ||
             reader.TakePhrase({"per", "bar"}) || reader.TakePhrase({"every", "downbeat"}) ||
             reader.TakePhrase({"on", "the", "downbeat"}) || reader.TakePhrase({"on", "downbeats"}) ||
             reader.TakeAnyZh({"每小节", "每一小节", "每个小节"})) {
    rate = CutRate::kBar;
  } else if (reader.TakePhrase({"every", "beat"}) || reader.TakePhrase({"each", "beat"}) ||
             reader.TakePhrase({"on", "the", "beat"}) || reader.TakePhrase({"on", "beat"}) ||
             reader.TakePhrase({"per", "beat"}) || reader.TakePhrase({"every", "single", "beat"}) ||
             reader.TakePhrase({"beat", "by", "beat"}) || reader.TakePhrase({"on", "the", "beats"}) ||
             reader.TakeAnyZh({"每拍", "每一拍", "每个节拍", "每个拍子", "每一个节拍", "踩点", "卡点"})) {
    rate = CutRate::kBeat;
  } else if (reader.TakePhrase({"section", "changes"}) || reader.TakePhrase({"section", "change"}) ||
             reader.TakePhrase({"every", "section"}) || reader.TakePhrase({"each", "section"}) ||
             reader.TakePhrase({"new", "section"}) || reader.TakePhrase({"per", "section"}) ||
             reader.TakePhrase({"between", "sections"}) ||
             reader.TakeAnyZh({"每个段落", "每一段", "每段", "段落切换", "段落变化", "换段"})) {
    rate = CutRate::kSection;
  } else if (reader.TakePhrase({"auto", "cuts"}) || reader.TakePhrase({"automatic", "cuts"}) ||
             reader.TakePhrase({"cut", "automatically"}) || reader.TakePhrase({"change", "automatically"}) ||
             reader.TakeAnyZh({"自动切换"})) {
    rate = CutRate::kAuto;
  }
  if (!rate) return std::nullopt;
  // The verbs of "cut on every beat": not a trim, not anything else.
  reader.TakeAnyWord({"cut", "cuts", "change", "changes", "switch", "switches", "visuals", "scenes", "scene",
                      "shots", "shot", "on"});
  reader.TakeAnyZh({"切换", "切", "变换", "换"});
  return SetCutRateEdit{*rate};
}

std::optional<DraftEdit> ReadAspect(ClauseReader& reader) {
  // Explicit ratios first ("16:9 for youtube"), then vertical before square
  // words ("instagram reels" is vertical).
  for (absl::string_view ratio : {"16:9", "9:16", "1:1", "4:5", "3:4", "4:3"}) {
    if (reader.TakeWord(ratio)) return SetAspectEdit{std::string(ratio)};
  }
  if (reader.TakePhrase({"16", "x", "9"})) return SetAspectEdit{"16:9"};
  if (reader.TakePhrase({"9", "x", "16"})) return SetAspectEdit{"9:16"};
  if (reader.TakePhrase({"4", "x", "5"})) return SetAspectEdit{"4:5"};
  if (reader.TakeAnyWord({"vertical", "portrait", "tiktok", "reels", "reel", "shorts", "story", "stories", "douyin"}) ||
      reader.TakePhrase({"tik", "tok"}) ||
      reader.TakeAnyZh({"竖屏", "竖版", "竖向", "竖的", "竖着", "抖音", "快手", "视频号"})) {
    reader.TakeAnyWord({"youtube", "instagram", "format", "mode"});
    return SetAspectEdit{"9:16"};
  }
  if (reader.TakeAnyWord({"square", "instagram", "insta"}) ||
      reader.TakeAnyZh({"正方形", "方形", "方屏", "方的", "正方"})) {
    return SetAspectEdit{"1:1"};
  }
  if (reader.TakeAnyWord({"landscape", "horizontal", "widescreen", "wide", "youtube"}) ||
      reader.TakeAnyZh({"横屏", "横版", "横向", "横的", "宽屏", "B站", "b站", "哔哩哔哩"})) {
    return SetAspectEdit{"16:9"};
  }
  return std::nullopt;
}

std::optional<DraftEdit> ReadResolution(ClauseReader& reader) {
  const std::vector<Token>& tokens = reader.tokens();
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (reader.used()[i] || tokens[i].kind != Token::Kind::kNumber) continue;
    const int value = static_cast<int>(std::lround(tokens[i].value));
    const bool p_follows = i + 1 < tokens.size() && tokens[i + 1].text == "p" && !reader.used()[i + 1];
    const bool known = value == 480 || value == 720 || value == 1080 || value == 1440 || value == 2160;
    if (!known || (!p_follows && value != 720 && value != 1080)) continue;
    reader.used()[i] = true;
    if (p_follows) reader.used()[i + 1] = true;
    reader.TakeAnyWord({"resolution", "quality"});
    return SetResolutionEdit{value};
  }
  if (reader.TakePhrase({"4", "k"}) || reader.TakeWord("uhd")) return SetResolutionEdit{2160};
  if (reader.TakePhrase({"full", "hd"}) || reader.TakeWord("fhd") || reader.TakeAnyZh({"全高清", "超清"})) {
    return SetResolutionEdit{1080};
  }
  return std::nullopt;
}

std::optional<DraftEdit> ReadIntensity(ClauseReader& reader) {
  if (reader.TakePhrase({"normal", "intensity"}) || reader.TakePhrase({"default", "intensity"}) ||
      reader.TakePhrase({"reset", "intensity"}) || reader.TakeAnyZh({"正常强度", "默认强度"})) {
    return SetIntensityEdit{0, false};
  }
  int direction = 0;
  // Negated energy first: "less intense" holds "intense".
  if (reader.TakePhrase({"less", "intense"}) || reader.TakePhrase({"less", "energetic"}) ||
      reader.TakePhrase({"less", "busy"}) || reader.TakePhrase({"less", "energy"}) ||
      reader.TakePhrase({"tone", "it", "down"}) || reader.TakePhrase({"tone", "down"}) ||
      reader.TakeAnyWord({"calmer", "calm", "calmly", "chill", "chiller", "chilled", "relaxed", "relaxing", "mellow",
                          "mellower", "gentler", "gentle", "subtle", "subtler", "peaceful", "soothing"}) ||
      reader.TakeAnyZh({"不要太激烈", "别那么激烈", "没那么激烈", "不那么激烈", "平静", "安静", "舒缓", "柔和", "轻柔",
                        "温和", "放松", "冷静", "淡定", "缓和"})) {
    direction = -1;
  } else if (reader.TakePhrase({"more", "energy"}) || reader.TakePhrase({"more", "action"}) ||
             reader.TakePhrase({"pump", "it", "up"}) || reader.TakePhrase({"more", "movement"}) ||
             reader.TakePhrase({"more", "motion"}) ||
             reader.TakeAnyWord({"energetic", "livelier", "lively", "intense", "punchier", "punchy", "wilder", "wild",
                                 "crazier", "crazy", "hype", "hyped", "hyper", "dynamic", "exciting", "aggressive",
                                 "busier", "energy"}) ||
             reader.TakeAnyZh({"有活力", "活力", "激烈", "嗨", "动感", "劲爆", "带劲", "燃", "强烈", "激情", "热烈"})) {
    direction = 1;
  }
  if (direction == 0) return std::nullopt;
  const bool doubled = reader.TakeAnyWord({"much", "way", "lot", "far", "super", "very", "extremely"}) ||
                       reader.TakeAnyZh({"非常", "很", "超级", "特别", "极其"});
  reader.TakeAnyWord({"more", "intensity", "less"});
  return SetIntensityEdit{direction * (doubled ? 2 : 1), true};
}

std::optional<std::string> ReadStyle(ClauseReader& reader) {
  std::optional<std::string> style = Lookup(reader, kStyleWords, std::begin(kStyleZh), std::end(kStyleZh));
  if (style) {
    reader.TakeAnyWord({"style", "look", "visuals", "visualizer", "effect"});
    reader.TakeAnyZh({"风格", "效果", "样式"});
  }
  return style;
}

std::optional<std::string> ReadPalette(ClauseReader& reader) {
  if (reader.TakePhrase({"black", "and", "white"}) || reader.TakePhrase({"b", "&", "w"})) {
    reader.TakeAnyWord({"palette", "colors", "colours", "color", "colour"});
    return std::string("mono");
  }
  std::optional<std::string> palette = Lookup(reader, kPaletteWords, std::begin(kPaletteZh), std::end(kPaletteZh));
  if (palette) {
    reader.TakeAnyWord({"palette", "colors", "colours", "color", "colour", "art", "album", "tones", "theme"});
    reader.TakeAnyZh({"配色", "颜色", "色调", "色系", "风格"});
  }
  return palette;
}

}  // namespace beatframe::edit_parser_internal
