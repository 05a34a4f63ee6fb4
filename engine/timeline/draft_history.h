// The revisions of one draft. Every change commits a new revision with a
// description; undo goes back one step by committing the earlier draft again,
// so revision numbers only ever grow (a stored revision is never rewritten).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/timeline/draft.h"
#include "engine/timeline/draft_edit.h"
#include "engine/timeline/reply_language.h"

namespace beatframe {

struct Revision {
  int64_t number = 0;  // 1, 2, 3, ... in commit order
  // The revision an undo of this one returns to; 0 for the first (nothing
  // to undo). For an edit it is the revision edited; for an undo it is the
  // parent of the revision undone, so repeated undos keep going back.
  int64_t parent = 0;
  Draft draft;
  std::string description;  // what changed, for people
  bool operator==(const Revision&) const = default;
};

// What applying a message's edits did.
struct EditBatchResult {
  std::vector<std::string> changes;  // one sentence per edit that applied (or found nothing to do)
  std::vector<absl::Status> errors;  // one per edit that could not apply, messages for people
  bool committed = false;            // a new revision was made
  int64_t revision = 0;              // the current revision number afterwards

  // The sentences, then the errors' messages, joined by spaces.
  std::string Reply() const;
};

// Not thread-safe: the owner (one session) serialises calls.
class DraftHistory {
 public:
  // Revision 1 holds `initial`; INVALID_ARGUMENT when it is not valid.
  static absl::StatusOr<DraftHistory> Create(Draft initial, std::string description);
  // Rebuilds a history from stored revisions (any order). INVALID_ARGUMENT
  // for none, repeated numbers, a parent that is not an earlier revision, or
  // an invalid draft.
  static absl::StatusOr<DraftHistory> FromRevisions(std::vector<Revision> revisions);

  const Draft& draft() const { return revisions_.back().draft; }
  const Revision& current() const { return revisions_.back(); }
  const std::vector<Revision>& revisions() const { return revisions_; }

  // Commits `draft` (INVALID_ARGUMENT when not valid) and returns its number.
  absl::StatusOr<int64_t> Commit(Draft draft, std::string description);

  // Applies `edit` to the current draft and commits when it changed
  // something; returns ApplyEdit's result. UndoEdit undoes.
  absl::StatusOr<EditResult> Apply(const DraftEdit& edit, ReplyLanguage language = ReplyLanguage::kEnglish);

  // Applies the edits in order, each to the result of the ones before, and
  // commits one revision for all that applied (so one undo takes back one
  // message). An edit that fails is skipped and reported; the others still
  // apply. An UndoEdit among other edits is refused as an error.
  EditBatchResult ApplyAll(const std::vector<DraftEdit>& edits, ReplyLanguage language = ReplyLanguage::kEnglish);

  // Goes back one step: commits the draft of current().parent as a new
  // revision and returns a sentence saying what was undone.
  // FAILED_PRECONDITION at the first revision (nothing to undo).
  absl::StatusOr<std::string> Undo(ReplyLanguage language = ReplyLanguage::kEnglish);

 private:
  explicit DraftHistory(std::vector<Revision> revisions) : revisions_(std::move(revisions)) {}
  const Revision* Find(int64_t number) const;

  std::vector<Revision> revisions_;  // ascending numbers; never empty
};

}  // namespace beatframe
