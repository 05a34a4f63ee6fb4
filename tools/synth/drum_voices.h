// The instruments of the test-track synthesiser: each adds one note into a
// mono buffer at a given start sample. Deterministic: noise comes from the
// caller's seeded generator, never from a global one.
#pragma once

#include <cstdint>
#include <vector>

namespace beatframe::synth_internal {

// A small, portable PRNG (xorshift64*): the same seed gives the same noise on
// every platform, unlike std:: distributions.
class NoiseSource {
 public:
  explicit NoiseSource(uint64_t seed) : state_(seed * 2654435761u + 0x9E3779B97F4A7C15ull) {}
  // Uniform in [-1, 1).
  float Next();

 private:
  uint64_t state_;
};

struct Voice {
  std::vector<float>* out;  // mono mix, samples beyond its end are dropped
  int rate_hz;
  int64_t start_sample;
  float velocity;           // 0..1
};

// Pitch-dropping sine (150 -> 50 Hz) with a short broadband click on top.
void AddKick(const Voice& voice, NoiseSource& noise);
// A 190 Hz body plus a bright noise burst.
void AddSnare(const Voice& voice, NoiseSource& noise);
// A short high-passed noise tick.
void AddHiHat(const Voice& voice, NoiseSource& noise);
// A metronome click: a 30 ms decaying sine burst at `frequency_hz`.
void AddClick(const Voice& voice, double frequency_hz);
// A plucked bass note: sine plus second harmonic, `length_s` long.
void AddBass(const Voice& voice, double frequency_hz, double length_s);
// A soft chord pad (three detuned sines per note) with slow attack and release.
void AddPad(const Voice& voice, const std::vector<double>& frequencies_hz, double length_s);

}  // namespace beatframe::synth_internal
