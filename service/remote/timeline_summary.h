// A one-line human summary of the remote service's draft (timeline) JSON,
// used when a reply stream ends with no text and for "preview in timeline":
//   Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)
// Draft short keys: `t` tracks; per track `tt` type (0 video, 1 audio, 7
// text) and `sg` segments; per segment `d` duration in ms and `m` metadata.
// Not fixed by the protocol page, and so read leniently: a segment's start is
// its `s` / `st` (ms) when present, else the end of the segment before it; its
// label is m.name / title / label / desc / file name (text: m.text / content);
// an audio volume m.volume / vol is a fraction (<= 1) or a percentage.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "service/remote/json_util.h"

namespace beatframe::remote {

// INVALID_ARGUMENT when `draft` is not an object with a `t` array (a draft
// given as a JSON string is parsed first).
absl::StatusOr<std::string> SummarizeTimeline(const Json& draft);

// "10", "1.5", "3.3": seconds from milliseconds, at most one decimal.
std::string FormatSeconds(double ms);

}  // namespace beatframe::remote
