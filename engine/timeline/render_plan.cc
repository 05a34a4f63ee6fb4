#include "engine/timeline/render_plan.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace beatframe {
namespace {

constexpr size_t kMaxTitleBytes = 80;

struct AspectWord {
  const char* word;
  Aspect aspect;
};

// Explicit ratios beat platform words ("16:9 for youtube, not vertical").
constexpr std::array<AspectWord, 6> kRatioWords = {{
    {"16:9", Aspect::k16x9},
    {"16x9", Aspect::k16x9},
    {"9:16", Aspect::k9x16},
    {"9x16", Aspect::k9x16},
    {"1:1", Aspect::k1x1},
    {"1x1", Aspect::k1x1},
}};
// Vertical words are checked before square ones because "instagram reels"
// means a vertical video even though "instagram" alone suggests square.
constexpr std::array<const char*, 8> kVerticalWords = {"vertical", "portrait", "tiktok", "reels",
                                                       "reel",     "shorts",   "story",  "stories"};
constexpr std::array<const char*, 3> kSquareWords = {"square", "instagram", "insta"};

// Size words: an explicit size wins over "preview" / "draft" (the quick
// 720p render) wherever it stands, so "1080p, no preview" stays 1080p.
constexpr std::array<const char*, 2> kPreviewWords = {"preview", "draft"};

struct PaletteWord {
  const char* word;
  const char* palette;
};
constexpr std::array<PaletteWord, 21> kPaletteWords = {{
    {"neon", "neon"},       {"cyberpunk", "neon"}, {"synthwave", "neon"}, {"electric", "neon"},
    {"pastel", "pastel"},   {"soft", "pastel"},    {"dreamy", "pastel"},  {"dark", "dark"},
    {"moody", "dark"},      {"night", "dark"},     {"midnight", "dark"},  {"warm", "warm"},
    {"sunset", "warm"},     {"fire", "warm"},      {"golden", "warm"},    {"mono", "mono"},
    {"monochrome", "mono"}, {"grayscale", "mono"}, {"greyscale", "mono"}, {"minimal", "mono"},
    {"noir", "mono"},
}};

struct StyleWord {
  const char* word;
  const char* style;
};
// Besides the documented words, a few plain variants ("equaliser", "waves",
// "star", "warp", "plasma") that people type for the same looks.
constexpr std::array<StyleWord, 25> kStyleWords = {{
    {"bars", "bars"},          {"spectrum", "bars"},         {"equalizer", "bars"},
    {"equaliser", "bars"},     {"waveform", "waveform"},     {"oscilloscope", "waveform"},
    {"wave", "waveform"},      {"waves", "waveform"},        {"particles", "particles"},
    {"stars", "particles"},    {"star", "particles"},        {"starfield", "particles"},
    {"space", "particles"},    {"warp", "particles"},        {"tunnel", "tunnel"},
    {"kaleidoscope", "tunnel"}, {"geometric", "tunnel"},     {"gradient", "gradient"},
    {"flow", "gradient"},      {"ambient", "gradient"},      {"calm", "gradient"},
    {"plasma", "gradient"},    {"pulse", "pulse"},           {"circle", "pulse"},
    {"orb", "pulse"},
}};

// Lower-cased words of the prompt: runs of [a-z0-9:] so that "9:16" stays one word.
std::vector<std::string> Words(absl::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : text) {
    char lower = absl::ascii_tolower(static_cast<unsigned char>(c));
    if (absl::ascii_isalnum(static_cast<unsigned char>(lower)) || lower == ':') {
      current.push_back(lower);
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

bool HasWord(const std::vector<std::string>& words, absl::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

Aspect AspectFromWords(const std::vector<std::string>& words) {
  for (const std::string& word : words) {
    for (const AspectWord& ratio : kRatioWords) {
      if (word == ratio.word) return ratio.aspect;
    }
  }
  for (const char* word : kVerticalWords) {
    if (HasWord(words, word)) return Aspect::k9x16;
  }
  for (const char* word : kSquareWords) {
    if (HasWord(words, word)) return Aspect::k1x1;
  }
  return Aspect::k16x9;
}

Resolution ResolutionFromWords(const std::vector<std::string>& words) {
  for (const std::string& word : words) {
    if (word == "720p") return Resolution::k720p;
    if (word == "1080p") return Resolution::k1080p;
  }
  for (const char* word : kPreviewWords) {
    if (HasWord(words, word)) return Resolution::k720p;
  }
  return Resolution::k1080p;
}

// Picks a palette from the music when the prompt names none: fast tracks get
// the saturated neon set, mid-tempo ones warm or dark by loudness, slow ones pastel.
std::string PaletteFromMusic(const Analysis& analysis) {
  double mean_energy = 0.0;
  if (!analysis.energy.empty()) {
    mean_energy = std::accumulate(analysis.energy.begin(), analysis.energy.end(), 0.0) /
                  static_cast<double>(analysis.energy.size());
  }
  const double bpm = analysis.tempo_bpm;
  if (bpm <= 0.0) return "dark";
  if (bpm >= 118.0) return "neon";
  if (bpm >= 95.0) return mean_energy >= 0.45 ? "warm" : "dark";
  return "pastel";
}

std::string PaletteFromPrompt(const std::vector<std::string>& words, const Analysis& analysis) {
  for (const std::string& word : words) {
    for (const PaletteWord& entry : kPaletteWords) {
      if (word == entry.word) return entry.palette;
    }
  }
  return PaletteFromMusic(analysis);
}

std::string StyleFromPrompt(const std::vector<std::string>& words, const Analysis& analysis) {
  for (const std::string& word : words) {
    for (const StyleWord& entry : kStyleWords) {
      if (word == entry.word) return entry.style;
    }
  }
  return StyleForMusic(analysis);
}

// "no title", "without a title", "without any title".
bool AsksForNoTitle(const std::vector<std::string>& words) {
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] != "no" && words[i] != "without") continue;
    size_t next = i + 1;
    if ((words[next] == "a" || words[next] == "any") && next + 1 < words.size()) ++next;
    if (words[next] == "title" || words[next] == "titles") return true;
  }
  return false;
}

bool IsWordByte(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) >= 0x80);
}

