// Rows of the drafts tables (storage_drafts.cc): one draft per (session, audio
// asset) and its revisions, each revision's draft kept whole as JSON
// (engine/timeline/draft_json.h), so a restarted server rebuilds the history
// with DraftHistory::FromRevisions and undo keeps working.
#pragma once

#include <cstdint>
#include <string>

namespace beatframe::service {

struct DraftRevisionRecord {
  std::string session_id;
  std::string asset_id;    // the audio track the draft belongs to
  int64_t number = 0;      // 1, 2, 3, ... (Revision::number)
  int64_t parent = 0;      // Revision::parent; 0 for the first
  std::string description;
  std::string draft_json;  // DraftToJson(draft, /*pretty=*/false)
  int64_t created_unix_ms = 0;
};

// A draft's row: which revision is current and when it last changed.
struct DraftRecord {
  std::string session_id;
  std::string asset_id;
  int64_t revision = 0;
  int64_t created_unix_ms = 0;
  int64_t updated_unix_ms = 0;
};

}  // namespace beatframe::service
