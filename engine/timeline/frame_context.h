// Per-video-frame musical state handed to a renderer: time, beat phase, a
// beat pulse with attack and decay, energy and band levels. Time comes from
// the frame index, never from a clock.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/audio/analysis.h"

namespace beatframe {

struct FrameContext {
  int64_t frame_index = 0;
  double time_s = 0.0;
  double duration_s = 0.0;
  int beat_index = -1;          // index of the last beat at or before time_s; -1 before the first
  double beat_phase = 0.0;      // 0 at a beat, rising to 1 just before the next
  double since_beat_s = 1e9;    // seconds since the last beat
  float beat_pulse = 0.0f;      // 1 on the beat frame, decaying exponentially (~200 ms)
  float beat_strength = 0.0f;   // strength (0..1) of the last beat
  // How hard beats move the picture: 1 normally, below 1 calmer, above 1
  // more energetic (the builder's intensity). BeatHit (style_kit.h) applies it.
  float beat_gain = 1.0f;
  bool on_beat = false;         // this frame is the one nearest a beat time
  bool strong_beat = false;     // the last beat was a downbeat or a strong beat
  int strong_beat_count = 0;    // strong beats so far (drives colour shifts)
  float energy = 0.0f;          // 0..1
  int band_count = 0;
  const float* bands = nullptr; // band_count values, 0..1
};

// Computes FrameContexts for successive frames of one render. Cheap per call;
// holds a reference to `analysis`, which must outlive it. A beat lands on the
// frame nearest its time (round(t * fps)): that frame has on_beat, pulse 1 and
// phase 0, and beat_index counts it even when the frame is a few ms early.
// The returned `bands` pointer stays valid as long as the builder. At() is
// const and thread-safe.
//
// `intensity` (-1..1, clamped; 0 = the music as analysed) is the one place a
// render turns the music's push on the picture down ("calmer") or up ("more
// energetic"); every style reads these fields, so every style follows.
//   calmer (< 0), at -1: beat_gain 0.35 (hits a third as hard), beat_pulse
//     decays 30% faster, energy halves, bands drop to 60%, and only
//     downbeats count as strong beats (fewer palette steps).
//   more energetic (> 0), at +1: beat_gain 1.6, energy up 20% (capped at 1),
//     and beats of strength 0.35 and up count as strong (a palette step and
//     a longer ring on nearly every beat).
// In between the changes scale linearly. beat_pulse always peaks at 1 on the
// beat frame. Intensity 0 gives exactly the contexts of a builder without it.
class FrameContextBuilder {
 public:
  FrameContextBuilder(const Analysis& analysis, int fps_num, int fps_den, double intensity = 0.0);
  // Valid for frame indices 0 .. frame_count()-1, in any order.
  FrameContext At(int64_t frame_index) const;
  int64_t frame_count() const { return frame_count_; }
  // Frame index whose time is nearest `time_s`.
  int64_t FrameNearest(double time_s) const;

 private:
  const Analysis& analysis_;
  int fps_num_;
  int fps_den_;
  int64_t frame_count_;
  std::vector<char> strong_;   // per beat: downbeat or strong onset
  double intensity_ = 0.0;     // clamped to -1..1

  // Frame a time lands on (round(t * fps)), unclamped.
  int64_t LandingFrame(double time_s) const;
  double FrameTime(int64_t frame_index) const;

  std::vector<int64_t> beat_frames_;  // per beat: the frame it lands on
  std::vector<int> strong_through_;   // per beat: strong beats among beats 0..i
  double beat_period_s_ = 0.5;        // typical beat spacing, for phase outside the beats
  // Energy and bands resampled to the video frame rate once, so that At() is a
  // lookup and FrameContext::bands points at storage that outlives the call.
  int band_count_ = 0;
  std::vector<float> energy_;  // frame_count_ values
  std::vector<float> bands_;   // frame_count_ * band_count_, frame-major
};

}  // namespace beatframe
