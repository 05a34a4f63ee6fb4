// The "pulse" style: a glowing disc at the centre that swells on every beat,
// a mirrored ring of spectrum bars riding on it, a shockwave ring on strong
// beats and a drifting star field that surges on beats, over a baked
// gradient; colours step through the palette on strong beats. Title card and
// fades from/to black on top. With cover art the disc shows the cover over
// a blurred copy of it.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/render/cover_art_layer.h"
#include "engine/render/frame.h"
#include "engine/render/palette.h"
#include "engine/render/style.h"
#include "engine/render/title_overlay.h"
#include "engine/render/yuv_canvas.h"

namespace beatframe {

// Where the pulse style puts things for a frame size, in luma pixels.
struct PulseLayout {
  float center_x = 0.0f;
  float center_y = 0.0f;
  float unit = 0.0f;         // the short side: sizes scale with it
  float disc_radius = 0.0f;  // at rest, before beat swell and energy
  float bar_max = 0.0f;      // longest spectrum bar
  float title_top = 0.0f;    // band the title block stays within
  float title_bottom = 0.0f;
};
// 16:9 centres the disc a little above the middle with the title below;
// 9:16 keeps everything clear of the top 10% and bottom 20% (app chrome);
// 1:1 centres.
PulseLayout MakePulseLayout(int width, int height);

class PulseStyle : public Style {
 public:
  // INVALID_ARGUMENT for an unknown palette or a bad size; NOT_FOUND when
  // the plan has a title and no font loads.
  static absl::StatusOr<std::unique_ptr<PulseStyle>> Create(const RenderPlan& plan);
  void Render(const FrameContext& context, FrameView& out) override;

  const PulseLayout& layout() const { return layout_; }
  const TitleOverlay& title() const { return *title_; }

 private:
  static constexpr int kHalfBars = 36;  // bars per side; mirrored to 72

  struct Particle {
    float angle;  // radians at t = 0
    float start;  // 0..1 position along the radial track at t = 0
    float speed;  // track lengths per second
    float size;   // core radius in pixels
    float twinkle_hz;
    float twinkle_phase;
    bool accent;  // tinted with the second accent rather than near-white
  };
  // Colours of one frame, blended through a strong beat's palette step.
  struct FrameColors {
    Rgb accent_a, accent_b;
    Yuv8 ring, star, star_accent;
    std::array<Yuv8, kHalfBars> bars;
  };

  PulseStyle(const RenderPlan& plan, const Palette& palette);
  FrameColors ColorsAt(const FrameContext& context) const;
  void UpdateBars(const FrameContext& context);
  void DrawParticles(const FrameContext& context, float hit, const FrameColors& colors, YuvCanvas& canvas);
  void DrawShockwave(const FrameContext& context, const FrameColors& colors, YuvCanvas& canvas);
  void DrawBars(const FrameContext& context, float radius, float hit, const FrameColors& colors,
                YuvCanvas& canvas);
  // The disc, its rim and the glow around it, in one pass.
  void DrawOrb(float radius, float hit, float energy, const FrameColors& colors, YuvCanvas& canvas);

  RenderPlan plan_;
  Palette palette_;
  PulseLayout layout_;
  YuvFrame background_;
  std::unique_ptr<TitleOverlay> title_;
  // The track's cover as the disc (null without cover art): it sits inside
  // the orb's rim over the blurred cover background.
  std::unique_ptr<CoverSprite> cover_;
  std::vector<Particle> particles_;
  float particle_min_radius_ = 0.0f;
  float particle_max_radius_ = 0.0f;

  // Built once: the star dot's profile does not depend on its size.
  RadialLut star_lut_;
  // Rebuilt per frame into the same storage: they depend on size and colour.
  RadialLut ring_lut_;
  RadialPaint orb_paint_;

  std::array<float, kHalfBars> bar_levels_{};
  std::array<float, kHalfBars> bar_ripple_phase_{};
  int64_t last_frame_index_ = -2;
};

}  // namespace beatframe
