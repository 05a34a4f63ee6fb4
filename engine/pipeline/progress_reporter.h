// Turns a render job's stage changes and frame counts into RenderProgress
// callbacks: weighted job fraction (never decreasing, 1.0 only at done), an
// ETA from the frame rate measured so far, and throttling so a caller sees at
// most ~10 updates a second plus every stage change.
#pragma once

#include <chrono>
#include <cstdint>

#include "engine/pipeline/render_job.h"

namespace beatframe::pipeline_internal {

// Not thread-safe: call from one thread (the job's calling thread).
class ProgressReporter {
 public:
  using Clock = std::chrono::steady_clock;

  // `callback` may be empty. `min_interval` throttles Frames() updates.
  explicit ProgressReporter(const ProgressCallback& callback,
                            Clock::duration min_interval = std::chrono::milliseconds(100));

  // Enters `stage` and always reports it, at the stage's starting fraction.
  void EnterStage(RenderStage stage);
  // Reports `done` of `total` frames rendered and encoded (stage rendering).
  // Throttled, except the first call and done == total.
  void Frames(int64_t done, int64_t total);

  const RenderProgress& last() const { return progress_; }

 private:
  void Emit(double fraction);
  double Eta(int64_t done, int64_t total) const;

  const ProgressCallback& callback_;
  Clock::duration min_interval_;
  RenderProgress progress_;
  Clock::time_point last_emit_{};
  Clock::time_point frames_start_{};
  bool frames_started_ = false;
};

// Fraction of the whole job at which `stage` starts. Stages are weighted by
// their typical cost: decode 3%, analyse 3%, plan 1%, render+encode 90%,
// final flush and rename 3%.
double StageStartFraction(RenderStage stage);

}  // namespace beatframe::pipeline_internal
