// Shared by draft_edit.cc and draft_edit_timing.cc: the per-edit appliers.
// Each takes a copy of the (valid) draft, changes it and returns the
// sentence; ApplyEdit validates the result.
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/timeline/draft_edit.h"

namespace beatframe::draft_edit_internal {

// An error with the message in the reply's language.
inline absl::Status Error(absl::StatusCode code, ReplyLanguage language, absl::string_view english,
                          absl::string_view chinese) {
  return absl::Status(code, InLanguage(language, english, chinese));
}

absl::StatusOr<EditResult> ApplyTitle(Draft draft, const SetTitleEdit& edit, ReplyLanguage language);
absl::StatusOr<EditResult> ApplyRemoveTitle(Draft draft, ReplyLanguage language);
absl::StatusOr<EditResult> ApplyAddCaption(Draft draft, const AddCaptionEdit& edit, ReplyLanguage language);
absl::StatusOr<EditResult> ApplyRemoveCaption(Draft draft, const RemoveCaptionEdit& edit, ReplyLanguage language);
absl::StatusOr<EditResult> ApplyTrim(Draft draft, const TrimEdit& edit, ReplyLanguage language);
absl::StatusOr<EditResult> ApplyFade(Draft draft, const FadeEdit& edit, ReplyLanguage language);

}  // namespace beatframe::draft_edit_internal
