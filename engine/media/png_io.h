// PNG files in and out through libavcodec: the contact sheet is written from
// yuv420p planes (BT.709 limited range, as rendered), and any still image
// FFmpeg reads (PNG, JPEG, WebP, ...) can be loaded as a Picture.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/media/picture.h"

namespace beatframe {

// Writes a yuv420p image (planes Y, Cb, Cr; chroma at half size, rounded up)
// as an 8-bit RGB PNG at `path`, converted with full-range output.
// INVALID_ARGUMENT for a bad size; INTERNAL or NOT_FOUND when the file cannot
// be written.
absl::Status WriteYuv420Png(int width, int height, const uint8_t* const planes[3], const int strides[3],
                            const std::string& path);

// Decodes the first picture of the image file at `path` to RGBA. NOT_FOUND
// for a missing file, INVALID_ARGUMENT when it is not a picture.
absl::StatusOr<Picture> ReadImageFile(const std::string& path);

}  // namespace beatframe
