// The "particles" style: a warp-speed star field. Stars fly out of a
// glowing vanishing point towards the viewer, drawn as short streaks that
// fade towards their tails. Every beat surges the speed (attack on the
// beat frame, easing back with the beat pulse); strong beats also stretch
// the streaks into warp lines and step the palette. Energy sets the cruise
// speed and brightness, band levels brighten the stars in their sector of
// the sky (bass below, highs above) and the field rolls slowly. With cover
// art the vanishing point holds the cover as a disc the stars pour out
// from behind, ringed by the glow. Title card and fades from/to black on top.
#pragma once

#include <cstdint>
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

// Where the vanishing point sits for a frame size, in luma pixels.
struct ParticlesLayout {
  float center_x = 0.0f;
  float center_y = 0.0f;
  float unit = 0.0f;   // the short side
  float reach = 0.0f;  // from the centre to the farthest corner
  float title_top = 0.0f;
  float title_bottom = 0.0f;
};
// 16:9 and 1:1 put the vanishing point a little above the middle; 9:16 in
// the middle of the band clear of app chrome (10%..80% of the height).
ParticlesLayout MakeParticlesLayout(int width, int height);

class ParticlesStyle : public Style {
 public:
  // INVALID_ARGUMENT for an unknown palette or a bad size; NOT_FOUND when
  // the plan has a title and no font loads.
  static absl::StatusOr<std::unique_ptr<ParticlesStyle>> Create(const RenderPlan& plan);
  void Render(const FrameContext& context, FrameView& out) override;

  const ParticlesLayout& layout() const { return layout_; }

 private:
  struct Star {
    float angle;      // radians around the vanishing point at t = 0
    float radius;     // distance from the axis of flight (world units)
    float near;       // depth at which it leaves the frame (then it starts over, far away)
    float offset;     // 0..1 progress at travel 0
    float rate;       // progress per unit of travel
    float size;       // core radius in pixels at depth 1
    float twinkle;    // phase
    uint8_t tint;     // 0 near-white, 1 and 2 the accents
  };

  ParticlesStyle(const RenderPlan& plan, const Palette& palette);
  void Advance(const FrameContext& context, float hit);
  void DrawStars(const FrameContext& context, float hit, float warp, const Yuv8 (&colors)[3],
                 YuvCanvas& canvas) const;

  RenderPlan plan_;
  Palette palette_;
  ParticlesLayout layout_;
  YuvFrame background_;
  std::unique_ptr<TitleOverlay> title_;
  std::vector<Star> stars_;
  float focal_ = 1.0f;  // pixels per world unit at depth 1
  // The cover at the vanishing point (null without cover art), prescaled
  // once; the glow around it is sized to ring it.
  std::unique_ptr<CoverSprite> cover_;
  float cover_radius_ = 0.0f;
  RadialLut core_lut_;

  double travel_ = 0.0;  // integrated flight speed
  float speed_ = 0.0f;   // this frame's, in depth units per second
  int64_t last_frame_index_ = -2;
};

}  // namespace beatframe
