// Translation between drafts (engine/timeline) and the API's Draft and
// DraftOperation messages. Pure: no storage, no RPC.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "beatframe/v1/beatframe.pb.h"
#include "engine/timeline/draft_edit.h"
#include "engine/timeline/draft_history.h"
#include "engine/timeline/reply_language.h"

namespace beatframe::service {

// The current revision of `history` as the API's Draft.
v1::Draft DraftToProto(const std::string& session_id, const std::string& asset_id, const DraftHistory& history,
                       int64_t updated_unix_ms);

// One structured operation as a DraftEdit. INVALID_ARGUMENT for an empty
// operation, a `false` flag (remove_title, remove_background_music, undo) or
// an unknown cut rate. AddBackgroundMusicEdit comes back without a name; the
// caller checks its asset and names it.
absl::StatusOr<DraftEdit> OperationToEdit(const v1::DraftOperation& operation);

// "en" or "zh".
const char* LanguageCode(ReplyLanguage language);

}  // namespace beatframe::service
