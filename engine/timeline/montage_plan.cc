#include "engine/timeline/montage_plan.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace beatframe {
namespace {

// Shot lengths the tempo-driven cadence aims for, in seconds.
struct ShotTarget {
  double aim_s;
  double min_s;
  double max_s;
};
constexpr ShotTarget kNormalShots{2.5, 1.5, 4.0};
constexpr ShotTarget kFastShots{1.0, 0.5, 1.5};
constexpr ShotTarget kSlowShots{5.0, 3.5, 8.0};
// A cut closer than this fraction of the nominal shot length to the previous
// cut (or the start, or the end) is dropped, so no shot is a blink.
constexpr double kMinShotFraction = 0.5;
// Beats this strong (0..1) on a downbeat get a crossfade.
constexpr float kStrongOnset = 0.75f;
// A cut this close to a section start is "on the section change".
constexpr double kSectionSnapS = 0.1;
// Section boundaries move to the nearest beat when one is this close.
constexpr double kBeatSnapS = 0.3;
// A crossfade needs this many frames of the previous shot to fade from.
constexpr int64_t kCrossfadeMinPreviousFrames = 6;
constexpr double kZoomTravel = 0.15;

bool HasAny(const std::string& text, std::initializer_list<const char*> words) {
  for (const char* word : words) {
    if (absl::StrContains(text, word)) return true;
  }
  return false;
}

// splitmix64: a portable generator, the same on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)

 private:
  uint64_t state_;
};

double TypicalBeatSeconds(const Analysis& analysis) {
  if (analysis.tempo_bpm > 0.0) return 60.0 / analysis.tempo_bpm;
  const std::vector<double>& beats = analysis.beat_times_s;
  if (beats.size() < 2) return 0.0;
  std::vector<double> gaps;
  for (size_t i = 1; i < beats.size(); ++i) gaps.push_back(beats[i] - beats[i - 1]);
  std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
  return gaps[gaps.size() / 2];
}

// Beats per shot from the tempo: the candidate nearest the aim within the
// bounds, else the nearest overall.
int BeatsPerShotForTempo(double beat_s, int meter, const ShotTarget& target) {
  std::vector<int> candidates = {1, 2};
  for (int bars = 1; bars <= 16; bars *= 2) candidates.push_back(bars * meter);
  int best = candidates.front();
  double best_cost = 1e18;
  for (int n : candidates) {
    const double length = n * beat_s;
    const bool inside = length >= target.min_s && length <= target.max_s;
    const double cost = std::abs(length - target.aim_s) + (inside ? 0.0 : 1000.0);
    if (cost < best_cost) {
      best_cost = cost;
      best = n;
    }
  }
  return best;
}

// Every `step`-th time of `times`, phase chosen so the cuts fall on times[i]
// with i % step == phase.
std::vector<double> EveryNth(const std::vector<double>& times, int step, int phase) {
  std::vector<double> cuts;
  for (size_t i = 0; i < times.size(); ++i) {
    if (static_cast<int>(i % step) == phase) cuts.push_back(times[i]);
  }
  return cuts;
}

double NearestIn(const std::vector<double>& times, double t, double within) {
  auto it = std::lower_bound(times.begin(), times.end(), t);
  double best = t, best_d = within;
  if (it != times.end() && *it - t <= best_d) { best = *it; best_d = *it - t; }
  if (it != times.begin() && t - *(it - 1) < best_d) best = *(it - 1);
  return best;
}

// Index of the beat at `t` (within 70 ms), or -1.
int BeatIndexAt(const std::vector<double>& beats, double t) {
  auto it = std::lower_bound(beats.begin(), beats.end(), t - 0.07);
  if (it == beats.end() || *it > t + 0.07) return -1;
  return static_cast<int>(it - beats.begin());
}

struct Cadence {
  CutCadence kind = CutCadence::kBeats;
  int beats = 0;
  int bars = 0;
  double nominal_s = 2.5;  // typical shot length
};

