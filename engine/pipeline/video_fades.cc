#include "engine/pipeline/video_fades.h"

#include <algorithm>
#include <cmath>

#include "engine/render/yuv_canvas.h"

namespace beatframe::pipeline_internal {

double FadeLevel(double time_s, double frame_s, double duration_s, double fade_in_s, double fade_out_s) {
  double level = 1.0;
  if (fade_in_s > 0.0) level = std::min(level, time_s / fade_in_s);
  if (fade_out_s > 0.0) level = std::min(level, (duration_s - time_s - frame_s) / fade_out_s);
  return std::clamp(level, 0.0, 1.0);
}

void FadingStyle::Render(const FrameContext& context, FrameView& out) {
  inner_->Render(context, out);
  const double level = FadeLevel(context.time_s, frame_s_, duration_s_, fade_in_s_, fade_out_s_);
  if (level >= 1.0) return;
  YuvCanvas canvas(out);
  canvas.FadeToBlack(static_cast<int>(std::lround(256.0 * level)));
}

}  // namespace beatframe::pipeline_internal
