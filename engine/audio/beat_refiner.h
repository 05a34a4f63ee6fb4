// Moves each tracked beat from its ~10 ms onset frame onto the attack in the
// waveform itself: the point where the energy just after rises most above
// the energy just before. Gives beat times to within a millisecond. Reads a
// compact attack envelope (energy per ~0.36 ms block) collected while the
// signal streams past, so the waveform itself need not be kept.
#pragma once

#include <cstdint>
#include <vector>

namespace beatframe::audio_internal {

// Energy of the signal's first difference (which favours the broadband click
// of an attack over sustained bass) summed over blocks of samples.
struct AttackEnvelope {
  int rate_hz = 0;           // of the signal the blocks were taken from
  int samples_per_block = 1;
  std::vector<float> energy; // one value per block; block b covers samples [b, b + 1) * samples_per_block
  double seconds_per_block() const { return rate_hz > 0 ? static_cast<double>(samples_per_block) / rate_hz : 0.0; }
};

// Push the mono signal in blocks of any size, then Finish once.
class AttackEnvelopeBuilder {
 public:
  explicit AttackEnvelopeBuilder(int rate_hz);
  void Push(const float* samples, int64_t count);
  AttackEnvelope Finish();

 private:
  AttackEnvelope envelope_;
  float previous_ = 0.0f;
  double sum_ = 0.0;
  int filled_ = 0;  // samples in the block being summed
};

// A whole signal through AttackEnvelopeBuilder in one go.
AttackEnvelope ComputeAttackEnvelope(const std::vector<float>& signal, int rate_hz);

struct BeatRefinerOptions {
  double search_radius_s = 0.035;  // how far an attack may lie from the frame time
  double compare_window_s = 0.005; // energy windows before / after a candidate
  double min_rise_db = 6.0;        // weaker attacks leave the beat where it was
};

// `beat_times_s` are the tracker's frame times. Returns refined times,
// ascending, one per beat.
std::vector<double> RefineBeatTimes(const AttackEnvelope& attacks, const std::vector<double>& beat_times_s,
                                    const BeatRefinerOptions& options = {});

}  // namespace beatframe::audio_internal
