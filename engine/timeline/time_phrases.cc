#include "engine/timeline/time_phrases.h"

#include <cmath>

#include "absl/strings/string_view.h"

namespace beatframe {
namespace {

using Kind = Token::Kind;

struct NumberWord {
  const char* word;
  int value;
};
constexpr NumberWord kNumberWords[] = {
    {"one", 1},      {"two", 2},       {"three", 3},     {"four", 4},      {"five", 5},     {"six", 6},
    {"seven", 7},    {"eight", 8},     {"nine", 9},      {"ten", 10},      {"eleven", 11},  {"twelve", 12},
    {"fifteen", 15}, {"twenty", 20},   {"thirty", 30},   {"forty", 40},    {"fifty", 50},   {"sixty", 60},
    {"ninety", 90},
};

// A number with its unit: `scale_ms` per unit, 0 when none was written.
struct Value {
  double number = 0.0;
  int64_t scale_ms = 0;
  size_t next = 0;  // the token after it

  int64_t Ms(int64_t default_scale_ms = 1000) const {
    return std::llround(number * static_cast<double>(scale_ms != 0 ? scale_ms : default_scale_ms));
  }
};

class Scanner {
 public:
  Scanner(const std::vector<Token>& tokens, std::vector<bool>& used) : tokens_(tokens), used_(used) {}

  bool Free(size_t i) const { return i < tokens_.size() && !used_[i]; }
  bool Is(size_t i, absl::string_view text) const { return Free(i) && tokens_[i].text == text; }
  bool IsAny(size_t i, std::initializer_list<absl::string_view> texts) const {
    for (absl::string_view text : texts) {
      if (Is(i, text)) return true;
    }
    return false;
  }
  void Use(size_t from, size_t to) {
    for (size_t i = from; i < to && i < used_.size(); ++i) used_[i] = true;
  }
  size_t size() const { return tokens_.size(); }

  // A number (digits, Chinese numerals or an English number word) at i.
  std::optional<double> Number(size_t i) const {
    if (!Free(i)) return std::nullopt;
    const Token& token = tokens_[i];
    if (token.kind == Kind::kNumber && token.value >= 0.0) return token.value;
    if (token.kind == Kind::kWord) {
      for (const NumberWord& entry : kNumberWords) {
        if (token.text == entry.word) return static_cast<double>(entry.value);
      }
    }
    return std::nullopt;
  }

  // The unit at i: ms per unit and the token after it; 0 when none.
  int64_t Unit(size_t i, size_t* next) const {
    *next = i;
    if (IsAny(i, {"s", "sec", "secs", "second", "seconds", "秒"})) {
      *next = i + 1 + (Is(i + 1, "钟") ? 1 : 0);
      return 1000;
    }
    if (IsAny(i, {"m", "min", "mins", "minute", "minutes"})) {
      *next = i + 1;
      return 60000;
    }
    // "分" is minutes only where a time goes on ("1分30秒", "2分钟"), not in "十分平静".
    if (Is(i, "分") && (Is(i + 1, "钟") || Number(i + 1) || i + 1 >= tokens_.size() ||
                        tokens_[i + 1].kind != Kind::kCjk)) {
      *next = i + 1 + (Is(i + 1, "钟") ? 1 : 0);
      return 60000;
    }
    if (IsAny(i, {"ms", "毫秒"})) {
      *next = i + 1;
      return 1;
    }
    return 0;
  }

  // A time value at i: a clock, or a number with an optional unit (and
  // "1 minute 30 seconds" / "1m30s" / "1分30秒").
  std::optional<Value> ReadValue(size_t i) const {
    if (!Free(i)) return std::nullopt;
    if (tokens_[i].kind == Kind::kClock) return Value{tokens_[i].value, 1000, i + 1};
    const std::optional<double> number = Number(i);
    if (!number) return std::nullopt;
    // "30%", "720p", "4k", "16x9" are not times.
    if (IsAny(i + 1, {"%", "percent", "p", "k", "x", "bars", "bar", "beats", "beat", "％"})) return std::nullopt;
    Value value{*number, 0, i + 1};
    size_t next = i + 1;
    value.scale_ms = Unit(i + 1, &next);
    value.next = next;
    if (value.scale_ms == 60000) {
      // Seconds after minutes: the unit may be left out in Chinese ("1分30").
      if (const std::optional<double> seconds = Number(next)) {
        size_t after = next + 1;
        const int64_t unit = Unit(next + 1, &after);
        if (unit == 1000 || (unit == 0 && tokens_[i + 1].text == "分")) {
          value.number = value.number * 60.0 + *seconds;
          value.scale_ms = 1000;
          value.next = unit == 1000 ? after : next + 1;
        }
      }
    }
    return value;
  }

  const Token& at(size_t i) const { return tokens_[i]; }

