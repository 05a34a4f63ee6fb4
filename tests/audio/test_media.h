// Non-audio files for the decoder's rejection tests, made with libavcodec so
// they are real: a PNG image and an MP4 with a video stream and no audio.
#pragma once

#include <string>

#include "absl/status/status.h"

namespace beatframe::testing_util {

// A 64x48 RGB PNG.
absl::Status WritePng(const std::string& path);

// One second of 64x48 MPEG-4 Part 2 video at 10 fps in an MP4 container, no audio.
absl::Status WriteVideoOnlyMp4(const std::string& path);

}  // namespace beatframe::testing_util
