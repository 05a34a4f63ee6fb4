// The drafts of every session: one per audio track, loaded from Storage on
// first use (so they survive restarts with all revisions) and kept in memory,
// each behind its own lock so that two messages about one track take turns
// while other tracks and sessions go on. Holds the turn logic of Send
// (route, apply, reply) and the structured Edit; renders are the caller's.
// Thread-safe. Callers have already checked that the session is the caller's.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "beatframe/v1/beatframe.pb.h"
#include "engine/audio/analysis.h"
#include "engine/timeline/draft_edit.h"
#include "engine/timeline/draft_history.h"
#include "engine/timeline/draft_render.h"
#include "engine/timeline/intent_router.h"
#include "service/records.h"
#include "service/storage.h"

namespace beatframe::service {

// What one Send message did.
struct TurnResult {
  std::string asset_id;  // the track; "" when the session has none
  std::string reply;     // never empty, except for kCredits (the caller answers)
  ReplyLanguage language = ReplyLanguage::kEnglish;
  Intent intent = Intent::kHelp;
  std::optional<v1::Draft> draft;  // set when the message made a new revision
  // Set when the message asks for a render of the (new) current draft.
  std::optional<DraftRenderSettings> render;
  AssetRecord track;     // valid when asset_id is set
};

// What a structured Edit did.
struct EditOutcome {
  v1::Draft draft;
  std::vector<std::string> changes;
};

// A draft ready to render.
struct DraftToRender {
  AssetRecord track;
  DraftRenderSettings settings;
  v1::Draft draft;
};

// Longest message Send takes, in bytes.
inline constexpr size_t kMaxMessageBytes = 2000;

class SessionDrafts {
 public:
  explicit SessionDrafts(Storage& storage) : storage_(storage) {}
  SessionDrafts(const SessionDrafts&) = delete;
  SessionDrafts& operator=(const SessionDrafts&) = delete;

  // The audio track `asset_id` names, or with "" the session's most recently
  // uploaded one (nullopt when it has none). NOT_FOUND for an unknown asset,
  // INVALID_ARGUMENT for one that is not an audio track.
  absl::StatusOr<std::optional<AssetRecord>> FindTrack(const std::string& session_id, const std::string& asset_id);

  // One chat turn: routes `message`, makes the draft if the track has none,
  // applies the edits as one revision (stored before returning) and says
  // what changed. Slow on a track's first message (its sections are found
  // for "only the chorus"): call off gRPC's callback threads.
  absl::StatusOr<TurnResult> Send(const std::string& session_id, const std::string& asset_id,
                                  const std::string& message);

  // Applies `edits` in order as one revision, all or nothing (the first
  // failure is returned with its code: INVALID_ARGUMENT, OUT_OF_RANGE,
  // FAILED_PRECONDITION). A lone UndoEdit undoes. FAILED_PRECONDITION when
  // the session has no audio track.
  absl::StatusOr<EditOutcome> Edit(const std::string& session_id, const std::string& asset_id,
                                   const std::vector<DraftEdit>& edits);

  // The current draft. NOT_FOUND when the track has none yet.
  absl::StatusOr<v1::Draft> Get(const std::string& session_id, const std::string& asset_id);
  // Every draft of the session, most recently changed first.
  absl::StatusOr<std::vector<v1::Draft>> List(const std::string& session_id);

  // The current draft (made if the track has none) and its render settings.
  absl::StatusOr<DraftToRender> ForRender(const std::string& session_id, const std::string& asset_id);

 private:
  // One draft; `mu` serialises every turn on it.
  struct Slot {
    std::mutex mu;
    std::optional<DraftHistory> history;  // guarded by mu; nullopt until loaded or made
    size_t stored = 0;                    // revisions already in Storage; guarded by mu
    int64_t updated_unix_ms = 0;          // guarded by mu
  };

  std::shared_ptr<Slot> SlotFor(const std::string& session_id, const std::string& asset_id);
  // Loads the stored revisions into `slot` unless it holds them already.
  absl::Status LoadLocked(Slot& slot, const std::string& session_id, const std::string& asset_id);
  // Loads, and makes the first revision when there is none.
  absl::Status EnsureLocked(Slot& slot, const AssetRecord& track);
  // Stores the revisions made since the last call. On failure the slot is
  // reset so the next use reloads what Storage has.
  absl::Status StoreLocked(Slot& slot, const std::string& session_id, const std::string& asset_id);
  // What the parser needs: durations, the title, sections, the other track.
  ParseContext ContextFor(const Slot& slot, const AssetRecord& track);
  // The track's sections (analysed once, then cached); empty if analysis fails.
  std::vector<Section> SectionsOf(const AssetRecord& track);
  // The session's newest audio track other than `track`, if any.
  std::optional<AssetRecord> OtherTrack(const AssetRecord& track);
  // Checks the asset of each AddBackgroundMusicEdit (NOT_FOUND, or
  // INVALID_ARGUMENT for one that is not another audio track) and names it.
  absl::StatusOr<std::vector<DraftEdit>> CheckBackgroundMusic(const AssetRecord& track, std::vector<DraftEdit> edits);
  // The track's analysis-based default style, cached with its sections.
  std::string DefaultStyleOf(const AssetRecord& track);

  Storage& storage_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Slot>> slots_;  // by "session/asset"; guarded by mu_
  struct TrackFacts {
    std::vector<Section> sections;
    std::string style;
  };
  std::map<std::string, TrackFacts> facts_;  // by asset id; guarded by mu_
};

// Whether an asset is an audio track (not lyrics, an image or a clip).
bool IsAudioTrack(const AssetRecord& asset);

}  // namespace beatframe::service
