// Music analysis: tempo, beats, downbeats and time signature, sections,
// integrated loudness, and per-video-frame features (energy, frequency
// bands). A pure function of its input: no I/O, no clocks, no globals,
// identical results on repeated runs. For files too long to hold in memory,
// see StreamingAnalyzer (streaming_analyzer.h) and AnalyzeAudioFile
// (file_analysis.h), which give the same results block by block.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/audio/audio_buffer.h"
#include "engine/audio/tempo_curve.h"

namespace beatframe {

struct AnalysisOptions {
  // Rate of the per-frame feature curves, normally the video frame rate.
  double feature_rate_hz = 30.0;
  // Number of frequency bands per feature frame (log-spaced, low to high).
  int band_count = 8;
};

// A stretch of the track with one musical role. Labels come from a simple
// heuristic on repetition and energy (see section_segmenter.h): "intro",
// "verse", "chorus", "bridge", "outro", or "silence".
struct Section {
  double start_s = 0.0;
  double end_s = 0.0;
  std::string label;
};

struct Analysis {
  double duration_s = 0.0;
  double tempo_bpm = 0.0;                 // 0 when no steady pulse was found
  std::vector<double> beat_times_s;       // ascending
  std::vector<float> beat_strengths;      // 0..1 per beat: relative onset strength at the beat
  std::vector<double> downbeat_times_s;   // bar starts, a subset of the beats; may be empty
  // Local tempo at each beat (tempo_curve.h); follows drifts and changes
  // that the single tempo_bpm hides. Empty with fewer than 3 beats.
  std::vector<TempoPoint> tempo_curve;
  // Beats per bar of the prevailing meter: 3 (3/4, waltz) or 4 (4/4); 0 when
  // there are no beats.
  int time_signature = 0;
  // Consecutive, covering [0, duration_s]; boundaries fall on downbeats
  // where there are any. Empty only for an empty analysis.
  std::vector<Section> sections;
  // Integrated loudness (EBU R128 / BS.1770-4, gated) of the input channels;
  // -70 (the absolute gate) when nothing is louder, e.g. silence.
  double loudness_lufs = -70.0;

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

// Analyses any rate / channel count (channels are mixed down internally; the
// loudness reads them as they are). INVALID_ARGUMENT for an empty buffer, a
// zero sample rate or bad options.
absl::StatusOr<Analysis> AnalyzeAudio(const AudioBuffer& audio, const AnalysisOptions& options = {});

}  // namespace beatframe
