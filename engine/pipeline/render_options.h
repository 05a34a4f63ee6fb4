// The draft-edit fields of a RenderRequest (trim, fades, volumes, background
// music, title range, explicit style and palette, intensity): the checks that
// need no file, the part of the track they select, and what they change in
// the plan. render_job.cc runs these in its stages; internal to bf_pipeline.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/audio/audio_buffer.h"
#include "engine/pipeline/render_job.h"
#include "engine/timeline/render_plan.h"
#include "engine/timeline/track_window.h"

namespace beatframe::pipeline_internal {

// An end_s this little past the decoded track is clamped rather than refused:
// containers and decoders disagree about a track's last few milliseconds.
inline constexpr double kTrimEndSlackS = 0.05;
// Upper limit of music_volume and background_volume.
inline constexpr double kMaxVolume = 2.0;

// INVALID_ARGUMENT naming the field for: a number that is not finite or out
// of range (start_s >= 0; end_s < 0 or > start_s; fades >= 0; volumes
// 0..kMaxVolume; title_start_s >= 0; title_duration_s < 0 or > 0; intensity
// -1..1), or an unknown style or palette (the message lists the valid names).
// Reads no file, so a bad request fails before anything is decoded.
absl::Status ValidateDraftEdits(const RenderRequest& request);

// The part of a decoded track `track_duration_s` long that the output covers
// (start_s/end_s, end_s < 0 meaning the end). INVALID_ARGUMENT when start_s
// is not before the track's end or end_s lies past it by more than
// kTrimEndSlackS (a smaller overshoot is clamped).
absl::StatusOr<TrackWindow> ResolveTrackWindow(const RenderRequest& request, double track_duration_s);

// Moves a plan made from the whole track onto `window`: the output's
// duration, and the default title length cut to it. Call right after
// PlanRender, before the text is applied.
void FitPlanToWindow(const TrackWindow& window, RenderPlan& plan);

// The request's title, captions (output time) and lyrics file (track time,
// moved by WindowCaptions) into the plan. With no trim at the start this is
// exactly ApplyUserText; errors are ApplyUserText's and LoadLyricsFile's.
absl::Status ApplyTextInWindow(const RenderRequest& request, const MediaTags& tags, const TrackWindow& window,
                               RenderPlan& plan);

// The explicit style and palette (which win over the prompt, the music and
// the cover art) and the title's time range. Call after every other step that
// sets the plan's style or palette (PlanRender, the cover art).
void ApplyLookOverrides(const RenderRequest& request, RenderPlan& plan);

}  // namespace beatframe::pipeline_internal
