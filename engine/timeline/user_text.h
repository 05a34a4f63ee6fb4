// What the user asked to be written on the video besides the prompt: a title
// that replaces the plan's, captions with time ranges and a lyrics file. Run
// after PlanRender; the styles then draw the plan's title and captions.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/audio/audio_buffer.h"
#include "engine/timeline/caption.h"
#include "engine/timeline/render_plan.h"

namespace beatframe {

inline constexpr size_t kMaxUserTitleBytes = 200;

// A non-empty `title` (trimmed) replaces plan.title, with the artist tag as
// subtitle when the plan has none. `captions` and the lines of the lyrics
// file at `lyrics_path` (when non-empty) become plan.captions, sorted by
// start and cut at plan.duration_s (captions starting after it are dropped).
// INVALID_ARGUMENT for a title over kMaxUserTitleBytes or not UTF-8, bad
// captions (see ValidateCaptions) or a bad lyrics file; NOT_FOUND when the
// lyrics file cannot be read.
absl::Status ApplyUserText(const std::string& title, const std::vector<Caption>& captions,
                           const std::string& lyrics_path, const MediaTags& tags, RenderPlan& plan);

}  // namespace beatframe