// Cuts `text` to at most kMaxTitleBytes without splitting a UTF-8 sequence.
std::string ClipTitle(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (text.size() <= kMaxTitleBytes) return std::string(text);
  size_t end = kMaxTitleBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(absl::StripAsciiWhitespace(text.substr(0, end)));
}

// A title found in the prompt, and the bytes [begin, end) it was written in
// (taken out before looking for style words, so a title like "Dark Side"
// does not pick the dark palette).
struct TitleMatch {
  std::string title;
  size_t begin = 0;
  size_t end = 0;
};

// Finds the first quoted span: "…", “…”, ‘…’ or '…'. A straight single quote
// only opens at a word start and closes at a word end, so "don't" is no quote.
bool FindQuoted(absl::string_view prompt, TitleMatch* match) {
  static constexpr absl::string_view kCurlyOpenDouble = "\xE2\x80\x9C";
  static constexpr absl::string_view kCurlyCloseDouble = "\xE2\x80\x9D";
  static constexpr absl::string_view kCurlyOpenSingle = "\xE2\x80\x98";
  static constexpr absl::string_view kCurlyCloseSingle = "\xE2\x80\x99";
  constexpr size_t npos = absl::string_view::npos;
  for (size_t i = 0; i < prompt.size(); ++i) {
    size_t body = npos, close = npos, close_size = 1;
    if (prompt[i] == '"') {
      body = i + 1;
      close = prompt.find('"', body);
    } else if (prompt.substr(i, 3) == kCurlyOpenDouble) {
      body = i + 3;
      const size_t curly = prompt.find(kCurlyCloseDouble, body), straight = prompt.find('"', body);
      close = std::min(curly, straight);
      close_size = close == curly ? 3 : 1;
    } else if (prompt.substr(i, 3) == kCurlyOpenSingle) {
      body = i + 3;
      close = prompt.find(kCurlyCloseSingle, body);
      close_size = 3;
    } else if (prompt[i] == '\'' && (i == 0 || !IsWordByte(prompt[i - 1]))) {
      body = i + 1;
      for (size_t j = body + 1; j < prompt.size(); ++j) {
        if (prompt[j] == '\'' && (j + 1 == prompt.size() || !IsWordByte(prompt[j + 1]))) {
          close = j;
          break;
        }
      }
    }
    if (body == npos || close == npos) continue;
    std::string title = ClipTitle(prompt.substr(body, close - body));
    if (!title.empty()) {
      *match = {std::move(title), i, close + close_size};
      return true;
    }
  }
  return false;
}

