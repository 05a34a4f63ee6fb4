// Streams a video clip for the montage: decodes it one frame at a time
// (never the whole clip), picks the frame showing at each output frame time,
// and scales it with swscale to cover the output size (centre crop) in
// yuv420p BT.709 limited range. A clip shorter than the time asked for loops.
// Only the video stream is read; the clip's audio is never decoded. Phone
// clips stored sideways (a display matrix in the track header, e.g. an
// iPhone's -90 degrees) are turned upright, the crop fitted to the upright
// picture.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/common/av_handles.h"
#include "engine/media/picture_orientation.h"
#include "engine/media/video_frame_source.h"

namespace beatframe {

struct ClipReaderOptions {
  int width = 1920;   // output size (upright); even values keep chroma aligned
  int height = 1080;
  int fps_num = 30;   // output frame rate
  int fps_den = 1;
};

class ClipReader : public VideoFrameSource {
 public:
  // Opens the clip (by content, engine/media/media_probe.h). NOT_FOUND for a
  // missing file, INVALID_ARGUMENT for a file without a decodable video
  // stream or a bad output size.
  static absl::StatusOr<std::unique_ptr<ClipReader>> Open(const std::string& path,
                                                          const ClipReaderOptions& options);

  // See VideoFrameSource. INVALID_ARGUMENT when not a single frame decodes.
  absl::StatusOr<Yuv420Image> FrameAt(int64_t index) override;

  // Seconds of one pass through the clip; known once it has been read to
  // its end (0 before).
  double loop_duration_s() const { return loop_duration_s_; }

  // How the stored frames are turned to show upright (the stream's display
  // matrix); FrameAt() hands out the upright picture.
  Orientation orientation() const { return orientation_; }

 private:
  ClipReader() = default;
  // Decodes the next frame into next_; false at the end of the stream.
  absl::StatusOr<bool> DecodeNext();
  absl::Status OpenInput();
  absl::Status Rewind();
  absl::Status ScaleCurrent();
  double FrameSeconds(const AVFrame& frame);

  std::string path_;
  ClipReaderOptions options_;
  av::InputFormatPtr format_;
  av::CodecContextPtr decoder_;
  av::PacketPtr packet_;
  int stream_index_ = -1;
  AVRational time_base_{1, 1};
  bool flushing_ = false;
  Orientation orientation_ = Orientation::kNormal;

  av::FramePtr current_;     // the frame on screen; valid when have_current_
  av::FramePtr next_;        // decoded ahead of current_
  bool have_current_ = false;
  bool have_next_ = false;
  double current_s_ = 0.0;   // clip times of current_ and next_ within one pass
  double next_s_ = 0.0;
  double last_frame_s_ = 0.0;       // step between the last two frames, for the loop length
  int64_t first_pts_ = AV_NOPTS_VALUE;
  double loop_base_s_ = 0.0;        // output time where the current pass started
  double loop_duration_s_ = 0.0;
  int64_t last_index_ = -1;

  av::SwsPtr sws_;
  int sws_colorspace_ = -1;         // the source colour settings sws_ was set up for
  int sws_range_ = -1;
  bool scaled_valid_ = false;
  std::vector<uint8_t> y_, u_, v_;  // the scaled picture handed out
  // For a clip stored sideways or mirrored: the output as stored (width and
  // height swapped for a quarter turn), scaled into these planes, allocated
  // once, then turned into y_, u_, v_.
  int stored_width_ = 0;
  int stored_height_ = 0;
  std::vector<uint8_t> stored_y_, stored_u_, stored_v_;
};

}  // namespace beatframe
