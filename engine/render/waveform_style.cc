#include "engine/render/waveform_style.h"

#include <algorithm>
#include <cmath>

#include "engine/common/status_macros.h"
#include "engine/render/cover_art_layer.h"
#include "engine/render/background.h"
#include "engine/render/random.h"
#include "engine/render/style_kit.h"

namespace beatframe {
namespace {

// Travel speed in radians of phase per second: a calm drift at zero energy,
// three times that at full energy, and a kick on each beat.
constexpr float kBaseSpeed = 1.1f;
constexpr float kEnergySpeed = 2.2f;
constexpr float kBeatSpeed = 2.5f;

}  // namespace

WaveformLayout MakeWaveformLayout(int width, int height) {
  WaveformLayout layout;
  const float w = static_cast<float>(width), h = static_cast<float>(height);
  const float ratio = w / h;
  layout.unit = std::min(w, h);
  const TitleBand band = TitleBandFor(width, height);
  layout.title_top = band.top;
  layout.title_bottom = band.bottom;
  if (ratio > 1.2f) {  // landscape: lines in the upper 3/4, title under them
    layout.center_y = 0.44f * h;
    layout.amplitude = 0.2f * h;
  } else if (ratio < 0.8f) {  // portrait: inside 10%..66% of the height
    layout.center_y = 0.40f * h;
    layout.amplitude = 0.16f * h;
  } else {
    layout.center_y = 0.44f * h;
    layout.amplitude = 0.19f * h;
  }
  return layout;
}

absl::StatusOr<std::unique_ptr<WaveformStyle>> WaveformStyle::Create(const RenderPlan& plan) {
  BF_RETURN_IF_ERROR(CheckPlan(plan));
  BF_ASSIGN_OR_RETURN(Palette palette, PlanPalette(plan));
  auto style = std::unique_ptr<WaveformStyle>(new WaveformStyle(plan, palette));
  BF_ASSIGN_OR_RETURN(style->title_,
                      MakeTitle(plan, palette, {style->layout_.title_top, style->layout_.title_bottom}));
  return style;
}

WaveformStyle::WaveformStyle(const RenderPlan& plan, const Palette& palette)
    : plan_(plan),
      palette_(palette),
      layout_(MakeWaveformLayout(plan.width, plan.height)),
      background_(plan.width, plan.height) {
  // With cover art the lines run over the blurred, darkened cover, the
  // graticule on top of it.
  if (const Picture* cover = PlanCover(plan)) {
    BakeCoverBackground(*cover, background_);
  } else {
    BakeBackground(palette_, 0.5f * plan.width, layout_.center_y, plan.seed, background_);
  }
  BakeGraticule();

  // The lead line carries the bass in long, slow waves; the two behind it
  // carry mids and highs in shorter ones.
  SplitMix64 rng(0x3A7EF0B3ull ^ plan.seed);
  constexpr float kCycles[kLines][kWaves] = {{0.9f, 1.9f, 3.3f}, {1.4f, 2.7f, 4.6f}, {2.3f, 4.1f, 6.8f}};
  constexpr float kBands[kLines][kWaves] = {{0.0f, 0.12f, 0.3f}, {0.35f, 0.48f, 0.62f}, {0.7f, 0.85f, 1.0f}};
  constexpr float kWeights[kWaves] = {0.55f, 0.3f, 0.15f};
  for (int line = 0; line < kLines; ++line) {
    line_phase_[line] = rng.Uniform(0.0f, kTwoPi);
    for (int k = 0; k < kWaves; ++k) {
      Wave& wave = waves_[line][k];
      wave.cycles = kCycles[line][k] * rng.Uniform(0.92f, 1.08f);
      // Alternate directions so the sum shimmers rather than scrolls.
      wave.speed = (k % 2 == 0 ? 1.0f : -1.0f) * rng.Uniform(0.7f, 1.3f) * (1.0f + 0.4f * k);
      wave.band = kBands[line][k];
      wave.weight = kWeights[k];
    }
  }
  // Points from past the left edge to past the right one, so the flat
  // ends of the polylines stay out of the picture.
  // Narrow frames show fewer cycles, so a portrait wave has the shape of
  // the middle of a landscape one rather than a squeezed copy.
  const float aspect = static_cast<float>(plan.width) / plan.height;
  const float cycle_scale = std::clamp(aspect / (16.0f / 9.0f), 0.6f, 1.0f);
  for (auto& line : waves_) {
    for (Wave& wave : line) wave.cycles *= cycle_scale;
  }
  const float pad = 0.08f * layout_.unit;
  const float span = plan.width + 2.0f * pad;
  const float spacing = std::max(kPointSpacing, span / (kMaxPoints - 1));
  point_count_ = std::min(kMaxPoints, static_cast<int>(std::ceil(span / spacing)) + 1);
  for (int i = 0; i < point_count_; ++i) {
    const float x = -pad + i * spacing;
    points_[i].x = x;
    // Tapers to a point at both edges, full height over the middle.
    const float u = Clamp01(x / plan.width);
    envelope_[i] = std::pow(std::sin(3.14159265f * u), 1.4f);
  }
}

void WaveformStyle::BakeGraticule() {
  // A faint oscilloscope grid: a few rows around the rest line and columns
  // every tenth of the width. Baked once, so it costs nothing per frame.
  FrameView view = background_.view();
  LineProfile profile;
  profile.Build(0.0006f * layout_.unit, 0.0f, 1.0f);
  const Yuv8 grid = ToPlanes(Mix(palette_.accents[1], kWhite, 0.5f));
  const float w = static_cast<float>(plan_.width), h = static_cast<float>(plan_.height);
  for (int row = -2; row <= 2; ++row) {
    const float y = layout_.center_y + row * 0.5f * layout_.amplitude;
    const Point2 line[2] = {{-4.0f, y}, {w + 4.0f, y}};
    DrawPolyline(view, line, 2, false, profile, grid, row == 0 ? 40 : 22, BlendMode::kAdd);
  }
  const float top = layout_.center_y - 1.05f * layout_.amplitude;
  const float bottom = layout_.center_y + 1.05f * layout_.amplitude;
  for (int column = 1; column < 10; ++column) {
    const float x = w * column / 10.0f;
    const Point2 line[2] = {{x, std::max(top, 0.0f)}, {x, std::min(bottom, h)}};
    DrawPolyline(view, line, 2, false, profile, grid, 18, BlendMode::kAdd);
  }
}

void WaveformStyle::Advance(const FrameContext& context) {
  const float nominal = kBaseSpeed + 0.5f * kEnergySpeed;
  if (context.frame_index != last_frame_index_ + 1) {
    // A jump in time: start from where a steady speed would have got to.
    travel_ = nominal * context.time_s;
  } else {
    const float speed = kBaseSpeed + kEnergySpeed * Clamp01(context.energy) + kBeatSpeed * BeatHit(context);
    travel_ += speed * FrameSeconds(plan_);
  }
  last_frame_index_ = context.frame_index;
}

int WaveformStyle::TraceLine(int line, const FrameContext& context, float hit, float mirror) {
  const float energy = Clamp01(context.energy);
  const float amplitude = layout_.amplitude * (0.55f + 0.45f * energy) * (1.0f + 0.55f * hit) * mirror;
  std::array<float, kWaves> gain{}, phase{}, step{};
  for (int k = 0; k < kWaves; ++k) {
    const Wave& wave = waves_[line][k];
    gain[k] = amplitude * wave.weight * (0.35f + 0.65f * BandAt(context, wave.band));
    phase[k] = line_phase_[line] + wave.speed * static_cast<float>(travel_);
    step[k] = kTwoPi * wave.cycles / plan_.width;
  }
  for (int i = 0; i < point_count_; ++i) {
    const float x = points_[i].x;
    float y = 0.0f;
    for (int k = 0; k < kWaves; ++k) y += gain[k] * std::sin(phase[k] + step[k] * x);
    points_[i].y = layout_.center_y + envelope_[i] * y;
  }
  return point_count_;
}

void WaveformStyle::Render(const FrameContext& context, FrameView& out) {
  CopyFrame(background_, out);
  YuvCanvas canvas(out);
  Advance(context);
  const float hit = BeatHit(context);
  const float energy = Clamp01(context.energy);
  const Accents accents = AccentsAt(palette_, context);
  const float unit = layout_.unit;

  // Back to front: highs, mids, the lead's mirror image, the lead.
  const Rgb colors[kLines] = {Mix(accents.a, kWhite, 0.35f + 0.3f * hit), accents.b, accents.c};
  for (int line = kLines - 1; line >= 1; --line) {
    profiles_[line].Build(0.0011f * unit * (1.0f + 0.5f * hit), 0.22f + 0.25f * hit, 0.005f * unit);
    const int count = TraceLine(line, context, hit, line == 1 ? 1.0f : -1.0f);
    DrawPolyline(out, points_.data(), count, false, profiles_[line], ToPlanes(colors[line]),
                 Alpha(0.55f + 0.25f * energy + 0.2f * hit), BlendMode::kAdd);
  }
  profiles_[0].Build(0.0017f * unit * (1.0f + 0.9f * hit), 0.3f + 0.45f * hit, 0.0065f * unit);
  int count = TraceLine(0, context, hit, -0.6f);
  DrawPolyline(out, points_.data(), count, false, profiles_[0], ToPlanes(accents.a), Alpha(0.35f + 0.2f * hit),
               BlendMode::kAdd);
  count = TraceLine(0, context, hit, 1.0f);
  DrawPolyline(out, points_.data(), count, false, profiles_[0], ToPlanes(colors[0]),
               Alpha(0.7f + 0.15f * energy + 0.15f * hit), BlendMode::kAdd);

  title_->Draw(context.time_s, canvas);
  ApplyFades(plan_, context, canvas);
}

}  // namespace beatframe