// "title Midnight Drive, neon" or "titled: X" -> "Midnight Drive": the text
// after the keyword up to the next clause punctuation.
bool FindTitleKeyword(absl::string_view prompt, TitleMatch* match) {
  const std::string lower = absl::AsciiStrToLower(prompt);
  for (absl::string_view keyword : {"titled", "title"}) {
    size_t at = 0;
    while ((at = lower.find(keyword.data(), at, keyword.size())) != std::string::npos) {
      const size_t start = at;
      const size_t after = at + keyword.size();
      const bool starts_word = at == 0 || !IsWordByte(lower[at - 1]);
      const bool ends_word = after == lower.size() || !IsWordByte(lower[after]);
      at = after;
      if (!starts_word || !ends_word) continue;
      absl::string_view rest = prompt.substr(after);
      rest = absl::StripLeadingAsciiWhitespace(rest);
      if (absl::StartsWith(absl::AsciiStrToLower(rest.substr(0, 3)), "is ")) rest.remove_prefix(3);
      while (!rest.empty() && (rest.front() == ':' || rest.front() == '=' ||
                               absl::ascii_isspace(static_cast<unsigned char>(rest.front())))) {
        rest.remove_prefix(1);
      }
      const size_t stop = std::min(rest.find_first_of(",;.!?\n"), rest.size());
      std::string title = ClipTitle(rest.substr(0, stop));
      if (!title.empty()) {
        const size_t end = static_cast<size_t>(rest.data() - prompt.data()) + stop;
        *match = {std::move(title), start, end};
        return true;
      }
    }
  }
  return false;
}

// FNV-1a: stable across runs, platforms and library versions (std::hash is not).
uint32_t StableHash(absl::string_view text) {
  uint32_t hash = 2166136261u;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return hash == 0 ? 1u : hash;
}

}  // namespace

bool PromptNamesPalette(const std::string& prompt) {
  for (const std::string& word : Words(prompt)) {
    for (const PaletteWord& entry : kPaletteWords) {
      if (word == entry.word) return true;
    }
  }
  return false;
}

bool PromptNamesStyle(const std::string& prompt) {
  for (const std::string& word : Words(prompt)) {
    for (const StyleWord& entry : kStyleWords) {
      if (word == entry.word) return true;
    }
  }
  return false;
}

bool PromptDisablesCoverArt(const std::string& prompt) {
  const std::vector<std::string> words = Words(prompt);
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] != "no" && words[i] != "without") continue;
    size_t next = i + 1;
    if ((words[next] == "the" || words[next] == "any") && next + 1 < words.size()) ++next;
    if (words[next] == "cover" || words[next] == "covers" || words[next] == "artwork") return true;
  }
  return false;
}

absl::StatusOr<Aspect> ParseAspect(const std::string& text) {
  const std::string key = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  if (key.empty() || key == "16:9" || key == "16x9" || key == "landscape" || key == "horizontal" ||
      key == "wide") {
    return Aspect::k16x9;
  }
  if (key == "9:16" || key == "9x16" || key == "vertical" || key == "portrait") return Aspect::k9x16;
  if (key == "1:1" || key == "1x1" || key == "square") return Aspect::k1x1;
  return absl::InvalidArgumentError(absl::StrCat("unknown aspect '", text, "': expected 16:9, 9:16 or 1:1"));
}