 private:
  const std::vector<Token>& tokens_;
  std::vector<bool>& used_;
};

bool IsRangeSeparator(const Scanner& s, size_t i) {
  return s.IsAny(i, {"to", "till", "until", "through", "and", "-", "~", "到", "至", "—", "–", "～"});
}

// "A <sep> B" at i (after any "from" word): both ends; a bare end takes the other's unit.
std::optional<TimePhrase> Range(Scanner& s, size_t begin, size_t i) {
  const std::optional<Value> a = s.ReadValue(i);
  if (!a || !IsRangeSeparator(s, a->next)) return std::nullopt;
  size_t j = a->next + 1;
  if (s.Is(j, "第")) ++j;
  const std::optional<Value> b = s.ReadValue(j);
  if (!b) return std::nullopt;
  const int64_t scale = b->scale_ms != 0 ? b->scale_ms : a->scale_ms != 0 ? a->scale_ms : 1000;
  TimePhrase phrase;
  phrase.start_ms = a->Ms(scale);
  phrase.end_ms = b->Ms(scale);
  s.Use(begin, b->next + (s.Is(b->next, "之间") ? 1 : 0));
  return phrase;
}

std::optional<TimePhrase> MatchAt(Scanner& s, size_t i) {
  TimePhrase phrase;
  // "first N" / "前N" / "开头N".
  if (s.IsAny(i, {"first", "opening", "前"}) || (s.Is(i, "开") && s.Is(i + 1, "头"))) {
    const size_t at = i + (s.Is(i, "开") ? 2 : 1);
    if (const std::optional<Value> value = s.ReadValue(at)) {
      phrase.start_ms = 0;
      phrase.end_ms = value->Ms();
      s.Use(i, value->next);
      return phrase;
    }
  }
  // "the last N" / "最后N" / "后N"; "last" after another word means "lasts" ("the title last 5 s").
  const bool after_the = i == 0 || s.at(i - 1).text == "the" || s.at(i - 1).text == "final";
  if ((s.Is(i, "last") && after_the) || s.Is(i, "final") || (s.Is(i, "最") && s.Is(i + 1, "后")) || s.Is(i, "后")) {
    const size_t at = i + (s.Is(i, "最") ? 2 : 1);
    if (const std::optional<Value> value = s.ReadValue(at)) {
      phrase.length_ms = value->Ms();
      phrase.from_end = true;
      s.Use(i, value->next);
      return phrase;
    }
  }
  // "from A to B", "between A and B", "从A到B", "第A秒到第B秒", or a bare "A-B".
  if (s.IsAny(i, {"from", "between", "at", "从", "在", "第"})) {
    if (std::optional<TimePhrase> range = Range(s, i, i + 1)) return range;
  }
  if (std::optional<TimePhrase> range = Range(s, i, i)) return range;
  // "at A [for N]", "from A", "starting at A", "从A开始".
  if (s.IsAny(i, {"at", "from", "starting", "start", "从", "在"})) {
    const size_t at = i + (s.IsAny(i, {"starting", "start"}) && s.Is(i + 1, "at") ? 2 : 1);
    if (const std::optional<Value> value = s.ReadValue(at)) {
      phrase.start_ms = value->Ms();
      size_t next = value->next;
      if (s.Is(next, "开") && s.Is(next + 1, "始")) next += 2;
      const bool cjk_for = (s.Is(next, "持") && s.Is(next + 1, "续")) || (s.Is(next, "显") && s.Is(next + 1, "示"));
      if (s.Is(next, "for") || cjk_for) {
        const size_t duration_at = next + (cjk_for ? 2 : 1);
        if (const std::optional<Value> length = s.ReadValue(duration_at)) {
          phrase.length_ms = length->Ms();
          next = length->next;
        }
      }
      s.Use(i, next);
      return phrase;
    }
  }
  // "for N", "over N", "lasting N", "持续N", "显示N".
  if (s.IsAny(i, {"for", "over", "lasting", "during"}) || ((s.Is(i, "持") && s.Is(i + 1, "续")) || (s.Is(i, "显") && s.Is(i + 1, "示")))) {
    const size_t at = i + (s.at(i).kind == Kind::kWord ? 1 : 2);
    if (const std::optional<Value> value = s.ReadValue(at)) {
      phrase.length_ms = value->Ms();
      s.Use(i, value->next);
      return phrase;
    }
  }
  // A lone "N seconds" (with its unit).
  if (s.at(i).kind != Kind::kClock) {
    if (const std::optional<Value> value = s.ReadValue(i); value && value->scale_ms != 0) {
      phrase.length_ms = value->Ms();
      s.Use(i, value->next);
      return phrase;
    }
  }
  return std::nullopt;
}

}  // namespace

TimePhrase FindTimePhrase(const std::vector<Token>& tokens, std::vector<bool>& used) {
  Scanner scanner(tokens, used);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!scanner.Free(i)) continue;
    if (std::optional<TimePhrase> phrase = MatchAt(scanner, i)) return *phrase;
  }
  return {};
}

std::optional<int> FindPercent(const std::vector<Token>& tokens, std::vector<bool>& used) {
  Scanner s(tokens, used);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!s.Free(i)) continue;
    // "百分之三十": the tokenizer reads "百" as the number 100.
    if (s.Is(i, "百") && s.Is(i + 1, "分") && s.Is(i + 2, "之")) {
      if (const std::optional<double> number = s.Number(i + 3)) {
        s.Use(i, i + 4);
        return static_cast<int>(std::lround(*number));
      }
    }
    if (tokens[i].kind != Kind::kNumber) continue;
    if (s.IsAny(i + 1, {"%", "％", "percent"})) {
      s.Use(i, i + 2);
      return static_cast<int>(std::lround(tokens[i].value));
    }
  }
  return std::nullopt;
}

}  // namespace beatframe
