// A contact sheet: a grid of a render's frames at beat times and halfway
// between beats, each labelled with its time, so a person can judge a render
// without playing it. The frames are known before rendering (from the beat
// list), captured downscaled as the pipeline renders them, and composed into
// one yuv420p picture afterwards (the pipeline writes it as PNG).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/render/frame.h"
#include "engine/render/style.h"

namespace beatframe {

struct SheetCell {
  int64_t frame_index = 0;
  double time_s = 0.0;   // the frame's start time
  bool on_beat = false;  // a beat lands on this frame (else it lies between beats)
};

// `cells` frames (an even count gives pairs) spread evenly over the track:
// for each pair a beat near the pair's share of the track and the frame
// halfway to the next beat. Without beats the frames are evenly spaced and
// none is on a beat. Frame of a time t: round(t * fps), as the beat pulse uses.
std::vector<SheetCell> PickSheetCells(const std::vector<double>& beat_times_s, int64_t frame_count, int fps_num,
                                      int fps_den, int cells);

// "0:12.50 ♪ beat" for a beat cell, "0:12.75" otherwise.
std::string SheetLabel(const SheetCell& cell);

struct ContactSheetOptions {
  int columns = 4;
  int rows = 3;
  int thumbnail_divisor = 5;  // each cell shows the frame at 1/5 of its size
};

// Collects the downscaled frames while a render runs, then lays them out.
class ContactSheet {
 public:
  ContactSheet(std::vector<SheetCell> cells, int frame_width, int frame_height, const ContactSheetOptions& options);

  // Keeps a downscaled copy of `frame` when `frame_index` is one of the
  // cells; otherwise does nothing. Call from the rendering thread.
  void Capture(int64_t frame_index, const FrameView& frame);

  // The sheet: thumbnails in reading order with a label strip under each,
  // on a dark background. NOT_FOUND when no font loads for the labels.
  absl::StatusOr<std::unique_ptr<YuvFrame>> Compose() const;

  const std::vector<SheetCell>& cells() const { return cells_; }
  int thumbnail_width() const { return thumb_width_; }
  int thumbnail_height() const { return thumb_height_; }
  int label_height() const { return label_height_; }
  int margin() const { return margin_; }

 private:
  std::vector<SheetCell> cells_;
  ContactSheetOptions options_;
  int thumb_width_ = 0;
  int thumb_height_ = 0;
  int label_height_ = 0;
  int margin_ = 0;
  std::vector<std::unique_ptr<YuvFrame>> thumbnails_;  // per cell; null until captured
};

// A style that draws with `inner` and hands every frame to `sheet`. Both
// must outlive it.
class SheetCapturingStyle : public Style {
 public:
  SheetCapturingStyle(Style* inner, ContactSheet* sheet) : inner_(inner), sheet_(sheet) {}
  void Render(const FrameContext& context, FrameView& out) override;

 private:
  Style* inner_;
  ContactSheet* sheet_;
};

}  // namespace beatframe