std::string StyleForMusic(const Analysis& analysis) {
  double mean_energy = 0.0;
  if (!analysis.energy.empty()) {
    mean_energy = std::accumulate(analysis.energy.begin(), analysis.energy.end(), 0.0) /
                  static_cast<double>(analysis.energy.size());
  }
  const double bpm = analysis.tempo_bpm;
  // Slow or sparse music gets the calm colour field; the busier the beat
  // grid and the louder the track, the more motion the style has.
  if (bpm <= 0.0 || mean_energy < 0.25) return "gradient";
  if (bpm < 90.0) return mean_energy < 0.45 ? "gradient" : "waveform";
  if (bpm < 125.0) return mean_energy >= 0.55 ? "bars" : "pulse";
  return mean_energy >= 0.55 ? "particles" : "tunnel";
}

absl::StatusOr<Resolution> ParseResolution(const std::string& text) {
  const std::string key = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  if (key.empty()) return Resolution::kAuto;
  if (key == "1080p" || key == "1080") return Resolution::k1080p;
  if (key == "720p" || key == "720" || key == "preview") return Resolution::k720p;
  return absl::InvalidArgumentError(absl::StrCat("unknown resolution '", text, "': expected 1080p or 720p"));
}

void FrameSizeFor(Aspect aspect, Resolution resolution, int* width, int* height) {
  const int short_side = resolution == Resolution::k720p ? 720 : 1080;
  const int long_side = resolution == Resolution::k720p ? 1280 : 1920;
  switch (aspect) {
    case Aspect::k16x9:
      *width = long_side;
      *height = short_side;
      return;
    case Aspect::k9x16:
      *width = short_side;
      *height = long_side;
      return;
    case Aspect::k1x1:
      *width = short_side;
      *height = short_side;
      return;
  }
}

const char* AspectName(Aspect aspect) {
  switch (aspect) {
    case Aspect::k16x9:
      return "16:9";
    case Aspect::k9x16:
      return "9:16";
    case Aspect::k1x1:
      return "1:1";
  }
  return "16:9";
}

absl::StatusOr<RenderPlan> PlanRender(const std::string& prompt, const std::string& aspect_override,
                                      const Analysis& analysis, const MediaTags& tags,
                                      const std::string& resolution_override) {
  if (!(analysis.duration_s > 0.0)) {
    return absl::InvalidArgumentError("cannot plan a render of an empty track (duration 0)");
  }
  absl::StatusOr<Resolution> resolution = ParseResolution(resolution_override);
  if (!resolution.ok()) return resolution.status();
  // An explicit "no title" wins; otherwise the prompt's title, then the tags'.
  TitleMatch title;
  const bool prompt_title =
      !AsksForNoTitle(Words(prompt)) && (FindQuoted(prompt, &title) || FindTitleKeyword(prompt, &title));
  std::string style_words = prompt;
  if (prompt_title) style_words.erase(title.begin, title.end - title.begin);
  const std::vector<std::string> words = Words(style_words);
  RenderPlan plan;
  if (!absl::StripAsciiWhitespace(aspect_override).empty()) {
    absl::StatusOr<Aspect> aspect = ParseAspect(aspect_override);
    if (!aspect.ok()) return aspect.status();
    plan.aspect = *aspect;
  } else {
    plan.aspect = AspectFromWords(words);
  }
  if (*resolution == Resolution::kAuto) *resolution = ResolutionFromWords(words);
  FrameSizeFor(plan.aspect, *resolution, &plan.width, &plan.height);
  plan.fps_num = 30;
  plan.fps_den = 1;
  plan.style = StyleFromPrompt(words, analysis);
  plan.palette = PaletteFromPrompt(words, analysis);

  if (prompt_title) {
    plan.title = std::move(title.title);
  } else if (!AsksForNoTitle(words)) {
    plan.title = ClipTitle(tags.title);
  }
  if (!plan.title.empty()) plan.subtitle = ClipTitle(tags.artist);
  plan.duration_s = analysis.duration_s;
  plan.title_duration_s = std::min(plan.title_duration_s, plan.duration_s);
  plan.seed = StableHash(prompt);
  return plan;
}

}  // namespace beatframe