Cadence ChooseCadence(const Analysis& analysis, const std::string& prompt) {
  const double beat_s = TypicalBeatSeconds(analysis);
  const int meter = analysis.time_signature > 0 ? analysis.time_signature : 4;
  const bool has_beats = analysis.beat_times_s.size() >= 2 && beat_s > 0.0;
  const bool has_downbeats = analysis.downbeat_times_s.size() >= 2;
  const ShotTarget target = HasAny(prompt, {"fast cut", "quick cut", "rapid cut"}) ? kFastShots
                            : HasAny(prompt, {"slow cut"})                        ? kSlowShots
                                                                                  : kNormalShots;
  Cadence cadence;
  if (!has_beats) {
    cadence.kind = CutCadence::kTimed;
    cadence.nominal_s = target.aim_s;
    return cadence;
  }
  auto bars = [&](int count) {
    cadence.kind = CutCadence::kBars;
    cadence.bars = count;
    cadence.nominal_s = count * meter * beat_s;
    return cadence;
  };
  auto beats = [&](int count) {
    cadence.kind = CutCadence::kBeats;
    cadence.beats = count;
    cadence.nominal_s = count * beat_s;
    return cadence;
  };
  if (HasAny(prompt, {"every beat", "each beat", "on the beat", "every single beat"})) return beats(1);
  if (HasAny(prompt, {"every 4 bars", "every four bars"})) return has_downbeats ? bars(4) : beats(4 * meter);
  if (HasAny(prompt, {"every 2 bars", "every two bars", "every other bar"})) {
    return has_downbeats ? bars(2) : beats(2 * meter);
  }
  if (HasAny(prompt, {"every bar", "each bar", "on the downbeat", "every downbeat", "each downbeat"})) {
    return has_downbeats ? bars(1) : beats(meter);
  }
  if (HasAny(prompt, {"section change", "each section", "every section", "new section"}) &&
      analysis.sections.size() >= 2) {
    cadence.kind = CutCadence::kSections;
    cadence.nominal_s = analysis.duration_s / analysis.sections.size();
    return cadence;
  }
  const int n = BeatsPerShotForTempo(beat_s, meter, target);
  if (n >= meter && n % meter == 0 && has_downbeats) return bars(n / meter);
  return beats(n);
}

std::vector<double> CutTimes(const Analysis& analysis, const Cadence& cadence) {
  const std::vector<double>& beats = analysis.beat_times_s;
  const std::vector<double>& downbeats = analysis.downbeat_times_s;
  switch (cadence.kind) {
    case CutCadence::kBeats: {
      // Keep cuts in phase with the bars: the first downbeat is a cut beat.
      int phase = 0;
      if (!downbeats.empty()) {
        const int first = BeatIndexAt(beats, downbeats.front());
        if (first >= 0) phase = first % cadence.beats;
      }
      return EveryNth(beats, cadence.beats, phase);
    }
    case CutCadence::kBars:
      return EveryNth(downbeats, cadence.bars, 0);
    case CutCadence::kSections: {
      std::vector<double> cuts;
      for (size_t i = 1; i < analysis.sections.size(); ++i) {
        cuts.push_back(NearestIn(beats, analysis.sections[i].start_s, kBeatSnapS));
      }
      return cuts;
    }
    case CutCadence::kTimed: {
      std::vector<double> cuts;
      for (double t = cadence.nominal_s; t < analysis.duration_s; t += cadence.nominal_s) cuts.push_back(t);
      return cuts;
    }
  }
  return {};
}

ShotTransition TransitionFor(const Analysis& analysis, const std::string& prompt, double cut_s) {
  if (HasAny(prompt, {"hard cut", "no transition", "straight cut"})) return ShotTransition::kCut;
  if (HasAny(prompt, {"crossfade", "cross-fade", "dissolve"})) return ShotTransition::kCrossfade;
  const bool flashes = HasAny(prompt, {"flash"});
  for (size_t i = 1; i < analysis.sections.size(); ++i) {
    if (std::abs(analysis.sections[i].start_s - cut_s) <= kSectionSnapS) return ShotTransition::kFlash;
  }
  const std::vector<double>& downbeats = analysis.downbeat_times_s;
  auto it = std::lower_bound(downbeats.begin(), downbeats.end(), cut_s - 0.07);
  const bool on_downbeat = it != downbeats.end() && *it <= cut_s + 0.07;
  const int beat = BeatIndexAt(analysis.beat_times_s, cut_s);
  const float strength = beat >= 0 && beat < static_cast<int>(analysis.beat_strengths.size())
                             ? analysis.beat_strengths[beat]
                             : 0.0f;
  if (on_downbeat && strength >= kStrongOnset) return flashes ? ShotTransition::kFlash : ShotTransition::kCrossfade;
  return ShotTransition::kCut;
}

