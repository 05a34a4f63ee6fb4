// Drafts as JSON, in two forms:
//  - beatframe's own readable form ("format": "beatframe.draft", "version": 1,
//    "music", "settings", "tracks" with "role", "type" and "segments" of
//    named fields such as "start_ms", "duration_ms", "style", "text");
//  - the remote backend's short-key form (REMOTE_BACKEND_PROTOCOL.md):
//    {"t": [{"tt": 0|1|7, "m": {...}, "sg": [{"s": start ms, "d": duration ms,
//    "m": {...}}]}], "m": {...}}. The protocol fixes t, tt, sg, d and m; the
//    rest is our choice: "s" for a segment's start (when absent, segments
//    follow one another), the role in the track's "m.role", segment
//    parameters in the segment's "m" (style, palette, text, font_size,
//    position, asset_id, in, title, volume, fade_in, fade_out; times in ms)
//    and draft settings plus the music source in the top-level "m".
// Imports check every field they read and the result with ValidateDraft;
// unknown keys are ignored. Errors are INVALID_ARGUMENT naming the place:
// "draft JSON: tracks[2].segments[0].duration_ms must be a positive integer".
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/timeline/draft.h"

namespace beatframe {

// Our own form, pretty-printed with two-space indents when `pretty`.
std::string DraftToJson(const Draft& draft, bool pretty = true);
absl::StatusOr<Draft> DraftFromJson(absl::string_view json);

// The short-key form, compact.
std::string DraftToShortJson(const Draft& draft);
// Accepts drafts written by DraftToShortJson and by the remote backend.
// Without "m.role", tracks get roles by type and order: tt 0 visuals; the
// first tt 1 music, the second background music; a tt 7 track is the title
// when it is the first text track and has one segment starting at 0,
// captions otherwise. The music source comes from the top-level "m.music"
// or, when absent, from the music segment (asset_id, title, in + d).
absl::StatusOr<Draft> DraftFromShortJson(absl::string_view json);

}  // namespace beatframe
