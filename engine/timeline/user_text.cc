#include "engine/timeline/user_text.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
#include "engine/timeline/lyrics.h"

namespace beatframe {

absl::Status ApplyUserText(const std::string& title, const std::vector<Caption>& captions,
                           const std::string& lyrics_path, const MediaTags& tags, RenderPlan& plan) {
  const std::string trimmed(absl::StripAsciiWhitespace(title));
  if (!trimmed.empty()) {
    if (trimmed.size() > kMaxUserTitleBytes || !IsValidUtf8(trimmed)) {
      return absl::InvalidArgumentError(
          absl::StrCat("the title must be UTF-8 text of at most ", kMaxUserTitleBytes, " bytes"));
    }
    plan.title = trimmed;
    if (plan.subtitle.empty()) plan.subtitle = std::string(absl::StripAsciiWhitespace(tags.artist));
  }
  BF_RETURN_IF_ERROR(ValidateCaptions(captions));
  std::vector<Caption> all = captions;
  if (!lyrics_path.empty()) {
    BF_ASSIGN_OR_RETURN(std::vector<Caption> lyrics, LoadLyricsFile(lyrics_path));
    all.insert(all.end(), lyrics.begin(), lyrics.end());
  }
  SortCaptions(all);
  if (plan.duration_s > 0.0) {
    // Nothing can show after the last frame; a line cut to nothing is dropped.
    all.erase(std::remove_if(all.begin(), all.end(),
                             [&](const Caption& c) { return c.start_s >= plan.duration_s; }),
              all.end());
    for (Caption& caption : all) caption.end_s = std::min(caption.end_s, plan.duration_s);
  }
  plan.captions = std::move(all);
  return absl::OkStatus();
}

}  // namespace beatframe
