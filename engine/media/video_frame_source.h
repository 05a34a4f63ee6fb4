// The interface between a video clip's decoder (engine/media/clip_reader.h,
// FFmpeg) and the montage renderer (engine/render/montage_layer.h, no
// FFmpeg): yuv420p frames already at the output size and frame rate.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"

namespace beatframe {

// A read-only yuv420p picture (BT.709 limited range): plane 0 is luma at
// width x height, planes 1 and 2 are Cb and Cr at half size (rounded up).
struct Yuv420Image {
  int width = 0;
  int height = 0;
  const uint8_t* planes[3] = {nullptr, nullptr, nullptr};
  int strides[3] = {0, 0, 0};
};

class VideoFrameSource {
 public:
  virtual ~VideoFrameSource() = default;
  // Frame `index` at the output frame rate, counted from the clip's start
  // (a clip shorter than that loops). The picture stays valid until the next
  // call. Cheapest when indices rise one at a time; an index lower than the
  // last one restarts decoding from the clip's start. Not thread-safe.
  virtual absl::StatusOr<Yuv420Image> FrameAt(int64_t index) = 0;
};

}  // namespace beatframe
