// Decodes an uploaded still (JPEG, PNG, WebP, or the first frame of a GIF)
// into an upright RGBA Picture for the montage (the EXIF Orientation of JPEG
// and WebP photos applied), refusing pictures whose declared size is absurd
// before any pixel is decoded (decompression bombs).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "engine/media/picture.h"

namespace beatframe {

struct StillImageOptions {
  // When both are positive, a larger picture is scaled down (never up) while
  // decoding, keeping its aspect, to the smallest size whose upright picture
  // still covers cover_width x cover_height: a 12-megapixel photo never sits in memory as
  // RGBA when the video needs 2 megapixels of it.
  int cover_width = 0;
  int cover_height = 0;
};

// NOT_FOUND for a missing file; INVALID_ARGUMENT for anything that is not a
// decodable JPEG/PNG/WebP/GIF, for corrupt or truncated data, and for
// pictures over kMaxImageSide a side or kMaxImagePixels in all
// (engine/media/media_probe.h). Thread-safe.
// The picture comes out upright: a JPEG or WebP whose EXIF Orientation says it
// is stored sideways or mirrored (phone photos) is turned; a missing or
// malformed tag leaves it as stored. `source_width` / `source_height`, when
// not null, receive the picture's own upright size (before any scaling;
// width and height swapped for a picture stored on its side).
absl::StatusOr<Picture> DecodeStillImage(const std::string& path, const StillImageOptions& options = {},
                                         int* source_width = nullptr, int* source_height = nullptr);

}  // namespace beatframe