KenBurns MakeKenBurns(uint32_t seed, size_t shot) {
  Rng rng((static_cast<uint64_t>(seed) << 32) ^ (shot * 0x2545F4914F6CDD1Dull) ^ 0x6B656E6275726E73ull);
  KenBurns move;
  const float travel = static_cast<float>(kZoomTravel * (0.8 + 0.4 * rng.Uniform()));  // 12..18 %
  const bool zoom_in = rng.Uniform() < 0.5;
  move.zoom_start = zoom_in ? 1.0f : 1.0f + travel;
  move.zoom_end = zoom_in ? 1.0f + travel : 1.0f;
  // Pan across the room the zoom leaves, through the centre, in a random direction.
  const double angle = 2.0 * M_PI * rng.Uniform();
  const float reach = static_cast<float>(0.5 + 0.4 * rng.Uniform());
  move.pan_x_start = -reach * static_cast<float>(std::cos(angle));
  move.pan_y_start = -reach * static_cast<float>(std::sin(angle));
  move.pan_x_end = -move.pan_x_start;
  move.pan_y_end = -move.pan_y_start;
  return move;
}

}  // namespace

const char* ShotTransitionName(ShotTransition transition) {
  switch (transition) {
    case ShotTransition::kCut: return "cut";
    case ShotTransition::kCrossfade: return "crossfade";
    case ShotTransition::kFlash: return "flash";
  }
  return "unknown";
}

bool PromptWantsMontageOnly(const std::string& prompt) {
  const std::string text = absl::AsciiStrToLower(prompt);
  return HasAny(text, {"montage only", "photos only", "clips only", "only the montage", "no visualizer",
                       "no visualiser", "without visualizer", "without visualiser"});
}

absl::StatusOr<MontagePlan> PlanMontage(const Analysis& analysis, const MontagePlanOptions& options) {
  if (options.media_count < 1) return absl::InvalidArgumentError("a montage needs at least one image or clip");
  if (options.fps_num <= 0 || options.fps_den <= 0) return absl::InvalidArgumentError("montage: bad frame rate");
  const std::string prompt = absl::AsciiStrToLower(options.prompt);
  const double fps = static_cast<double>(options.fps_num) / options.fps_den;
  const double frames = analysis.duration_s * fps;
  // The same frame count as FrameContextBuilder.
  const int64_t frame_count = frames > 0.0 ? static_cast<int64_t>(std::ceil(frames - 1e-6)) : 0;

  const Cadence cadence = ChooseCadence(analysis, prompt);
  MontagePlan plan;
  plan.cadence = cadence.kind;
  plan.beats_per_shot = cadence.beats;
  plan.bars_per_shot = cadence.bars;

  const double min_shot_s = cadence.kind == CutCadence::kSections ? 1.0 : kMinShotFraction * cadence.nominal_s;
  std::vector<MontageShot> shots(1);
  for (const double cut_s : CutTimes(analysis, cadence)) {
    if (cut_s - shots.back().start_s < min_shot_s || analysis.duration_s - cut_s < min_shot_s) continue;
    // The frame a beat lands on, exactly as FrameContextBuilder rounds it.
    const int64_t frame = static_cast<int64_t>(std::llround(cut_s * options.fps_num / options.fps_den));
    if (frame <= shots.back().first_frame || frame >= frame_count) continue;
    MontageShot shot;
    shot.first_frame = frame;
    shot.start_s = cut_s;
    shot.transition = TransitionFor(analysis, prompt, cut_s);
    if (shot.transition == ShotTransition::kCrossfade && frame - shots.back().first_frame < kCrossfadeMinPreviousFrames) {
      shot.transition = ShotTransition::kCut;
    }
    shots.push_back(shot);
  }
  for (size_t i = 0; i < shots.size(); ++i) {
    shots[i].end_frame = i + 1 < shots.size() ? shots[i + 1].first_frame : frame_count;
    shots[i].media_index = static_cast<int>(i % options.media_count);
    shots[i].ken_burns = MakeKenBurns(options.seed, i);
    // One picture cutting to itself: keep the cut (a new move) but no blend.
    if (options.media_count == 1 && shots[i].transition == ShotTransition::kCrossfade) {
      shots[i].transition = ShotTransition::kCut;
    }
  }
  plan.shots = std::move(shots);
  return plan;
}

}  // namespace beatframe
