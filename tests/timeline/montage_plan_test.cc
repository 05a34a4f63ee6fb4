// The montage's shot list from a hand-made analysis: cuts sit exactly on beat
// or downbeat times and on the frames those beats land on; the shot length
// follows the tempo and the prompt's words; media cycle in order; the plan
// is deterministic for a seed.
#include "engine/timeline/montage_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine/timeline/frame_context.h"

namespace beatframe {
namespace {

// A steady track: beats off the frame grid (so rounding matters), a downbeat
// every `meter` beats, sections every 8 bars, every downbeat strong.
Analysis SteadyTrack(double bpm, double duration_s, int meter = 4) {
  Analysis analysis;
  analysis.duration_s = duration_s;
  analysis.tempo_bpm = bpm;
  analysis.time_signature = meter;
  const double period = 60.0 / bpm;
  int index = 0;
  for (double t = 0.237; t < duration_s; t += period, ++index) {
    analysis.beat_times_s.push_back(t);
    const bool downbeat = index % meter == 0;
    analysis.beat_strengths.push_back(downbeat ? 0.9f : 0.4f);
    if (downbeat) analysis.downbeat_times_s.push_back(t);
  }
  double start = 0.0;
  for (size_t bar = 8; bar < analysis.downbeat_times_s.size(); bar += 8) {
    analysis.sections.push_back({start, analysis.downbeat_times_s[bar], "verse"});
    start = analysis.downbeat_times_s[bar];
  }
  analysis.sections.push_back({start, duration_s, "outro"});
  return analysis;
}

MontagePlan Plan(const Analysis& analysis, const std::string& prompt, int media = 4, uint32_t seed = 7) {
  MontagePlanOptions options;
  options.media_count = media;
  options.prompt = prompt;
  options.seed = seed;
  absl::StatusOr<MontagePlan> plan = PlanMontage(analysis, options);
  EXPECT_TRUE(plan.ok()) << plan.status();
  return plan.ok() ? *plan : MontagePlan{};
}

bool Contains(const std::vector<double>& times, double t) {
  return std::find(times.begin(), times.end(), t) != times.end();
}

double MeanShotSeconds(const MontagePlan& plan) {
  // Between cuts only: the first and last shots are cut short by the track.
  if (plan.shots.size() < 3) return 0.0;
  return (plan.shots.back().start_s - plan.shots[1].start_s) / (plan.shots.size() - 2);
}

// The shots tile the frames, cycle the media, and every cut is on the frame
// FrameContextBuilder lands that beat on.
void ExpectWellFormed(const Analysis& analysis, const MontagePlan& plan, int media) {
  const FrameContextBuilder contexts(analysis, 30, 1);
  ASSERT_FALSE(plan.shots.empty());
  EXPECT_EQ(plan.shots.front().first_frame, 0);
  EXPECT_EQ(plan.shots.back().end_frame, contexts.frame_count());
  for (size_t i = 0; i < plan.shots.size(); ++i) {
    const MontageShot& shot = plan.shots[i];
    EXPECT_EQ(shot.media_index, static_cast<int>(i % media));
    EXPECT_LT(shot.first_frame, shot.end_frame);
    if (i + 1 < plan.shots.size()) {
      EXPECT_EQ(shot.end_frame, plan.shots[i + 1].first_frame);
    }
    if (i == 0) continue;
    EXPECT_TRUE(Contains(analysis.beat_times_s, shot.start_s)) << "cut " << i << " at " << shot.start_s;
    EXPECT_EQ(shot.first_frame, std::llround(shot.start_s * 30.0));
    const FrameContext context = contexts.At(shot.first_frame);
    EXPECT_TRUE(context.on_beat) << "cut " << i << " frame " << shot.first_frame;
    EXPECT_EQ(analysis.beat_times_s[context.beat_index], shot.start_s);
  }
}

TEST(MontagePlanTest, DefaultCutsEveryBarAt120BpmOnTheDownbeats) {
  const Analysis analysis = SteadyTrack(120.0, 30.0);
  const MontagePlan plan = Plan(analysis, "neon video for my photos");
  ExpectWellFormed(analysis, plan, 4);
  EXPECT_EQ(plan.cadence, CutCadence::kBars);
  EXPECT_EQ(plan.bars_per_shot, 1);
  for (size_t i = 1; i < plan.shots.size(); ++i) EXPECT_TRUE(Contains(analysis.downbeat_times_s, plan.shots[i].start_s));
  EXPECT_NEAR(MeanShotSeconds(plan), 2.0, 1e-9);
}

TEST(MontagePlanTest, ShotLengthFollowsTheTempo) {
  for (double bpm : {60.0, 75.0, 95.0, 120.0, 140.0, 174.0, 200.0}) {
    SCOPED_TRACE(bpm);
    const Analysis analysis = SteadyTrack(bpm, 40.0);
    const MontagePlan plan = Plan(analysis, "");
    ExpectWellFormed(analysis, plan, 4);
    const double shot_s = MeanShotSeconds(plan);
    EXPECT_GE(shot_s, 1.5);
    EXPECT_LE(shot_s, 4.0);
  }
  // Faster music, more beats to a shot: one beat at 60 BPM is a second, too quick.
  const MontagePlan slow = Plan(SteadyTrack(60.0, 40.0), "");
  const MontagePlan fast = Plan(SteadyTrack(174.0, 40.0), "");
  const int slow_beats = slow.cadence == CutCadence::kBars ? 4 * slow.bars_per_shot : slow.beats_per_shot;
  const int fast_beats = fast.cadence == CutCadence::kBars ? 4 * fast.bars_per_shot : fast.beats_per_shot;
  EXPECT_GT(slow_beats, 1);
  EXPECT_GT(fast_beats, slow_beats);
}

TEST(MontagePlanTest, WaltzShotsAreWholeBars) {
  const Analysis analysis = SteadyTrack(150.0, 40.0, 3);
  const MontagePlan plan = Plan(analysis, "");
  ExpectWellFormed(analysis, plan, 4);
  for (size_t i = 1; i < plan.shots.size(); ++i) EXPECT_TRUE(Contains(analysis.downbeat_times_s, plan.shots[i].start_s));
}

TEST(MontagePlanTest, PromptWordsSetTheCadence) {
  const Analysis analysis = SteadyTrack(100.0, 40.0);
  const MontagePlan every_beat = Plan(analysis, "cut on every beat");
  ExpectWellFormed(analysis, every_beat, 4);
  EXPECT_EQ(every_beat.cadence, CutCadence::kBeats);
  EXPECT_EQ(every_beat.beats_per_shot, 1);
  EXPECT_NEAR(MeanShotSeconds(every_beat), 0.6, 1e-9);

  const MontagePlan every_bar = Plan(analysis, "switch photo every bar");
  EXPECT_EQ(every_bar.cadence, CutCadence::kBars);
  EXPECT_EQ(every_bar.bars_per_shot, 1);
  const MontagePlan two_bars = Plan(analysis, "a new picture every 2 bars");
  ExpectWellFormed(analysis, two_bars, 4);
  EXPECT_EQ(two_bars.bars_per_shot, 2);
  EXPECT_NEAR(MeanShotSeconds(two_bars), 4.8, 1e-9);
  for (size_t i = 1; i < two_bars.shots.size(); ++i) {
    EXPECT_TRUE(Contains(analysis.downbeat_times_s, two_bars.shots[i].start_s));
  }

  const MontagePlan sections = Plan(analysis, "change the clip on section changes");
  ExpectWellFormed(analysis, sections, 4);
  EXPECT_EQ(sections.cadence, CutCadence::kSections);
  ASSERT_EQ(sections.shots.size(), analysis.sections.size());
  for (size_t i = 1; i < sections.shots.size(); ++i) {
    EXPECT_EQ(sections.shots[i].start_s, analysis.sections[i].start_s);
    EXPECT_EQ(sections.shots[i].transition, ShotTransition::kFlash);
  }

  const double normal = MeanShotSeconds(Plan(analysis, ""));
  EXPECT_LT(MeanShotSeconds(Plan(analysis, "fast cuts please")), normal);
  EXPECT_GT(MeanShotSeconds(Plan(analysis, "slow cuts, calm")), normal);
}

TEST(MontagePlanTest, TransitionsLandOnStrongMomentsAndPromptWordsOverrideThem) {
  const Analysis analysis = SteadyTrack(120.0, 40.0);
  const MontagePlan plan = Plan(analysis, "every beat");
  int crossfades = 0, flashes = 0, cuts = 0;
  for (size_t i = 1; i < plan.shots.size(); ++i) {
    const MontageShot& shot = plan.shots[i];
    const bool downbeat = Contains(analysis.downbeat_times_s, shot.start_s);
    bool section = false;
    for (const Section& s : analysis.sections) section = section || s.start_s == shot.start_s;
    switch (shot.transition) {
      case ShotTransition::kFlash: ++flashes; EXPECT_TRUE(section); break;
      case ShotTransition::kCrossfade: ++crossfades; EXPECT_TRUE(downbeat); break;
      case ShotTransition::kCut: ++cuts; EXPECT_FALSE(section); break;
    }
  }
  EXPECT_GT(flashes, 0);
  EXPECT_GT(crossfades, 0);
  EXPECT_GT(cuts, crossfades);
  EXPECT_EQ(plan.shots.front().transition, ShotTransition::kCut);
  for (const MontageShot& shot : Plan(analysis, "every beat, hard cuts").shots) {
    EXPECT_EQ(shot.transition, ShotTransition::kCut);
  }
}

TEST(MontagePlanTest, IsDeterministicAndTheSeedOnlyMovesTheKenBurns) {
  const Analysis analysis = SteadyTrack(128.0, 30.0);
  const MontagePlan a = Plan(analysis, "", 3, 11), b = Plan(analysis, "", 3, 11), c = Plan(analysis, "", 3, 12);
  ASSERT_EQ(a.shots.size(), b.shots.size());
  ASSERT_EQ(a.shots.size(), c.shots.size());
  bool moved = false;
  for (size_t i = 0; i < a.shots.size(); ++i) {
    EXPECT_EQ(a.shots[i].first_frame, b.shots[i].first_frame);
    EXPECT_EQ(a.shots[i].first_frame, c.shots[i].first_frame);
    EXPECT_EQ(a.shots[i].ken_burns.zoom_end, b.shots[i].ken_burns.zoom_end);
    EXPECT_EQ(a.shots[i].ken_burns.pan_x_start, b.shots[i].ken_burns.pan_x_start);
    moved = moved || a.shots[i].ken_burns.pan_x_start != c.shots[i].ken_burns.pan_x_start;
    // Zoom between 1 and ~1.18, in or out, with a pan.
    const KenBurns& kb = a.shots[i].ken_burns;
    EXPECT_GE(std::min(kb.zoom_start, kb.zoom_end), 1.0f);
    EXPECT_LE(std::max(kb.zoom_start, kb.zoom_end), 1.19f);
    EXPECT_GT(std::abs(kb.zoom_end - kb.zoom_start), 0.1f);
    EXPECT_GT(std::abs(kb.pan_x_end - kb.pan_x_start) + std::abs(kb.pan_y_end - kb.pan_y_start), 0.5f);
  }
  EXPECT_TRUE(moved);
}

TEST(MontagePlanTest, TrackWithoutBeatsCutsOnATimer) {
  Analysis analysis;
  analysis.duration_s = 12.0;
  const MontagePlan plan = Plan(analysis, "", 2);
  EXPECT_EQ(plan.cadence, CutCadence::kTimed);
  ASSERT_GE(plan.shots.size(), 4u);
  EXPECT_EQ(plan.shots[1].first_frame, 75);  // 2.5 s at 30 fps
  EXPECT_EQ(plan.shots.back().end_frame, 360);
}

TEST(MontagePlanTest, RefusesNoMediaOrABadRate) {
  const Analysis analysis = SteadyTrack(120.0, 10.0);
  MontagePlanOptions options;
  options.media_count = 0;
  EXPECT_EQ(PlanMontage(analysis, options).status().code(), absl::StatusCode::kInvalidArgument);
  options.media_count = 1;
  options.fps_den = 0;
  EXPECT_EQ(PlanMontage(analysis, options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(MontagePlanTest, MontageOnlyWords) {
  EXPECT_TRUE(PromptWantsMontageOnly("Montage only, every beat"));
  EXPECT_TRUE(PromptWantsMontageOnly("no visualizer"));
  EXPECT_FALSE(PromptWantsMontageOnly("neon bars"));
}

}  // namespace
}  // namespace beatframe
