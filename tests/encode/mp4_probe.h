// Test helpers that open a written MP4 again with libavformat/libavcodec:
// stream facts, top-level atom order, decoded sample counts and decoded video
// frames. Shared by the encode and pipeline tests (target bf_mp4_probe).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace beatframe::testing {

struct VideoStreamFacts {
  std::string codec;           // "h264"
  std::string pix_fmt;         // "yuv420p"
  int width = 0;
  int height = 0;
  int profile = -1;            // FF_PROFILE_H264_*
  int level = -1;
  int color_range = 0;         // AVColorRange
  int color_primaries = 0;     // AVColorPrimaries
  int color_space = 0;         // AVColorSpace
  double fps = 0.0;
  double duration_s = 0.0;     // from the stream header
  int64_t frame_count = 0;     // packets
  std::vector<int64_t> keyframes;   // frame indices of key packets, in decode order
};

struct AudioStreamFacts {
  std::string codec;           // "aac"
  int sample_rate_hz = 0;
  int channels = 0;
  int64_t bit_rate = 0;        // as the container reports it
  double duration_s = 0.0;     // from the stream header
};

struct Mp4Facts {
  std::string format;          // libavformat's name
  VideoStreamFacts video;
  AudioStreamFacts audio;
  int stream_count = 0;
  int64_t size_bytes = 0;
};

// Opens `path` and reads every packet. NOT_FOUND / INVALID_ARGUMENT as the
// demuxer reports.
absl::StatusOr<Mp4Facts> ProbeMp4(const std::string& path);

// Offsets of the top-level atoms ("ftyp", "moov", "mdat", ...) in file order.
struct Atom {
  std::string type;
  int64_t offset = 0;
  int64_t size = 0;
};
absl::StatusOr<std::vector<Atom>> ReadTopLevelAtoms(const std::string& path);

// Decodes the whole audio stream; returns the sample count per channel after
// the decoder drops the encoder's priming samples.
absl::StatusOr<int64_t> DecodedAudioSampleCount(const std::string& path);

// A decoded yuv420p picture, tightly packed planes.
struct DecodedFrame {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> y, u, v;   // y: width*height; u, v: ((width+1)/2)*((height+1)/2)
  double MeanLuma(double x0, double y0, double x1, double y1) const;  // fractions of the frame
};

// Decodes video frames in display order and returns those at `indices`
// (ascending). OUT_OF_RANGE when the stream ends first.
absl::StatusOr<std::vector<DecodedFrame>> DecodeVideoFrames(const std::string& path,
                                                            const std::vector<int64_t>& indices);

// Decodes every video frame in display order and calls on_frame(index,
// frame) until it returns false.
absl::Status ForEachVideoFrame(const std::string& path,
                               const std::function<bool(int64_t, const DecodedFrame&)>& on_frame);

}  // namespace beatframe::testing
