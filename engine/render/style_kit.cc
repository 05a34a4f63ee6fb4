#include "engine/render/style_kit.h"

#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"

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
  title.start_s = plan.title_start_s;
  title.show_s = plan.title_duration_s;
  BF_ASSIGN_OR_RETURN(std::unique_ptr<TitleOverlay> overlay, TitleOverlay::Create(title, palette));
  BF_RETURN_IF_ERROR(overlay->AddCaptions(plan.captions, palette));
  return overlay;
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
  return context.beat_pulse * (0.55f + 0.45f * strength) * context.beat_gain;
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

namespace {

struct Hsv {
  float h = 0.0f;  // degrees, 0..360
  float s = 0.0f;  // 0..1
  float v = 0.0f;  // 0..255
};

Hsv ToHsv(const Rgb& c) {
  const float high = std::max({c.r, c.g, c.b}), low = std::min({c.r, c.g, c.b});
  const float spread = high - low;
  Hsv out;
  out.v = high;
  out.s = high > 0.0f ? spread / high : 0.0f;
  if (spread <= 0.0f) return out;
  float h;
  if (high == c.r) {
    h = (c.g - c.b) / spread;
  } else if (high == c.g) {
    h = 2.0f + (c.b - c.r) / spread;
  } else {
    h = 4.0f + (c.r - c.g) / spread;
  }
  out.h = std::fmod(60.0f * h + 360.0f, 360.0f);
  return out;
}

Rgb FromHsv(const Hsv& c) {
  const float h = std::fmod(c.h + 360.0f, 360.0f) / 60.0f;
  const int sector = std::min(static_cast<int>(h), 5);
  const float f = h - sector;
  const float p = c.v * (1.0f - c.s), q = c.v * (1.0f - c.s * f), t = c.v * (1.0f - c.s * (1.0f - f));
  switch (sector) {
    case 0:
      return {c.v, t, p};
    case 1:
      return {q, c.v, p};
    case 2:
      return {p, c.v, t};
    case 3:
      return {p, q, c.v};
    case 4:
      return {t, p, c.v};
    default:
      return {c.v, p, q};
  }
}

}  // namespace

Rgb MixVivid(const Rgb& a, const Rgb& b, float t) {
  Hsv ha = ToHsv(a), hb = ToHsv(b);
  // A grey end has no hue of its own: it takes the other end's.
  if (ha.s < 0.05f && hb.s < 0.05f) return Mix(a, b, t);
  if (ha.s < 0.05f) ha.h = hb.h;
  if (hb.s < 0.05f) hb.h = ha.h;
  float turn = hb.h - ha.h;  // the shorter way round the hue circle
  if (turn > 180.0f) turn -= 360.0f;
  if (turn < -180.0f) turn += 360.0f;
  return FromHsv({ha.h + turn * t, ha.s + (hb.s - ha.s) * t, ha.v + (hb.v - ha.v) * t});
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
