// Shared by edit_parser.cc (targets with text and time) and
// edit_parser_words.cc (settings named by a word: aspect, look, cut rate,
// intensity): a clause being read, with what has been consumed.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/timeline/draft_edit.h"
#include "engine/timeline/message_text.h"

namespace beatframe::edit_parser_internal {

// English words are matched on unused tokens; Chinese keywords on the
// clause text, where a consumed keyword is blanked out.
class ClauseReader {
 public:
  explicit ClauseReader(const Clause& clause);

  const Clause& clause() const { return clause_; }
  const std::vector<Token>& tokens() const { return clause_.tokens; }
  std::vector<bool>& used() { return used_; }

  // An unused word token equal to `word`.
  bool Word(absl::string_view word) const { return FindWord(word) >= 0; }
  bool AnyWord(std::initializer_list<absl::string_view> words) const;
  bool TakeWord(absl::string_view word);
  bool TakeAnyWord(std::initializer_list<absl::string_view> words);
  // Consecutive unused tokens equal to `words` ("every", "beat").
  bool Phrase(std::initializer_list<absl::string_view> words) const { return FindPhrase(words) >= 0; }
  bool TakePhrase(std::initializer_list<absl::string_view> words);
  // Chinese (or any non-ASCII) keyword in the clause text.
  bool Zh(absl::string_view keyword) const;
  bool AnyZh(std::initializer_list<absl::string_view> keywords) const;
  bool TakeZh(absl::string_view keyword);
  bool TakeAnyZh(std::initializer_list<absl::string_view> keywords);

  int FindWord(absl::string_view word) const;
  int FindPhrase(std::initializer_list<absl::string_view> words) const;
  // Whether any token is still unused (ignoring fillers such as "please", "it", "一下").
  bool HasMeaningfulRest() const;

 private:
  const Clause& clause_;
  std::vector<bool> used_;
  std::string zh_;  // clause text with consumed Chinese keywords blanked
};

// Word tables (edit_parser_words.cc). Each consumes what it reads.
std::optional<DraftEdit> ReadCutRate(ClauseReader& reader);
std::optional<DraftEdit> ReadAspect(ClauseReader& reader);
std::optional<DraftEdit> ReadResolution(ClauseReader& reader);
std::optional<DraftEdit> ReadIntensity(ClauseReader& reader);
std::optional<std::string> ReadStyle(ClauseReader& reader);
std::optional<std::string> ReadPalette(ClauseReader& reader);
// Remove verbs: remove, delete, drop, no, without, 去掉, 删除, 不要 ...
bool TakeRemoveVerb(ClauseReader& reader);

}  // namespace beatframe::edit_parser_internal
