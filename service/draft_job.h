// A render job of a draft: DraftRenderSettings (engine/timeline/draft_render.h)
// mapped onto a JobSpec, so a draft renders through the JobManager exactly as
// Generate's jobs do (persisted, resumed after a restart, charged credits,
// watchable with WatchJob).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "engine/timeline/draft_render.h"
#include "service/job.h"
#include "service/records.h"
#include "service/storage.h"

namespace beatframe::service {

// The spec of a render of `settings`, made from the audio asset `track` of
// `track.session_id`. Holds credits for the draft's (trimmed) duration.
// NOT_FOUND when the background music asset is gone.
absl::StatusOr<JobSpec> BuildDraftJobSpec(Storage& storage, const AssetRecord& track,
                                          const DraftRenderSettings& settings);

// The prompt a draft job carries: only what has no field of its own ("no
// title", so the track's tags do not put one back; the cut rate).
std::string DraftJobPrompt(const DraftRenderSettings& settings);

}  // namespace beatframe::service
