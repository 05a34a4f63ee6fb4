// Draws the photo-and-clip montage into yuv420p frames from a MontagePlan
// (engine/timeline/montage_plan.h): stills with their Ken Burns move, clip
// frames (from any VideoFrameSource; engine/media/clip_reader.h decodes
// them), the transitions, and a small zoom punch on every beat. MontageStyle
// puts a visualizer style's bright, beat-reactive parts on top. Stills are
// converted and prescaled once when the layer is made; per frame nothing
// allocates.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/media/picture.h"
#include "engine/media/video_frame_source.h"
#include "engine/render/frame.h"
#include "engine/render/side_worker.h"
#include "engine/render/style.h"
#include "engine/timeline/frame_context.h"
#include "engine/timeline/montage_plan.h"

namespace beatframe {

struct MontageSampleScratch;

// One uploaded item: a still when `clip` is null (then `still` holds the
// picture), else a clip.
struct MontageMedia {
  Picture still;
  std::unique_ptr<VideoFrameSource> clip;
};

class MontageLayer {
 public:
  // Largest zoom a still is drawn at (Ken Burns times the beat punch); stills
  // are prescaled to cover the frame times this, so zooming never upsamples.
  static constexpr float kMaxZoom = 1.2f;
  // The size a still must at least cover for a width x height video: decode
  // stills at this size (StillImageOptions) and nothing is lost.
  static void StillCoverSize(int width, int height, int* cover_width, int* cover_height);

  // INVALID_ARGUMENT when the plan names media that are not there, a still is
  // empty, or the size is odd or not positive.
  static absl::StatusOr<std::unique_ptr<MontageLayer>> Create(int width, int height, MontagePlan plan,
                                                              std::vector<MontageMedia> media);

  // Draws the montage for `context.frame_index`, covering `out` (the layer's
  // size). Call once per frame, frames in rising order, from one thread.
  void Draw(const FrameContext& context, FrameView& out);

  const MontagePlan& plan() const { return plan_; }
  // The first clip decoding error met while drawing (that clip shows black); OK if none.
  const absl::Status& clip_error() const { return clip_error_; }

 private:
  // A still in yuv420p at the prescaled size.
  struct PreparedStill {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> y, u, v;
  };
  MontageLayer(int width, int height) : width_(width), height_(height), scratch_(width, height) {}
  static PreparedStill PrepareStill(const Picture& picture, int width, int height);
  // The shot drawn for frame `frame` (cursor moves forward).
  size_t ShotAt(int64_t frame);
  // Draws shot `index` as it looks at frame `frame` (which may precede the
  // shot's first frame during a crossfade), zoomed by `punch`.
  void DrawShot(size_t index, int64_t frame, float punch, FrameView& out);
  void DrawStill(const PreparedStill& still, const KenBurns& move, float progress, float punch, FrameView& out);
  void DrawClip(size_t shot, int64_t frame, float punch, FrameView& out);

  int width_;
  int height_;
  MontagePlan plan_;
  std::vector<MontageMedia> media_;
  std::vector<PreparedStill> stills_;      // per media item; empty for clips
  std::vector<int64_t> clip_offsets_;      // per shot: the clip frame its first drawn frame shows
  size_t cursor_ = 0;
  YuvFrame scratch_;                       // the second shot of a crossfade
  std::vector<int32_t> x_index_;           // sampling tables and rows, reused every frame
  std::vector<uint16_t> x_weight_;
  std::vector<uint16_t> row_a_, row_b_;
  MontageSampleScratch Scratch();
  absl::Status clip_error_;
};

// The montage with a visualizer style over it: the style renders into its
// own buffer and its bright parts (bars, glows, particles, text) are keyed
// over the montage by their brightness, while its dark background gives way
// to the pictures. With no style, the montage alone. The pictures and the
// style draw on two threads (the caller's and a SideWorker's): on a montage
// they are most of a frame's work, and single-threaded they held the encoder
// back.
class MontageStyle : public Style {
 public:
  MontageStyle(std::unique_ptr<MontageLayer> layer, std::unique_ptr<Style> style, int width, int height);
  void Render(const FrameContext& context, FrameView& out) override;
  const MontageLayer& layer() const { return *layer_; }

 private:
  // Keys the style frame `over` onto `out` for rows [first_row, end_row).
  void KeyRows(const FrameView& over, int first_row, int end_row, FrameView& out) const;

  std::unique_ptr<MontageLayer> layer_;
  std::unique_ptr<Style> style_;  // may be null
  YuvFrame style_frame_;
  // Renders the style while the caller draws the pictures; only with a style.
  std::unique_ptr<SideWorker> side_;
  uint16_t key_[256];             // style luma -> how much of the style shows (0..256)
  uint8_t dim_luma_[256];         // the montage dimmed under the style
  uint8_t dim_chroma_[256];
};

}  // namespace beatframe
