// The "gradient" style: a slow flowing colour field (a plasma of drifting
// sine waves) computed on a grid of one point per 8x8 pixels and upscaled
// bilinearly into the planes with an ordered dither in 4x4-pixel cells
// (coarse enough to survive H.264, so the dark field neither bands nor
// breaks into blocks), so it costs little. The field swells brighter on every beat, flows
// faster with energy, ripples out from the centre with the bass and steps
// its palette on strong beats; a breathing outline in the middle, shaped
// by the bands, keeps the frame from feeling empty. With cover art the
// ribbons of colour drift over the blurred, darkened cover instead of the
// palette's dark tones (mixed on the grid, so it costs nothing per pixel).
// Title card and fades from/to black on top.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/media/picture.h"
#include "engine/render/frame.h"
#include "engine/render/line_drawing.h"
#include "engine/render/palette.h"
#include "engine/render/style.h"
#include "engine/render/title_overlay.h"
#include "engine/render/yuv_canvas.h"

namespace beatframe {

// Where the centred shape goes for a frame size, in luma pixels.
struct GradientLayout {
  float center_x = 0.0f;
  float center_y = 0.0f;
  float unit = 0.0f;          // the short side
  float shape_radius = 0.0f;  // the outline's radius at rest
  float title_top = 0.0f;
  float title_bottom = 0.0f;
};
// The shape sits a little above the middle on 16:9 and 1:1, and in the
// middle of the band clear of app chrome on 9:16.
GradientLayout MakeGradientLayout(int width, int height);

class GradientStyle : public Style {
 public:
  // INVALID_ARGUMENT for an unknown palette or a bad size; NOT_FOUND when
  // the plan has a title and no font loads.
  static absl::StatusOr<std::unique_ptr<GradientStyle>> Create(const RenderPlan& plan);
  void Render(const FrameContext& context, FrameView& out) override;

  const GradientLayout& layout() const { return layout_; }

 private:
  static constexpr int kCell = 8;         // luma pixels per grid step
  static constexpr int kRamp = 256;       // entries of the per-frame colour ramp
  static constexpr int kShapePoints = 96;
  static constexpr int kSineSize = 4096;  // sine table: the field needs ~150k sines a frame

  GradientStyle(const RenderPlan& plan, const Palette& palette);
  void Advance(const FrameContext& context, float hit);
  // Fills the grid (Y, Cb, Cr in 1/16 steps) for this frame.
  void ComputeField(const FrameContext& context, float hit);
  void BuildRamp(const FrameContext& context, float hit);
  // With cover art: the ramp as accents over the cover (ramp_*_ premultiplied,
  // ramp_keep_ what is left of the cover, x256).
  void BuildCoverRamp(const FrameContext& context, float hit);
  void BakeCoverGrid(const Picture& cover);
  void Upscale(FrameView& out);
  // One plane: `cell` pixels per grid step; `bits` of fixed point to drop.
  template <int kCellSize>
  void UpscalePlane(const std::vector<int32_t>& field, const std::vector<int16_t>& dither, int width, int height,
                    int low, int high, int tile_shift, uint8_t* plane, int stride);
  void DrawShape(const FrameContext& context, float hit, FrameView& out);
  float Sin(float radians) const;

  RenderPlan plan_;
  Palette palette_;
  GradientLayout layout_;
  std::unique_ptr<TitleOverlay> title_;

  int grid_width_ = 0;  // grid points per row (one past the last pixel)
  int grid_height_ = 0;
  int grid_stride_ = 0;  // grid_width_ rounded up to a multiple of 8
  std::vector<float> grid_x_, grid_y_;   // per column / row: position in short-side units from the centre
  std::vector<float> radius_;            // per point: distance from the centre, short-side units
  std::vector<uint16_t> vignette_;       // per point: 0..256 light kept
  std::vector<int32_t> field_y_, field_u_, field_v_;  // per point, 1/16 steps of a code value
  // Two grid rows interpolated across to pixels (the rows above and below
  // the output row), and one output row before it is copied out; reused.
  std::vector<int16_t> upper_, lower_;
  std::vector<uint8_t> out_line_;
  int padded_width_ = 0;  // the frame width rounded up to a multiple of 64
  std::vector<float> column_terms_;      // per-frame wave terms that depend on x only
  std::vector<float> row_terms_;         // and on y only
  std::vector<int16_t> luma_dither_;     // 64 x 64 thresholds in the luma upscale's fixed point
  std::vector<int16_t> chroma_dither_;   // and in the chroma one's
  std::array<float, kSineSize> sine_{};
  std::array<int32_t, kRamp> ramp_y_{}, ramp_u_{}, ramp_v_{};
  // With cover art (else empty): the blurred, darkened cover per grid point,
  // relative to black (Y - 16, Cb - 128, Cr - 128) in the grid's fixed point.
  std::vector<int32_t> cover_y_, cover_u_, cover_v_;
  std::array<int32_t, kRamp> ramp_keep_{};

  std::array<Point2, kShapePoints> shape_{};
  LineProfile shape_profile_;
  double flow_ = 0.0;  // integrated flow time
  int64_t last_frame_index_ = -2;
};

}  // namespace beatframe
