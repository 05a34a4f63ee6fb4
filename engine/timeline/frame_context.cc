#include "engine/timeline/frame_context.h"

#include <algorithm>
#include <cmath>

namespace beatframe {
namespace {

// Beat pulse decay time constants. Strong beats (downbeats, accents) ring
// longer so they read as heavier hits than the beats between them.
constexpr double kPulseTauS = 0.20;
constexpr double kStrongPulseTauS = 0.32;
// A beat counts as strong with this relative onset strength or more.
constexpr float kStrongStrength = 0.7f;
// A downbeat matches a beat within this distance (trackers round differently).
constexpr double kDownbeatToleranceS = 0.07;
// Strength assumed when the analysis gives none for a beat.
constexpr float kDefaultStrength = 0.5f;

double MedianInterval(const std::vector<double>& times) {
  if (times.size() < 2) return 0.0;
  std::vector<double> gaps;
  gaps.reserve(times.size() - 1);
  for (size_t i = 1; i < times.size(); ++i) gaps.push_back(times[i] - times[i - 1]);
  std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
  return gaps[gaps.size() / 2];
}

bool NearDownbeat(const std::vector<double>& downbeats, double time_s) {
  auto it = std::lower_bound(downbeats.begin(), downbeats.end(), time_s - kDownbeatToleranceS);
  return it != downbeats.end() && *it <= time_s + kDownbeatToleranceS;
}

// How intensity reshapes the music's push (figures in the header). The
// calls below are skipped entirely at intensity 0.
float StrongThreshold(double intensity) {
  return static_cast<float>(intensity < 0.0 ? kStrongStrength - 0.4 * intensity : kStrongStrength - 0.35 * intensity);
}
double PulseTauScale(double intensity) { return intensity < 0.0 ? 1.0 + 0.3 * intensity : 1.0; }
float BeatGain(double intensity) {
  return static_cast<float>(intensity < 0.0 ? 1.0 + 0.65 * intensity : 1.0 + 0.6 * intensity);
}
float ShapeEnergy(float energy, double intensity) {
  return static_cast<float>(std::min(1.0, energy * (1.0 + (intensity < 0.0 ? 0.5 : 0.2) * intensity)));
}
float ShapeBand(float level, double intensity) {
  return static_cast<float>(intensity < 0.0 ? level * (1.0 + 0.4 * intensity) : level);
}

}  // namespace

FrameContextBuilder::FrameContextBuilder(const Analysis& analysis, int fps_num, int fps_den, double intensity)
    : analysis_(analysis),
      fps_num_(fps_num > 0 ? fps_num : 30),
      fps_den_(fps_den > 0 ? fps_den : 1),
      intensity_(std::isfinite(intensity) ? std::clamp(intensity, -1.0, 1.0) : 0.0) {
  // The epsilon keeps 180.0 s at 30 fps at 5400 frames despite rounding in the product.
  const double frames = analysis.duration_s * fps_num_ / fps_den_;
  frame_count_ = frames > 0.0 ? static_cast<int64_t>(std::ceil(frames - 1e-6)) : 0;

  const std::vector<double>& beats = analysis.beat_times_s;
  beat_frames_.reserve(beats.size());
  strong_.reserve(beats.size());
  strong_through_.reserve(beats.size());
  int strong_count = 0;
  const float strong_threshold = intensity_ == 0.0 ? kStrongStrength : StrongThreshold(intensity_);
  for (size_t i = 0; i < beats.size(); ++i) {
    beat_frames_.push_back(LandingFrame(beats[i]));
    const float strength = i < analysis.beat_strengths.size() ? analysis.beat_strengths[i] : 0.0f;
    const bool strong = strength >= strong_threshold || NearDownbeat(analysis.downbeat_times_s, beats[i]);
    strong_.push_back(strong ? 1 : 0);
    strong_count += strong ? 1 : 0;
    strong_through_.push_back(strong_count);
  }
  if (analysis.tempo_bpm > 0.0) {
    beat_period_s_ = 60.0 / analysis.tempo_bpm;
  } else if (const double median = MedianInterval(beats); median > 0.0) {
    beat_period_s_ = median;
  }

  // Resample the feature curves to the video rate (linear interpolation;
  // exact copies when the rates match, which is the normal case).
  const int feature_frames = analysis.feature_frame_count();
  const bool has_bands = analysis.band_count > 0 &&
                         analysis.bands.size() >= static_cast<size_t>(feature_frames) * analysis.band_count;
  band_count_ = has_bands ? analysis.band_count : 0;
  if (feature_frames == 0 || analysis.feature_rate_hz <= 0.0) return;
  energy_.resize(frame_count_);
  bands_.resize(static_cast<size_t>(frame_count_) * band_count_);
  for (int64_t f = 0; f < frame_count_; ++f) {
    double pos = static_cast<double>(f) * fps_den_ * analysis.feature_rate_hz / fps_num_;
    if (std::abs(pos - std::round(pos)) < 1e-6) pos = std::round(pos);
    const int i0 = std::clamp(static_cast<int>(std::floor(pos)), 0, feature_frames - 1);
    const int i1 = std::min(i0 + 1, feature_frames - 1);
    const float w = static_cast<float>(std::clamp(pos - i0, 0.0, 1.0));
    energy_[f] = analysis.energy[i0] + (analysis.energy[i1] - analysis.energy[i0]) * w;
    if (band_count_ == 0) continue;
    const float* a = analysis.bands_at(i0);
    const float* b = analysis.bands_at(i1);
    float* out = bands_.data() + static_cast<size_t>(f) * band_count_;
    for (int k = 0; k < band_count_; ++k) out[k] = a[k] + (b[k] - a[k]) * w;
  }
  if (intensity_ != 0.0) {
    for (float& e : energy_) e = ShapeEnergy(e, intensity_);
    for (float& level : bands_) level = ShapeBand(level, intensity_);
  }
}

int64_t FrameContextBuilder::LandingFrame(double time_s) const {
  return static_cast<int64_t>(std::llround(time_s * fps_num_ / fps_den_));
}

double FrameContextBuilder::FrameTime(int64_t frame_index) const {
  return static_cast<double>(frame_index) * fps_den_ / fps_num_;
}

int64_t FrameContextBuilder::FrameNearest(double time_s) const {
  const int64_t frame = LandingFrame(time_s);
  return std::clamp<int64_t>(frame, 0, std::max<int64_t>(frame_count_ - 1, 0));
}

FrameContext FrameContextBuilder::At(int64_t frame_index) const {
  FrameContext context;
  context.frame_index = frame_index;
  context.time_s = FrameTime(frame_index);
  context.duration_s = analysis_.duration_s;

  // Last beat landing on or before this frame. Several beats on one frame
  // (faster than the frame rate) collapse to the last of them.
  const auto after = std::upper_bound(beat_frames_.begin(), beat_frames_.end(), frame_index);
  const int beat = static_cast<int>(after - beat_frames_.begin()) - 1;
  if (beat >= 0) {
    const int64_t since_frames = frame_index - beat_frames_[beat];
    const bool strong = strong_[beat] != 0;
    context.beat_index = beat;
    context.since_beat_s = FrameTime(since_frames);
    context.on_beat = since_frames == 0;
    context.strong_beat = strong;
    context.strong_beat_count = strong_through_[beat];
    context.beat_strength = beat < static_cast<int>(analysis_.beat_strengths.size())
                                ? analysis_.beat_strengths[beat]
                                : kDefaultStrength;
    context.beat_pulse =
        static_cast<float>(std::exp(-context.since_beat_s / (strong ? kStrongPulseTauS : kPulseTauS)));
    if (intensity_ != 0.0) {
      // The pulse still peaks at 1 on the beat (styles integrate it), so the
      // size of the hit changes through beat_gain.
      const double tau = (strong ? kStrongPulseTauS : kPulseTauS) * PulseTauScale(intensity_);
      context.beat_pulse = static_cast<float>(std::exp(-context.since_beat_s / tau));
      context.beat_gain = BeatGain(intensity_);
    }
    const double interval_frames = after != beat_frames_.end()
                                       ? static_cast<double>(*after - beat_frames_[beat])
                                       : beat_period_s_ * fps_num_ / fps_den_;
    context.beat_phase = interval_frames > 0.0 ? std::min(since_frames / interval_frames, 0.999999) : 0.0;
  } else if (!beat_frames_.empty() && beat_period_s_ > 0.0) {
    // Before the first beat: keep the phase running backwards from it, so
    // anything driven by the phase moves smoothly into the first beat.
    const double until_s = FrameTime(beat_frames_.front() - frame_index);
    const double cycles = until_s / beat_period_s_;
    context.beat_phase = 1.0 - (cycles - std::floor(cycles));
    if (context.beat_phase >= 1.0) context.beat_phase = 0.0;
  }

  if (!energy_.empty()) {
    const int64_t f = std::clamp<int64_t>(frame_index, 0, frame_count_ - 1);
    context.energy = energy_[f];
    if (band_count_ > 0) {
      context.band_count = band_count_;
      context.bands = bands_.data() + static_cast<size_t>(f) * band_count_;
    }
  }
  return context;
}

}  // namespace beatframe
