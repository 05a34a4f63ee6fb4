// Turns FFmpeg's AVERROR codes into absl::Status with a readable message.
// Every FFmpeg call site in the engine goes through this one mapping.
#pragma once

#include "absl/strings/string_view.h"

#include "absl/status/status.h"

namespace beatframe {

// Maps an AVERROR (negative int) to a Status. `what` names the operation,
// e.g. "open 'song.mp3'". Invalid data maps to INVALID_ARGUMENT, missing files
// to NOT_FOUND, memory to RESOURCE_EXHAUSTED, anything else to INTERNAL.
absl::Status AvErrorToStatus(int av_error, absl::string_view what);

}  // namespace beatframe
