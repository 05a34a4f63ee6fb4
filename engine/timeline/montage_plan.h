// The montage's shot list: when to cut between the uploaded photos and clips,
// which one each shot shows, how stills move (Ken Burns) and how each shot
// comes in. Cuts sit exactly on beat (or downbeat) times; how many beats a
// shot lasts follows the tempo and the prompt. A pure function of its inputs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/audio/analysis.h"

namespace beatframe {

enum class ShotTransition {
  kCut,        // hard cut on the cut frame
  kCrossfade,  // a short dissolve centred just before the cut: the cut frame already shows mostly the new shot
  kFlash,      // the new shot appears on the cut frame under a white flash that fades out
};
const char* ShotTransitionName(ShotTransition transition);

// A slow zoom and pan across a still for the length of its shot. Zoom 1
// shows the whole (cover-cropped) picture; pan is where the view's centre
// sits within the room the zoom leaves, -1..1 on each axis (0 centred).
struct KenBurns {
  float zoom_start = 1.0f;
  float zoom_end = 1.0f;
  float pan_x_start = 0.0f;
  float pan_y_start = 0.0f;
  float pan_x_end = 0.0f;
  float pan_y_end = 0.0f;
};

struct MontageShot {
  int64_t first_frame = 0;   // the cut frame: round(start_s * fps), as FrameContextBuilder lands beats
  int64_t end_frame = 0;     // exclusive: the next shot's first frame, or the frame count
  double start_s = 0.0;      // the beat (or downbeat) time of the cut; 0 for the first shot
  int media_index = 0;       // into the uploaded media, cycled in upload order
  ShotTransition transition = ShotTransition::kCut;  // how this shot comes in (kCut for the first)
  KenBurns ken_burns;        // applied when the media is a still
};

// How often the montage cuts.
enum class CutCadence {
  kBeats,     // every `beats_per_shot` beats
  kBars,      // every `bars_per_shot` downbeats
  kSections,  // at section changes only
  kTimed,     // no beats: every ~2.5 s
};

struct MontagePlan {
  std::vector<MontageShot> shots;  // in time order, covering every frame
  CutCadence cadence = CutCadence::kBeats;
  int beats_per_shot = 0;          // kBeats
  int bars_per_shot = 0;           // kBars
};

struct MontagePlanOptions {
  int media_count = 0;
  int fps_num = 30;
  int fps_den = 1;
  std::string prompt;
  uint32_t seed = 1;  // fixes the Ken Burns moves
};

// Plans the shots for a track of analysis.duration_s.
//
// Cadence, from the prompt's words (the first that applies wins):
//   "every beat", "each beat", "on the beat"             -> every beat
//   "every 2 bars" / "every two bars" (also 4 / four)     -> every 2 (4) bars
//   "every bar", "each bar", "on the downbeat(s)"         -> every bar
//   "section changes", "each section", "every section"    -> at section changes
// otherwise from the tempo: the power of two of beats (multiples of the bar
// once a shot reaches a bar) whose shot length is nearest 2.5 s and at least
// 1.5 s, at most 4 s where possible. "fast cuts" / "quick cuts" aim for 1 s
// shots instead, "slow cuts" for 5 s. Cuts whose beats are multiples of a
// bar land on downbeats. A track without beats cuts every ~2.5 s.
//
// Transitions: "hard cuts" or "no transitions" -> every cut is kCut;
// "crossfade(s)", "dissolve(s)" -> every cut crossfades; otherwise a cut at a
// section change flashes, a cut on a downbeat with a strong onset (beat
// strength >= 0.75) crossfades, and the rest are hard cuts.
//
// INVALID_ARGUMENT for media_count < 1 or a bad frame rate.
absl::StatusOr<MontagePlan> PlanMontage(const Analysis& analysis, const MontagePlanOptions& options);

// Whether the prompt asks for the montage alone, without the visualizer drawn
// over it: "montage only", "photos only", "no visualizer".
bool PromptWantsMontageOnly(const std::string& prompt);

}  // namespace beatframe
