#include "engine/timeline/track_window.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>

namespace beatframe {
namespace {

// Frames of a curve at `rate_hz` that cover `duration_s` (as the analysis
// sizes its own curves: whole frames, the last one partial).
size_t FramesFor(double duration_s, double rate_hz) {
  const double frames = duration_s * rate_hz;
  return frames > 0.0 ? static_cast<size_t>(std::ceil(frames - 1e-6)) : 0;
}

// `stride` interleaved curves (frame-major), resampled from frame position
// `offset` on: out frame i is the source at offset + i, linearly interpolated
// and held at the last source frame.
std::vector<float> Resample(const std::vector<float>& source, int stride, double offset, size_t frames) {
  std::vector<float> out;
  const size_t source_frames = stride > 0 ? source.size() / static_cast<size_t>(stride) : 0;
  if (source_frames == 0 || frames == 0) return out;
  // A start on a frame boundary copies exactly instead of blending in rounding.
  if (std::abs(offset - std::round(offset)) < 1e-6) offset = std::round(offset);
  out.resize(frames * stride);
  for (size_t i = 0; i < frames; ++i) {
    const double pos = std::min(offset + static_cast<double>(i), static_cast<double>(source_frames - 1));
    const size_t i0 = static_cast<size_t>(std::floor(pos));
    const size_t i1 = std::min(i0 + 1, source_frames - 1);
    const float w = static_cast<float>(pos - static_cast<double>(i0));
    for (int k = 0; k < stride; ++k) {
      const float a = source[i0 * stride + k], b = source[i1 * stride + k];
      out[i * stride + k] = w == 0.0f ? a : a + (b - a) * w;
    }
  }
  return out;
}

bool Inside(double time_s, const TrackWindow& window) { return time_s >= window.start_s && time_s < window.end_s; }

}  // namespace

Analysis WindowAnalysis(const Analysis& analysis, const TrackWindow& window) {
  Analysis out;
  out.duration_s = window.duration_s();
  out.tempo_bpm = analysis.tempo_bpm;
  out.time_signature = analysis.time_signature;
  out.loudness_lufs = analysis.loudness_lufs;

  for (size_t i = 0; i < analysis.beat_times_s.size(); ++i) {
    if (!Inside(analysis.beat_times_s[i], window)) continue;
    out.beat_times_s.push_back(analysis.beat_times_s[i] - window.start_s);
    if (i < analysis.beat_strengths.size()) out.beat_strengths.push_back(analysis.beat_strengths[i]);
  }
  for (double downbeat : analysis.downbeat_times_s) {
    if (Inside(downbeat, window)) out.downbeat_times_s.push_back(downbeat - window.start_s);
  }
  for (const TempoPoint& point : analysis.tempo_curve) {
    if (Inside(point.time_s, window)) out.tempo_curve.push_back({point.time_s - window.start_s, point.bpm});
  }
  for (const Section& section : analysis.sections) {
    const double start = std::max(section.start_s, window.start_s);
    const double end = std::min(section.end_s, window.end_s);
    if (end <= start) continue;
    out.sections.push_back({start - window.start_s, end - window.start_s, section.label});
  }

  out.feature_rate_hz = analysis.feature_rate_hz;
  out.band_count = analysis.band_count;
  if (analysis.feature_rate_hz > 0.0) {
    const size_t frames = FramesFor(out.duration_s, analysis.feature_rate_hz);
    const double offset = window.start_s * analysis.feature_rate_hz;
    out.energy = Resample(analysis.energy, 1, offset, frames);
    if (analysis.band_count > 0 && !out.energy.empty()) {
      out.bands = Resample(analysis.bands, analysis.band_count, offset, frames);
    }
  }
  out.onset_rate_hz = analysis.onset_rate_hz;
  if (analysis.onset_rate_hz > 0.0) {
    out.onset_envelope = Resample(analysis.onset_envelope, 1, window.start_s * analysis.onset_rate_hz,
                                  FramesFor(out.duration_s, analysis.onset_rate_hz));
  }
  return out;
}

std::vector<Caption> WindowCaptions(const std::vector<Caption>& captions, const TrackWindow& window) {
  std::vector<Caption> out;
  for (const Caption& caption : captions) {
    const double start = std::max(caption.start_s, window.start_s);
    const double end = std::min(caption.end_s, window.end_s);
    if (end <= start) continue;
    Caption moved = caption;
    moved.start_s = start - window.start_s;
    moved.end_s = end - window.start_s;
    out.push_back(std::move(moved));
  }
  return out;
}

}  // namespace beatframe
