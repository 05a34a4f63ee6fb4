// Integrated loudness per EBU R128 / ITU-R BS.1770-4: K-weighting (a high
// shelf and a high pass), mean square per channel over 400 ms blocks that
// overlap by 75%, an absolute gate at -70 LUFS and a relative gate 10 LU
// below the loudness of the blocks that pass it. Fed block by block at the
// source rate and channel layout, so it sees what a loudness meter would.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace beatframe::audio_internal {

// What Integrated() reports when no block passes the absolute gate
// (silence, or a clip shorter than one 400 ms block).
inline constexpr double kLoudnessFloorLufs = -70.0;

// A biquad section: y = b0 x + b1 x1 + b2 x2 - a1 y1 - a2 y2.
struct Biquad {
  double b0 = 1.0, b1 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0;
};
// The two K-weighting stages for `rate_hz`, derived from their analogue
// prototypes so every rate gets the response BS.1770 tabulates for 48 kHz.
std::array<Biquad, 2> KWeightingFilters(int rate_hz);

class LoudnessMeter {
 public:
  // Channel weights follow BS.1770: 1.0 each, except a 6-channel (5.1,
  // L R C LFE Ls Rs) stream, whose LFE is left out and surrounds weigh 1.41.
  LoudnessMeter(int rate_hz, int channels);

  // `frame_count` interleaved frames of `channels()` samples.
  void Process(const float* interleaved, int64_t frame_count);
  // Gated loudness of everything processed so far, in LUFS; kLoudnessFloorLufs
  // when nothing passes the absolute gate.
  double Integrated() const;

  int channels() const { return channels_; }

 private:
  struct ChannelState {
    double x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0;  // shelf
    double z1 = 0.0, z2 = 0.0, w1 = 0.0, w2 = 0.0;  // high pass
  };
  void CloseSegment();

  int rate_hz_;
  int channels_;
  std::array<Biquad, 2> filters_;
  std::vector<double> weights_;
  std::vector<ChannelState> state_;
  // Gating blocks are built from 100 ms segments: four make a 400 ms block
  // and the next block starts one segment later (75% overlap).
  std::vector<double> segment_energy_;  // weighted sum of squares per closed segment
  std::vector<int64_t> segment_length_; // samples per closed segment
  double open_energy_ = 0.0;
  int64_t open_length_ = 0;
  int64_t samples_seen_ = 0;
  std::vector<double> frame_energy_;  // scratch: weighted energy per frame of a block
};

}  // namespace beatframe::audio_internal
