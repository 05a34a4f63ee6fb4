// The "tunnel" style: concentric glowing polygons that fly towards the
// viewer out of a vanishing point. A new ring is born on every beat (a
// strong beat gives a brighter, doubled one and steps the palette), rings
// counter-rotate at a speed set by energy, the flight surges on beats, and
// each ring's corners push out with the band level of their direction, so
// the tunnel's walls breathe with the spectrum. With cover art the far end
// of the tunnel is the cover as a disc the rings fly out from behind. Title
// card and fades from/to black on top.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "engine/render/cover_art_layer.h"
#include "engine/render/frame.h"
#include "engine/render/line_drawing.h"
#include "engine/render/palette.h"
#include "engine/render/style.h"
#include "engine/render/title_overlay.h"
#include "engine/render/yuv_canvas.h"

namespace beatframe {

// Where the tunnel goes for a frame size, in luma pixels.
struct TunnelLayout {
  float center_x = 0.0f;
  float center_y = 0.0f;
  float unit = 0.0f;         // the short side
  float reach = 0.0f;        // from the centre to the farthest corner
  float birth_radius = 0.0f; // a ring's radius when it is born
  float title_top = 0.0f;
  float title_bottom = 0.0f;
};
// The vanishing point sits a little above the middle on 16:9 and 1:1, and
// in the middle of the band clear of app chrome on 9:16.
TunnelLayout MakeTunnelLayout(int width, int height);

class TunnelStyle : public Style {
 public:
  // INVALID_ARGUMENT for an unknown palette or a bad size; NOT_FOUND when
  // the plan has a title and no font loads.
  static absl::StatusOr<std::unique_ptr<TunnelStyle>> Create(const RenderPlan& plan);
  void Render(const FrameContext& context, FrameView& out) override;

  const TunnelLayout& layout() const { return layout_; }

 private:
  static constexpr int kMaxRings = 24;
  static constexpr int kSides = 6;

  struct Ring {
    double birth_travel = 0.0;  // travel when it was born; its size follows from it
    int beat = 0;               // which beat made it (picks its colour)
    bool strong = false;
    float twist = 0.0f;         // its own angle offset
  };

  TunnelStyle(const RenderPlan& plan, const Palette& palette);
  // Moves the flight and spin on by one frame and spawns the beat's ring;
  // after a jump in time, rebuilds the rings a steady beat would have left.
  void Advance(const FrameContext& context, float hit);
  void Spawn(double birth_travel, int beat, bool strong);
  void DrawRing(const Ring& ring, const FrameContext& context, float hit, const Rgb (&colors)[3],
                FrameView& out);

  RenderPlan plan_;
  Palette palette_;
  TunnelLayout layout_;
  YuvFrame background_;
  std::unique_ptr<TitleOverlay> title_;
  RadialLut core_lut_;
  LineProfile profile_;  // rebuilt per ring: thickness follows size
  // The cover at the vanishing point (null without cover art), prescaled once.
  std::unique_ptr<CoverSprite> cover_;
  float cover_radius_ = 0.0f;

  std::array<Ring, kMaxRings> rings_{};  // oldest first
  int ring_count_ = 0;
  double travel_ = 0.0;  // integrated flight speed: log of the zoom since the start
  double spin_ = 0.0;    // integrated rotation, radians
  int last_beat_ = -1;
  int64_t last_frame_index_ = -2;
};

}  // namespace beatframe
