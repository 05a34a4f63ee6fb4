// A tiny seeded generator for the styles' random choices (particle fields,
// cloud placement, dither noise). SplitMix64: same numbers on every platform
// and standard library, which std::mt19937 + distributions do not promise.
#pragma once

#include <cstdint>

namespace beatframe {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  float Uniform() { return static_cast<float>(Next() >> 40) * (1.0f / 16777216.0f); }
  float Uniform(float low, float high) { return low + (high - low) * Uniform(); }

 private:
  uint64_t state_;
};

}  // namespace beatframe
