#include "engine/timeline/message_text.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "engine/common/utf8.h"

namespace beatframe {
namespace {

constexpr char kQuoteMark = '\x01';

bool IsWordByte(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
}

struct QuotePair {
  absl::string_view open;
  absl::string_view close;
};
// Straight single quotes are handled apart (apostrophes look the same).
constexpr QuotePair kQuotePairs[] = {
    {"\"", "\""}, {"\xE2\x80\x9C", "\xE2\x80\x9D"}, {"\xE2\x80\x98", "\xE2\x80\x99"},
    {"\xE3\x80\x8C", "\xE3\x80\x8D"}, {"\xE3\x80\x8E", "\xE3\x80\x8F"}, {"\xE3\x80\x8A", "\xE3\x80\x8B"},
};

// Replaces each quoted span by kQuoteMark and returns the texts in order.
std::string ExtractQuotes(absl::string_view message, std::vector<std::string>& quotes) {
  std::string out;
  size_t i = 0;
  while (i < message.size()) {
    size_t body = std::string::npos, close = std::string::npos, close_size = 0;
    for (const QuotePair& pair : kQuotePairs) {
      if (message.substr(i, pair.open.size()) != pair.open) continue;
      body = i + pair.open.size();
      close = message.find(pair.close, body);
      // A curly opening double quote may be closed by a straight one.
      if (pair.open == "\xE2\x80\x9C" && close == std::string::npos) close = message.find('"', body);
      close_size = close != std::string::npos && message[close] == '"' ? 1 : pair.close.size();
      break;
    }
    if (body == std::string::npos && message[i] == '\'' && (i == 0 || !IsWordByte(message[i - 1]))) {
      body = i + 1;
      for (size_t j = body + 1; j < message.size(); ++j) {
        if (message[j] == '\'' && (j + 1 == message.size() || !IsWordByte(message[j + 1]))) {
          close = j;
          close_size = 1;
          break;
        }
      }
    }
    if (body != std::string::npos && close != std::string::npos && close > body) {
      quotes.emplace_back(absl::StripAsciiWhitespace(message.substr(body, close - body)));
      out.push_back(' ');
      out.push_back(kQuoteMark);
      out.push_back(' ');
      i = close + close_size;
      continue;
    }
    out.push_back(message[i]);
    ++i;
  }
  return out;
}

constexpr absl::string_view kChineseJoiners[] = {"然后", "并且", "还有", "同时", "再"};
constexpr absl::string_view kCjkPunctuation[] = {"，", "；", "。", "！", "？", "、"};
constexpr absl::string_view kEnglishJoiners[] = {"and", "then", "also", "plus"};

// The next ASCII word at `at` (after spaces), lower-cased.
std::string NextWord(absl::string_view text, size_t at) {
  while (at < text.size() && text[at] == ' ') ++at;
  size_t end = at;
  while (end < text.size() && absl::ascii_isalnum(static_cast<unsigned char>(text[end]))) ++end;
  return absl::AsciiStrToLower(text.substr(at, end - at));
}

bool KeepsAnd(absl::string_view text, size_t after) {
  const std::string next = NextWord(text, after);
  // "fade in and out", "between 10 and 20 seconds", "black and white".
  return next == "out" || next == "white" || (!next.empty() && absl::ascii_isdigit(static_cast<unsigned char>(next[0])));
}

// Cuts `text` (quotes already marked) into clause strings.
std::vector<std::string> CutClauses(absl::string_view text) {
  std::vector<std::string> clauses;
  std::string current;
  auto flush = [&] {
    if (!absl::StripAsciiWhitespace(current).empty()) clauses.emplace_back(absl::StripAsciiWhitespace(current));
    current.clear();
  };
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    // '.' between digits is a decimal point ("1.5s"), not a full stop.
    const bool decimal = c == '.' && i > 0 && i + 1 < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[i - 1])) &&
                         absl::ascii_isdigit(static_cast<unsigned char>(text[i + 1]));
    if ((c == ',' || c == ';' || c == '!' || c == '?' || c == '\n' || (c == '.' && !decimal))) {
      flush();
      ++i;
      continue;
    }
    bool cut = false;
    for (absl::string_view mark : kCjkPunctuation) {
      if (text.substr(i, mark.size()) == mark) {
        flush();
        i += mark.size();
        cut = true;
        break;
      }
    }
    if (!cut) {
      for (absl::string_view joiner : kChineseJoiners) {
        if (text.substr(i, joiner.size()) == joiner) {
          flush();
          i += joiner.size();
          cut = true;
          break;
        }
      }
    }
    if (!cut && (i == 0 || !IsWordByte(text[i - 1]))) {
      for (absl::string_view joiner : kEnglishJoiners) {
        const size_t end = i + joiner.size();
        if (end > text.size() || absl::AsciiStrToLower(text.substr(i, joiner.size())) != joiner) continue;
        if (end < text.size() && IsWordByte(text[end])) continue;
        if (joiner == "and" && KeepsAnd(text, end)) continue;
        flush();
        i = end;
        cut = true;
        break;
      }
    }
    if (cut) continue;
    current.push_back(c);
    ++i;
  }
  flush();
  return clauses;
}

