#include "tools/synth/drum_voices.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace beatframe::synth_internal {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

// Adds `value(t)` for t in [0, length_s) starting at the voice's sample.
template <typename Fn>
void Render(const Voice& voice, double length_s, Fn value) {
  std::vector<float>& out = *voice.out;
  const int64_t count = static_cast<int64_t>(length_s * voice.rate_hz);
  const int64_t end = std::min<int64_t>(static_cast<int64_t>(out.size()), voice.start_sample + count);
  for (int64_t i = std::max<int64_t>(0, voice.start_sample); i < end; ++i) {
    const double t = static_cast<double>(i - voice.start_sample) / voice.rate_hz;
    out[i] += voice.velocity * static_cast<float>(value(t));
  }
}

}  // namespace

float NoiseSource::Next() {
  state_ ^= state_ >> 12;
  state_ ^= state_ << 25;
  state_ ^= state_ >> 27;
  const uint64_t bits = state_ * 0x2545F4914F6CDD1Dull;
  return static_cast<float>(static_cast<double>(bits >> 40) / static_cast<double>(1ull << 23) - 1.0);
}

void AddKick(const Voice& voice, NoiseSource& noise) {
  double phase = 0.0;
  const double dt = 1.0 / voice.rate_hz;
  Render(voice, 0.45, [&](double t) {
    const double frequency_hz = 50.0 + 100.0 * std::exp(-t / 0.03);
    phase += kTwoPi * frequency_hz * dt;
    const double body = std::sin(phase) * std::exp(-t / 0.18);
    const double click = 0.5 * noise.Next() * std::exp(-t / 0.002);
    return 0.9 * body + click;
  });
}

void AddSnare(const Voice& voice, NoiseSource& noise) {
  float previous = 0.0f;
  Render(voice, 0.3, [&](double t) {
    const float white = noise.Next();
    // First difference: tilts the noise towards the bright snare wires.
    const double bright = 0.5 * (white - previous);
    previous = white;
    const double body = std::sin(kTwoPi * 190.0 * t) * std::exp(-t / 0.05);
    return 0.45 * body + 0.6 * bright * std::exp(-t / 0.07);
  });
}

void AddHiHat(const Voice& voice, NoiseSource& noise) {
  float previous = 0.0f;
  float previous_diff = 0.0f;
  Render(voice, 0.08, [&](double t) {
    const float white = noise.Next();
    const float diff = white - previous;
    const float second = diff - previous_diff;  // twice differenced: mostly above 5 kHz
    previous = white;
    previous_diff = diff;
    return 0.12 * second * std::exp(-t / 0.015);
  });
}

void AddClick(const Voice& voice, double frequency_hz) {
  Render(voice, 0.03, [&](double t) { return std::sin(kTwoPi * frequency_hz * t) * std::exp(-t / 0.006); });
}

void AddBass(const Voice& voice, double frequency_hz, double length_s) {
  Render(voice, length_s, [&](double t) {
    const double attack = std::min(1.0, t / 0.01);
    const double release = std::clamp((length_s - t) / 0.03, 0.0, 1.0);
    const double tone = std::sin(kTwoPi * frequency_hz * t) + 0.3 * std::sin(kTwoPi * 2.0 * frequency_hz * t);
    return 0.35 * tone * attack * release * std::exp(-t / 0.6);
  });
}

void AddPad(const Voice& voice, const std::vector<double>& frequencies_hz, double length_s) {
  Render(voice, length_s, [&](double t) {
    const double attack = std::min(1.0, t / 0.25);
    const double release = std::clamp((length_s - t) / 0.25, 0.0, 1.0);
    double sum = 0.0;
    for (double f : frequencies_hz) {
      for (double detune : {0.997, 1.0, 1.003}) sum += std::sin(kTwoPi * f * detune * t);
    }
    return 0.03 * sum * attack * release;
  });
}

}  // namespace beatframe::synth_internal
