#include "engine/timeline/draft_history.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/common/status_macros.h"

namespace beatframe {

std::string EditBatchResult::Reply() const {
  std::vector<std::string> parts = changes;
  for (const absl::Status& error : errors) parts.emplace_back(error.message());
  return absl::StrJoin(parts, " ");
}

absl::StatusOr<DraftHistory> DraftHistory::Create(Draft initial, std::string description) {
  BF_RETURN_IF_ERROR(ValidateDraft(initial));
  std::vector<Revision> revisions;
  revisions.push_back(Revision{1, 0, std::move(initial), std::move(description)});
  return DraftHistory(std::move(revisions));
}

absl::StatusOr<DraftHistory> DraftHistory::FromRevisions(std::vector<Revision> revisions) {
  if (revisions.empty()) return absl::InvalidArgumentError("a draft history needs at least one revision");
  std::sort(revisions.begin(), revisions.end(),
            [](const Revision& a, const Revision& b) { return a.number < b.number; });
  for (size_t i = 0; i < revisions.size(); ++i) {
    const Revision& revision = revisions[i];
    if (revision.number <= 0 || (i > 0 && revision.number == revisions[i - 1].number)) {
      return absl::InvalidArgumentError(absl::StrCat("revision number ", revision.number, " is repeated or not positive"));
    }
    const bool parent_is_earlier =
        revision.parent == 0 ||
        std::any_of(revisions.begin(), revisions.begin() + static_cast<std::ptrdiff_t>(i),
                    [&](const Revision& earlier) { return earlier.number == revision.parent; });
    if (!parent_is_earlier) {
      return absl::InvalidArgumentError(
          absl::StrCat("revision ", revision.number, " has parent ", revision.parent, ", which is not an earlier revision"));
    }
    BF_RETURN_IF_ERROR(Annotate(ValidateDraft(revision.draft), absl::StrCat("revision ", revision.number)));
  }
  return DraftHistory(std::move(revisions));
}

const Revision* DraftHistory::Find(int64_t number) const {
  for (const Revision& revision : revisions_) {
    if (revision.number == number) return &revision;
  }
  return nullptr;
}

absl::StatusOr<int64_t> DraftHistory::Commit(Draft draft, std::string description) {
  BF_RETURN_IF_ERROR(ValidateDraft(draft));
  const int64_t parent = revisions_.back().number;
  revisions_.push_back(Revision{parent + 1, parent, std::move(draft), std::move(description)});
  return revisions_.back().number;
}

absl::StatusOr<EditResult> DraftHistory::Apply(const DraftEdit& edit, ReplyLanguage language) {
  if (std::holds_alternative<UndoEdit>(edit)) {
    BF_ASSIGN_OR_RETURN(std::string sentence, Undo(language));
    return EditResult{draft(), std::move(sentence), true};
  }
  BF_ASSIGN_OR_RETURN(EditResult result, ApplyEdit(draft(), edit, language));
  if (result.changed && result.draft != draft()) BF_RETURN_IF_ERROR(Commit(result.draft, result.change).status());
  return result;
}

EditBatchResult DraftHistory::ApplyAll(const std::vector<DraftEdit>& edits, ReplyLanguage language) {
  EditBatchResult batch;
  if (edits.size() == 1 && std::holds_alternative<UndoEdit>(edits.front())) {
    absl::StatusOr<std::string> undone = Undo(language);
    if (undone.ok()) {
      batch.changes.push_back(*undone);
      batch.committed = true;
    } else {
      batch.errors.push_back(undone.status());
    }
    batch.revision = current().number;
    return batch;
  }
  Draft working = draft();
  std::vector<std::string> descriptions;
  for (const DraftEdit& edit : edits) {
    if (std::holds_alternative<UndoEdit>(edit)) {
      batch.errors.push_back(absl::InvalidArgumentError(
          InLanguage(language, "Undo must be asked for on its own.", "撤销需要单独发送。")));
      continue;
    }
    absl::StatusOr<EditResult> result = ApplyEdit(working, edit, language);
    if (!result.ok()) {
      batch.errors.push_back(result.status());
      continue;
    }
    batch.changes.push_back(result->change);
    if (result->changed) descriptions.push_back(result->change);
    working = std::move(result->draft);
  }
  if (working != draft()) {
    absl::StatusOr<int64_t> number = Commit(std::move(working), absl::StrJoin(descriptions, " "));
    if (number.ok()) {
      batch.committed = true;
    } else {
      batch.errors.push_back(number.status());
    }
  }
  batch.revision = current().number;
  return batch;
}

absl::StatusOr<std::string> DraftHistory::Undo(ReplyLanguage language) {
  const Revision& undone = current();
  const Revision* target = Find(undone.parent);
  if (target == nullptr) {
    return absl::FailedPreconditionError(
        InLanguage(language, "There is nothing to undo: this is the first version of the draft.",
                   "没有可撤销的操作：这已经是草稿的第一个版本。"));
  }
  const std::string sentence = InLanguage(language, absl::StrCat("Undid: ", undone.description),
                                          absl::StrCat("已撤销：", undone.description));
  Revision revision{undone.number + 1, target->parent, target->draft, sentence};
  revisions_.push_back(std::move(revision));
  return sentence;
}

}  // namespace beatframe
