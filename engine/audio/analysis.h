// Music analysis: onset envelope, tempo, beat times and per-video-frame
// features (energy, frequency bands). A pure function of its input: no I/O,
// no clocks, no globals, identical results on repeated runs.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "engine/audio/audio_buffer.h"

namespace beatframe {

struct AnalysisOptions {
  // Rate of the per-frame feature curves, normally the video frame rate.
  double feature_rate_hz = 30.0;
  // Number of frequency bands per feature frame (log-spaced, low to high).
  int band_count = 8;
};

struct Analysis {
  double duration_s = 0.0;
  double tempo_bpm = 0.0;                 // 0 when no steady pulse was found
  std::vector<double> beat_times_s;       // ascending
  std::vector<float> beat_strengths;      // 0..1 per beat: relative onset strength at the beat
  std::vector<double> downbeat_times_s;   // bar starts; may be empty

  // The onset strength envelope the tracker used.
  double onset_rate_hz = 0.0;
  std::vector<float> onset_envelope;

  // Per feature frame i (time i / feature_rate_hz): loudness and band levels,
  // each normalised to 0..1 over the track and smoothed so they do not flicker.
  double feature_rate_hz = 0.0;
  int band_count = 0;
  std::vector<float> energy;   // size = feature frame count
  std::vector<float> bands;    // size = feature frame count * band_count, frame-major

  int feature_frame_count() const { return static_cast<int>(energy.size()); }
  const float* bands_at(int frame) const { return bands.data() + static_cast<size_t>(frame) * band_count; }
};

// Analyses any rate / channel count (channels are mixed down internally).
// INVALID_ARGUMENT for an empty buffer or a zero sample rate.
absl::StatusOr<Analysis> AnalyzeAudio(const AudioBuffer& audio, const AnalysisOptions& options = {});

}  // namespace beatframe
