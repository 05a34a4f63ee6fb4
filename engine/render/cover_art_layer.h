// Cover art in a style's picture: the blurred, darkened cover as the frame's
// background, the cover itself as a centrepiece (rounded square or disc with
// a soft shadow) that grows a few percent on the beat, and a palette taken
// from the cover's colours. Everything is converted to yuv420p once when the
// style is made; per frame only the centrepiece is blended (well under 1 ms
// at 1080p), from one of a few prescaled copies.
#pragma once

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/media/picture.h"
#include "engine/render/frame.h"
#include "engine/render/palette.h"
#include "engine/timeline/render_plan.h"

namespace beatframe {

// Fills `out` (any size) with `cover` scaled to cover the frame, blurred,
// darkened and vignetted, dithered so H.264 keeps the gradients smooth.
void BakeCoverBackground(const Picture& cover, YuvFrame& out);

// A palette from the cover's colours: its most prominent colours made vivid
// as accents, its mean colour made dark for the background.
Palette CoverPalette(const Picture& cover);

// The palette a style uses for `plan`: the cover's when plan.palette is
// "cover" (the pipeline sets it when the prompt names no palette and the
// track has art), else the named one. INVALID_ARGUMENT for an unknown name.
absl::StatusOr<Palette> PlanPalette(const RenderPlan& plan);

// The plan's cover art when there is one to show, else null (no picture, an
// empty one, or the prompt said "no cover", which leaves plan.cover_art null).
inline const Picture* PlanCover(const RenderPlan& plan) {
  return plan.cover_art != nullptr && !plan.cover_art->empty() ? plan.cover_art.get() : nullptr;
}

struct CoverLayout {
  float center_x = 0.0f;   // luma pixels
  float center_y = 0.0f;
  float size = 0.0f;       // side of the square at scale 1, luma pixels
  float corner = 0.06f;    // corner radius as a fraction of the side; 0.5 is a disc
  float max_scale = 1.06f; // the largest scale Draw is asked for
};

// The centrepiece, prescaled in 2-pixel steps from scale 1 to max_scale.
class CoverSprite {
 public:
  static std::unique_ptr<CoverSprite> Create(const Picture& cover, const CoverLayout& layout);
  // A round disc of `radius` luma pixels centred at (center_x, center_y),
  // drawn up to (1 + beat_swell) times that size.
  static std::unique_ptr<CoverSprite> Disc(const Picture& cover, float center_x, float center_y, float radius,
                                           float beat_swell) {
    CoverLayout layout;
    layout.center_x = center_x;
    layout.center_y = center_y;
    layout.size = 2.0f * radius;
    layout.corner = 0.5f;
    layout.max_scale = 1.0f + beat_swell;
    return Create(cover, layout);
  }
  // Blends the centrepiece at `scale` (clamped to 1..max_scale, rounded to
  // the nearest prescaled step) into `out`. Call once per frame; no allocation.
  void Draw(float scale, FrameView& out) const;

 private:
  // One prescaled copy: premultiplied Y'CbCr (x256) and what to keep of the
  // pixel underneath (0..256), luma at full and chroma at half resolution.
  struct Step {
    int size = 0;  // the sprite's side, even, shadow margin included
    std::vector<uint16_t> keep_y, y, keep_c, u, v;
  };
  CoverSprite() = default;
  static Step MakeStep(const Picture& cover, int side, int margin, float corner);

  CoverLayout layout_;
  std::vector<Step> steps_;
};

}  // namespace beatframe
