#include "engine/media/av_orientation.h"

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"

extern "C" {
#include <libavutil/dict.h>
}

namespace beatframe {
namespace {

// The nine 32-bit values of libavutil/display.h.
constexpr size_t kDisplayMatrixBytes = 9 * sizeof(int32_t);

}  // namespace

Orientation FrameOrientation(const AVFrame& frame) {
  const AVFrameSideData* side = av_frame_get_side_data(&frame, AV_FRAME_DATA_DISPLAYMATRIX);
  if (side != nullptr && side->size >= kDisplayMatrixBytes) {
    return OrientationFromDisplayMatrix(reinterpret_cast<const int32_t*>(side->data));
  }
  // The decoders print the tag's value right-aligned ("    6").
  const AVDictionaryEntry* tag = av_dict_get(frame.metadata, "Orientation", nullptr, 0);
  int value = 0;
  if (tag == nullptr || tag->value == nullptr || !absl::SimpleAtoi(absl::StripAsciiWhitespace(tag->value), &value)) {
    return Orientation::kNormal;
  }
  return OrientationFromExif(value);
}

Orientation StreamOrientation(const AVStream& stream) {
  size_t size = 0;
  const uint8_t* data = av_stream_get_side_data(&stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (data == nullptr || size < kDisplayMatrixBytes) return Orientation::kNormal;
  return OrientationFromDisplayMatrix(reinterpret_cast<const int32_t*>(data));
}

}  // namespace beatframe
