// A chat message cut into what the edit parser reads: quoted texts taken
// out, clauses ("make it vertical, add the title 'X' and go calmer" is three),
// and per clause a token list in which English words, numbers, clock times
// and single Chinese characters are each one token. Works the same for
// English and Chinese, so one parser serves both.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace beatframe {

struct Token {
  enum class Kind {
    kWord,    // a run of ASCII letters, lower-cased: "vertical", "s", "p"
    kNumber,  // digits ("30", "1.5") or Chinese numerals ("三十"); `value` holds it
    kClock,   // "1:30", "0:05.5", "1:02:03"; `value` in seconds; text kept ("9:16")
    kCjk,     // one non-ASCII character (a Chinese character or a symbol like "：")
    kSymbol,  // one ASCII punctuation character: "%", "-", "~", "/", "&"; "\x01" marks a quote
  };
  Kind kind = Kind::kWord;
  std::string text;
  double value = 0.0;

  bool Is(absl::string_view word) const { return text == word; }
};

struct Clause {
  std::string raw;                  // the clause as written, quotes replaced by "\x01"
  std::string lower;                // raw with ASCII lower-cased
  std::vector<std::string> quotes;  // the quoted texts in this clause, in order
  std::vector<Token> tokens;
};

// Splits `message` into clauses at , ; . ! ? ，；。！？、 and at the joining words
// "and", "then", "also", "plus", "然后", "并且", "再", "还有", "同时" (not inside quotes;
// "and" is kept before a number or "out", as in "between 10 and 20 seconds" and
// "fade in and out"). Quoted texts: "…", “…”, ‘…’, 「…」, 『…』, 《…》 and '…'
// (a straight single quote opens only at a word start and closes at a word end).
std::vector<Clause> SplitMessage(absl::string_view message);

// The tokens of `text` (see Token). Chinese numerals 零一二两三四五六七八九十百 in a
// run form one number ("三十" is 30, "十五" 15, "一百二十" 120).
std::vector<Token> Tokenize(absl::string_view text);

// The value of a Chinese numeral run such as "二十五"; -1 when it is not one.
double ChineseNumberValue(absl::string_view text);

}  // namespace beatframe
