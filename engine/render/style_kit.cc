#include "engine/render/style_kit.h"

#include "absl/strings/str_cat.h"

namespace beatframe {
namespace {

constexpr double kFadeS = 0.5;          // from/to black at the ends
constexpr double kPaletteStepS = 0.45;  // crossfade to the next accent on a strong beat

}  // namespace

absl::Status CheckPlan(const RenderPlan& plan) {
  if (plan.width < 16 || plan.height < 16 || plan.width > 8192 || plan.height > 8192) {
    return absl::InvalidArgumentError(absl::StrCat("bad frame size ", plan.width, "x", plan.height));
  }
  if (plan.fps_num <= 0 || plan.fps_den <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("bad frame rate ", plan.fps_num, "/", plan.fps_den));
  }
  return absl::OkStatus();
}

TitleBand TitleBandFor(int width, int height) {
  const float h = static_cast<float>(height);
  const float ratio = static_cast<float>(width) / h;
  if (ratio > 1.2f) return {0.77f * h, 0.93f * h};
  if (ratio < 0.8f) return {0.66f * h, 0.79f * h};
  return {0.76f * h, 0.93f * h};
}

absl::StatusOr<std::unique_ptr<TitleOverlay>> MakeTitle(const RenderPlan& plan, const Palette& palette,
                                                       TitleBand band) {
  TitleOptions title;
  title.title = plan.title;
  title.subtitle = plan.subtitle;
  title.frame_width = plan.width;
  title.frame_height = plan.height;
  title.band_top = band.top;
  title.band_bottom = band.bottom;
  title.show_s = plan.title_duration_s;
  return TitleOverlay::Create(title, palette);
}

void ApplyFades(const RenderPlan& plan, const FrameContext& context, YuvCanvas& canvas) {
  const double frame_s = FrameSeconds(plan);
  const double duration = plan.duration_s > 0.0 ? plan.duration_s : context.duration_s;
  double level = std::min(1.0, context.time_s / kFadeS);
  // The last frame ends at duration, so measure the fade-out from each frame's end.
  if (duration > 0.0) level = std::min(level, (duration - context.time_s - frame_s) / kFadeS);
  canvas.FadeToBlack(static_cast<int>(std::lround(256.0 * std::clamp(level, 0.0, 1.0))));
}

float BeatHit(const FrameContext& context) {
  const float strength = context.strong_beat ? 1.0f : Clamp01(context.beat_strength);
  return context.beat_pulse * (0.55f + 0.45f * strength);
}

Accents AccentsAt(const Palette& palette, const FrameContext& context) {
  const auto& accents = palette.accents;
  const int n = static_cast<int>(accents.size());
  const int step = std::max(context.strong_beat_count, 0);
  // Right after a strong beat the colours slide from the previous step to
  // the next; otherwise they sit on the step the count selects.
  const float mix = context.strong_beat && step > 0
                        ? SmoothStep(0.0f, 1.0f, static_cast<float>(context.since_beat_s / kPaletteStepS))
                        : 1.0f;
  Accents out;
  out.a = Mix(accents[(step + n - 1) % n], accents[step % n], mix);
  out.b = Mix(accents[step % n], accents[(step + 1) % n], mix);
  out.c = Mix(accents[(step + 1) % n], accents[(step + 2) % n], mix);
  return out;
}

float BandAt(const FrameContext& context, float position) {
  if (context.band_count <= 0 || context.bands == nullptr) {
    return Clamp01(0.6f * context.energy + 0.4f * context.beat_pulse);
  }
  const float pos = Clamp01(position) * (context.band_count - 1);
  const int low = std::min(static_cast<int>(pos), context.band_count - 1);
  const int high = std::min(low + 1, context.band_count - 1);
  return Clamp01(context.bands[low] + (context.bands[high] - context.bands[low]) * (pos - low));
}

}  // namespace beatframe
