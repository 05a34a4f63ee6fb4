#include "engine/audio/swing_corrector.h"

#include <algorithm>
#include <cmath>

namespace beatframe::audio_internal {
namespace {

// Profile resolution: steps per beat (or half beat), ~10 ms at 120 BPM.
constexpr int kSteps = 48;
// Where the second note of a long-short pair lies when the tracker sits on
// the swung note: the short gap, 0.28-0.45 of the interval (swing ratios
// from 55:45 to 72:28). Straight eighths (0.5) never qualify.
constexpr double kShortGapMin = 0.28;
constexpr double kShortGapMax = 0.45;
// The pair must dominate: its second note at least this fraction of the
// first, and this many times anything else between them.
constexpr double kMinPartner = 0.1;
constexpr double kMinDominance = 2.0;
// Positions within this many steps of a peak belong to the peak.
constexpr int kPeakWidthSteps = 3;
// Each beat is judged on itself and this many neighbours either side.
constexpr size_t kNeighbourBeats = 2;

double EnvelopeAt(const std::vector<float>& onset, double frame) {
  const int low = static_cast<int>(std::floor(frame));
  if (low < 0 || low + 1 >= static_cast<int>(onset.size())) return 0.0;
  const double weight = frame - low;
  return (1.0 - weight) * onset[low] + weight * onset[low + 1];
}

// The onset strength at kSteps positions across each of `divisions` equal
// parts of every beat interval, summed over the track and folded onto one part.
std::vector<double> FoldedProfile(const std::vector<float>& onset, double rate_hz,
                                  const std::vector<double>& beats_s, int divisions) {
  std::vector<double> profile(kSteps, 0.0);
  for (size_t i = 0; i + 1 < beats_s.size(); ++i) {
    const double part_s = (beats_s[i + 1] - beats_s[i]) / divisions;
    for (int d = 0; d < divisions; ++d) {
      for (int s = 0; s < kSteps; ++s) {
        profile[s] += EnvelopeAt(onset, (beats_s[i] + part_s * (d + static_cast<double>(s) / kSteps)) * rate_hz);
      }
    }
  }
  return profile;
}

// The position (steps, may be negative or beyond kSteps) the beats should
// move to within the folded interval, or 0 when the profile shows no swing
// pair with the beats on its late note.
int SwingShiftSteps(const std::vector<double>& profile) {
  const int main = static_cast<int>(std::max_element(profile.begin(), profile.end()) - profile.begin());
  // The beats must sit on the main peak (the tracker follows the strongest onsets).
  const int main_signed = main > kSteps / 2 ? main - kSteps : main;
  if (std::abs(main_signed) > 2 || profile[main] <= 0.0) return 0;
  const int first = static_cast<int>(std::lround(kShortGapMin * kSteps));
  const int last = static_cast<int>(std::lround(kShortGapMax * kSteps));
  int partner = first;
  for (int s = first; s <= last; ++s) {
    if (profile[s] > profile[partner]) partner = s;
  }
  // A local maximum, not the shoulder of something outside the window.
  if (!(profile[partner] > profile[partner - 1] && profile[partner] >= profile[partner + 1])) return 0;
  double rest = 0.0;
  const int inner_first = static_cast<int>(std::lround(0.15 * kSteps));
  const int inner_last = static_cast<int>(std::lround(0.85 * kSteps));
  for (int s = inner_first; s <= inner_last; ++s) {
    if (std::abs(s - partner) > kPeakWidthSteps) rest = std::max(rest, profile[s]);
  }
  if (profile[partner] < kMinPartner * profile[main] || profile[partner] < kMinDominance * rest) return 0;
  return partner - main_signed;
}

// Whether the beat-level profile has onsets near the half beat, at least
// kMinPartner of its peak.
bool HasNotesAtHalfBeat(const std::vector<double>& profile) {
  const double peak = *std::max_element(profile.begin(), profile.end());
  double half = 0.0;
  for (int s = kSteps / 2 - kPeakWidthSteps; s <= kSteps / 2 + kPeakWidthSteps; ++s) half = std::max(half, profile[s]);
  return half >= kMinPartner * peak;
}

// The strongest onset within two frames of `frame` (tracked beats jitter
// by a frame or two around the note they follow).
double PeakAround(const std::vector<float>& onset, double frame) {
  const int centre = static_cast<int>(std::lround(frame));
  double peak = 0.0;
  for (int t = centre - 2; t <= centre + 2; ++t) {
    if (t >= 0 && t < static_cast<int>(onset.size())) peak = std::max(peak, static_cast<double>(onset[t]));
  }
  return peak;
}

// A tracker may follow the on-beat notes in one passage and the swung ones
// in the next, so each beat is judged on its own neighbourhood: on a swung
// note, the next note comes after the short gap (`short_gap` of the part);
// on the beat, after the long one.
std::vector<double> ShiftSwungBeats(const std::vector<float>& onset, double rate_hz,
                                    const std::vector<double>& beats_s, int divisions, double short_gap) {
  const size_t n = beats_s.size();
  std::vector<double> part_s(n);
  std::vector<double> after_short(n), after_long(n);
  for (size_t i = 0; i < n; ++i) {
    part_s[i] = (i + 1 < n ? beats_s[i + 1] - beats_s[i] : beats_s[i] - beats_s[i - 1]) / divisions;
    after_short[i] = PeakAround(onset, (beats_s[i] + short_gap * part_s[i]) * rate_hz);
    after_long[i] = PeakAround(onset, (beats_s[i] + (1.0 - short_gap) * part_s[i]) * rate_hz);
  }
  constexpr int kRadius = kNeighbourBeats;
  std::vector<double> shifted(n);
  for (size_t i = 0; i < n; ++i) {
    double short_sum = 0.0, long_sum = 0.0;
    const size_t first = i >= kRadius ? i - kRadius : 0;
    for (size_t j = first; j < n && j <= i + kRadius; ++j) {
      short_sum += after_short[j];
      long_sum += after_long[j];
    }
    shifted[i] = beats_s[i] + (short_sum > long_sum ? short_gap * part_s[i] : 0.0);
  }
  return shifted;
}

}  // namespace

std::vector<double> CorrectSwing(const std::vector<float>& onset, double onset_rate_hz,
                                 const std::vector<double>& beat_times_s) {
  if (beat_times_s.size() < 4 || onset_rate_hz <= 0.0) return beat_times_s;
  // Swung eighths first (the beat level), then swung sixteenths (half beats).
  const std::vector<double> beat_profile = FoldedProfile(onset, onset_rate_hz, beat_times_s, 1);
  int shift = SwingShiftSteps(beat_profile);
  if (shift > 0) return ShiftSwungBeats(onset, onset_rate_hz, beat_times_s, 1, static_cast<double>(shift) / kSteps);
  // Sixteenths swing in both halves of the beat, so the half beat itself
  // carries notes. (Triplet-swung eighths folded onto half beats would look
  // like a swung pair too, but leave the half beat empty.)
  if (!HasNotesAtHalfBeat(beat_profile)) return beat_times_s;
  shift = SwingShiftSteps(FoldedProfile(onset, onset_rate_hz, beat_times_s, 2));
  if (shift > 0) return ShiftSwungBeats(onset, onset_rate_hz, beat_times_s, 2, static_cast<double>(shift) / kSteps);
  return beat_times_s;
}

}  // namespace beatframe::audio_internal
