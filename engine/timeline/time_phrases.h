// Times and time ranges in a clause, in English and Chinese: "for the first
// 3 seconds", "from 0:30 to 0:45", "between 10 and 20 seconds", "the last 15
// s", "at 1:00 for 5 seconds", "for 3 seconds", "前3秒", "从0:30到0:45",
// "最后十秒", "1分30秒". Also percentages ("30%", "30 percent", "百分之三十").
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/timeline/message_text.h"

namespace beatframe {

// What a clause says about time. Which fields are set depends on the phrase:
//   "first N"          start 0, end N
//   "last N"           length N, from_end
//   "from A to B", "A-B", "between A and B"   start A, end B
//   "at A" / "from A"  start A (and length N with "for N")
//   "for N", "N long", a lone "N seconds"     length N
struct TimePhrase {
  std::optional<int64_t> start_ms;
  std::optional<int64_t> end_ms;
  std::optional<int64_t> length_ms;
  bool from_end = false;

  bool found() const { return start_ms || end_ms || length_ms; }
};

// Finds the first time phrase among the tokens not yet `used` and marks the
// tokens it read as used (`used` has one entry per token). Bare numbers
// count as seconds only inside a phrase ("from 10 to 20" is seconds); a
// lone number without a unit is no time. Aspect ratios ("9:16") are no
// times unless a range word surrounds them.
TimePhrase FindTimePhrase(const std::vector<Token>& tokens, std::vector<bool>& used);

// The first "N%" / "N percent" / "百分之N" among unused tokens, marking them.
std::optional<int> FindPercent(const std::vector<Token>& tokens, std::vector<bool>& used);

}  // namespace beatframe
