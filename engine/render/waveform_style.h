// The "waveform" style: glowing oscilloscope lines across the frame. The
// style sees no PCM, so each line is a smooth synthetic wave: a few sines
// whose amplitudes follow one range of bands (bass for the lead line, mids
// and highs for the two behind it), travelling at a speed set by energy and
// tapered to a point at both edges. On every beat the lines jump in
// amplitude, thicken and flash (strong beats most, with a palette step);
// a faint graticule is baked into the background (over the blurred,
// darkened cover when the track has one). Title card and fades from/to
// black on top.
#pragma once

#include <array>
#include <memory>

#include "absl/status/statusor.h"
#include "engine/render/frame.h"
#include "engine/render/line_drawing.h"
#include "engine/render/palette.h"
#include "engine/render/style.h"
#include "engine/render/title_overlay.h"

namespace beatframe {

// Where the waves go for a frame size, in luma pixels.
struct WaveformLayout {
  float center_y = 0.0f;   // the lines' rest position
  // Excursion either side of it at full energy and band level, before a
  // beat's kick (up to 1.55 times this): the lines stay clear of the title.
  float amplitude = 0.0f;
  float unit = 0.0f;       // the short side: thicknesses scale with it
  float title_top = 0.0f;
  float title_bottom = 0.0f;
};
// 16:9 centres the lines a little above the middle with the title below;
// 9:16 keeps them inside 10%..80% of the height; 1:1 centres.
WaveformLayout MakeWaveformLayout(int width, int height);

class WaveformStyle : public Style {
 public:
  // INVALID_ARGUMENT for an unknown palette or a bad size; NOT_FOUND when
  // the plan has a title and no font loads.
  static absl::StatusOr<std::unique_ptr<WaveformStyle>> Create(const RenderPlan& plan);
  void Render(const FrameContext& context, FrameView& out) override;

  const WaveformLayout& layout() const { return layout_; }

 private:
  static constexpr int kLines = 3;
  static constexpr int kWaves = 3;         // sines per line
  static constexpr int kMaxPoints = 400;
  // Pixels between points: the waves bend gently enough that this reads as
  // a smooth curve, and longer segments cost less per pixel.
  static constexpr float kPointSpacing = 10.0f;

  // One sine of a line: cycles across the frame, travel speed, and which
  // band (0..1, low..high) sets its amplitude.
  struct Wave {
    float cycles;
    float speed;  // radians per unit of travel
    float band;
    float weight;
  };

  WaveformStyle(const RenderPlan& plan, const Palette& palette);
  void BakeGraticule();
  void Advance(const FrameContext& context);
  // Fills points_ with line `line` at this frame; returns the point count.
  int TraceLine(int line, const FrameContext& context, float hit, float mirror);

  RenderPlan plan_;
  Palette palette_;
  WaveformLayout layout_;
  YuvFrame background_;
  std::unique_ptr<TitleOverlay> title_;
  std::array<std::array<Wave, kWaves>, kLines> waves_{};
  std::array<float, kLines> line_phase_{};
  std::array<Point2, kMaxPoints> points_{};
  std::array<float, kMaxPoints> envelope_{};  // taper towards the edges, per point
  int point_count_ = 0;
  std::array<LineProfile, kLines> profiles_;

  // Travel (integrated speed) so the waves move on smoothly when energy changes.
  double travel_ = 0.0;
  int64_t last_frame_index_ = -2;
};

}  // namespace beatframe
