// The "bars" style: a classic mirrored spectrum (bass in the middle, highs
// at both ends) standing on a glowing floor line, with a faint reflection
// under it and peak caps that hold, then fall slowly. Bars bounce on every
// beat (the bass ones most, harder on strong beats), energy sets the gain,
// a travelling ripple keeps them alive between beats and dust drifts up
// behind them. With cover art the background is the blurred, darkened
// cover. Title card and fades from/to black on top.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/render/frame.h"
#include "engine/render/line_drawing.h"
#include "engine/render/palette.h"
#include "engine/render/style.h"
#include "engine/render/title_overlay.h"
#include "engine/render/yuv_canvas.h"

namespace beatframe {

// Where the bars go for a frame size, in luma pixels.
struct BarsLayout {
  float center_x = 0.0f;
  float baseline = 0.0f;    // the floor line; bars rise from it, reflections hang below
  float half_span = 0.0f;   // from the centre to the outer edge of the last bar
  int half_bars = 0;        // bars per side
  float pitch = 0.0f;       // centre-to-centre spacing
  float bar_radius = 0.0f;  // half the bar width (capsule radius)
  float max_height = 0.0f;  // tallest bar
  float reflection = 0.0f;  // reflection length as a fraction of the bar
  float title_top = 0.0f;
  float title_bottom = 0.0f;
};
// 16:9: 2 x 32 bars across the middle 84% with the floor at 60% of the
// height and the title under it; 9:16: 2 x 24 bars, floor at 52%, all
// inside 10%..80% of the height; 1:1: 2 x 24 bars, centred.
BarsLayout MakeBarsLayout(int width, int height);

class BarsStyle : public Style {
 public:
  // INVALID_ARGUMENT for an unknown palette or a bad size; NOT_FOUND when
  // the plan has a title and no font loads.
  static absl::StatusOr<std::unique_ptr<BarsStyle>> Create(const RenderPlan& plan);
  void Render(const FrameContext& context, FrameView& out) override;

  const BarsLayout& layout() const { return layout_; }

 private:
  static constexpr int kMaxHalfBars = 32;
  static constexpr int kMotes = 48;

  struct Mote {
    float x, y;        // 0..1 of the frame at t = 0
    float rise;        // frame heights per second
    float sway_hz, sway_phase;
    float size;        // radius in pixels
  };

  BarsStyle(const RenderPlan& plan, const Palette& palette);
  void UpdateLevels(const FrameContext& context, float hit);
  void DrawMotes(const FrameContext& context, float hit, const Rgb& tint, YuvCanvas& canvas);
  void DrawBars(float hit, const Rgb& inner, const Rgb& outer, FrameView& out);

  RenderPlan plan_;
  Palette palette_;
  BarsLayout layout_;
  YuvFrame background_;
  std::unique_ptr<TitleOverlay> title_;
  std::array<Mote, kMotes> motes_{};
  RadialLut mote_lut_;
  LineProfile floor_profile_;

  // Per bar (0 = centre): the smoothed level, the level shown (with the
  // beat's bounce), the peak cap and its fall.
  std::array<float, kMaxHalfBars> levels_{};
  std::array<float, kMaxHalfBars> shown_{};
  std::array<float, kMaxHalfBars> peaks_{};
  std::array<float, kMaxHalfBars> peak_hold_s_{};
  std::array<float, kMaxHalfBars> peak_speed_{};
  std::array<float, kMaxHalfBars> ripple_phase_{};
  int64_t last_frame_index_ = -2;
};

}  // namespace beatframe
