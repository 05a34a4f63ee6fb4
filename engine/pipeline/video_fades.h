// The picture's side of RenderRequest::fade_in_s / fade_out_s: a Style
// wrapper that fades each finished frame from and to black, on top of the
// short fades every style draws at the ends. Internal to bf_pipeline.
#pragma once

#include "engine/render/frame.h"
#include "engine/render/style.h"
#include "engine/timeline/frame_context.h"

namespace beatframe::pipeline_internal {

// Brightness (0..1, 1 = untouched) of the frame that starts at `time_s`:
// rising linearly from 0 on the first frame over `fade_in_s`, and falling to 0
// on the last frame over `fade_out_s`, measured from each frame's end (a
// frame lasts `frame_s`; the video `duration_s`).
double FadeLevel(double time_s, double frame_s, double duration_s, double fade_in_s, double fade_out_s);

class FadingStyle : public Style {
 public:
  // `inner` must outlive this wrapper.
  FadingStyle(Style* inner, double fade_in_s, double fade_out_s, double duration_s, double frame_s)
      : inner_(inner), fade_in_s_(fade_in_s), fade_out_s_(fade_out_s), duration_s_(duration_s), frame_s_(frame_s) {}
  void Render(const FrameContext& context, FrameView& out) override;

 private:
  Style* inner_;
  double fade_in_s_;
  double fade_out_s_;
  double duration_s_;
  double frame_s_;
};

}  // namespace beatframe::pipeline_internal