constexpr absl::string_view kChineseDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

int ChineseDigit(absl::string_view ch) {
  for (int d = 0; d < 10; ++d) {
    if (ch == kChineseDigits[d]) return d;
  }
  if (ch == "两") return 2;
  return -1;
}

bool IsChineseNumeral(absl::string_view ch) { return ChineseDigit(ch) >= 0 || ch == "十" || ch == "百"; }

}  // namespace

double ChineseNumberValue(absl::string_view text) {
  double total = 0.0;
  double digit = -1.0;
  bool any = false;
  for (const Codepoint& cp : DecodeUtf8(text)) {
    const size_t size = cp.value < 0x800 ? 2 : cp.value < 0x10000 ? 3 : 4;
    const absl::string_view ch = text.substr(cp.offset, size);
    any = true;
    if (const int d = ChineseDigit(ch); d >= 0) {
      digit = d;
    } else if (ch == "十") {
      total += (digit < 0 ? 1.0 : digit) * 10.0;
      digit = -1.0;
    } else if (ch == "百") {
      total += (digit < 0 ? 1.0 : digit) * 100.0;
      digit = -1.0;
    } else {
      return -1.0;
    }
  }
  if (!any) return -1.0;
  return total + (digit < 0 ? 0.0 : digit);
}

std::vector<Token> Tokenize(absl::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (absl::ascii_isalpha(c)) {
      size_t end = i;
      while (end < text.size() && absl::ascii_isalpha(static_cast<unsigned char>(text[end]))) ++end;
      tokens.push_back({Token::Kind::kWord, absl::AsciiStrToLower(text.substr(i, end - i)), 0.0});
      i = end;
    } else if (absl::ascii_isdigit(c)) {
      // Digits with inner '.' or ':' ("1.5", "1:30", "9:16").
      size_t end = i;
      while (end < text.size()) {
        const unsigned char d = static_cast<unsigned char>(text[end]);
        const bool inner = (d == '.' || d == ':') && end + 1 < text.size() &&
                           absl::ascii_isdigit(static_cast<unsigned char>(text[end + 1]));
        if (!absl::ascii_isdigit(d) && !inner) break;
        ++end;
      }
      const std::string number(text.substr(i, end - i));
      Token token{Token::Kind::kNumber, number, 0.0};
      if (absl::StrContains(number, ':')) {
        token.kind = Token::Kind::kClock;
        double seconds = 0.0;
        for (absl::string_view part : absl::StrSplit(number, ':')) {
          double value = 0.0;
          if (!absl::SimpleAtod(part, &value)) value = 0.0;
          seconds = seconds * 60.0 + value;
        }
        token.value = seconds;
      } else if (!absl::SimpleAtod(number, &token.value)) {
        token.value = 0.0;
      }
      tokens.push_back(std::move(token));
      i = end;
    } else if (c >= 0x80) {
      size_t size = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      size = std::min(size, text.size() - i);
      const absl::string_view ch = text.substr(i, size);
      if (IsChineseNumeral(ch)) {
        size_t end = i + size;
        while (end + 3 <= text.size() && IsChineseNumeral(text.substr(end, 3))) end += 3;
        const absl::string_view run = text.substr(i, end - i);
        tokens.push_back({Token::Kind::kNumber, std::string(run), ChineseNumberValue(run)});
        i = end;
      } else {
        tokens.push_back({Token::Kind::kCjk, std::string(ch), 0.0});
        i += size;
      }
    } else if (absl::ascii_isspace(c)) {
      ++i;
    } else {
      tokens.push_back({Token::Kind::kSymbol, std::string(1, static_cast<char>(c)), 0.0});
      ++i;
    }
  }
  return tokens;
}

std::vector<Clause> SplitMessage(absl::string_view message) {
  std::vector<std::string> quotes;
  const std::string marked = ExtractQuotes(message, quotes);
  std::vector<Clause> clauses;
  size_t next_quote = 0;
  for (std::string& raw : CutClauses(marked)) {
    Clause clause;
    for (char c : raw) {
      if (c == kQuoteMark && next_quote < quotes.size()) clause.quotes.push_back(quotes[next_quote++]);
    }
    clause.lower = absl::AsciiStrToLower(raw);
    clause.tokens = Tokenize(raw);
    clause.raw = std::move(raw);
    clauses.push_back(std::move(clause));
  }
  return clauses;
}

}  // namespace beatframe
