// Reads the cover picture embedded in an audio file: the attached-picture
// stream FFmpeg exposes for an MP3's ID3 APIC frame, an M4A's covr atom and
// a FLAC PICTURE block. The render pipeline calls this once per job.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "engine/media/picture.h"

namespace beatframe {

// The first attached picture of `path`, decoded (PNG, JPEG, ...) and
// converted to RGBA at its own size; nullopt when the file has none.
// NOT_FOUND when the file does not exist, INVALID_ARGUMENT when it cannot be
// read as media or its picture does not decode. Thread-safe.
absl::StatusOr<std::optional<Picture>> ExtractCoverArt(const std::string& path);

}  // namespace beatframe
