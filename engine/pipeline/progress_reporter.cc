#include "engine/pipeline/progress_reporter.h"

#include <algorithm>

namespace beatframe::pipeline_internal {
namespace {

// Below 1.0 until the job is done, however the arithmetic rounds.
constexpr double kMaxBeforeDone = 0.999;
// Share of the flush/trailer stage in the job, used to pad the ETA.
constexpr double kEncodingShare = 0.03;

}  // namespace

double StageStartFraction(RenderStage stage) {
  switch (stage) {
    case RenderStage::kQueued:
    case RenderStage::kDecoding:
      return 0.0;
    case RenderStage::kAnalysing:
      return 0.03;
    case RenderStage::kPlanning:
      return 0.06;
    case RenderStage::kRendering:
      return 0.07;
    case RenderStage::kEncoding:
      return 0.97;
    case RenderStage::kDone:
      return 1.0;
  }
  return 0.0;
}

ProgressReporter::ProgressReporter(const ProgressCallback& callback, Clock::duration min_interval)
    : callback_(callback), min_interval_(min_interval) {}

void ProgressReporter::EnterStage(RenderStage stage) {
  progress_.stage = stage;
  if (stage == RenderStage::kDone) progress_.eta_s = 0.0;
  Emit(StageStartFraction(stage));
}

void ProgressReporter::Frames(int64_t done, int64_t total) {
  const Clock::time_point now = Clock::now();
  const bool first = !frames_started_;
  if (first) {
    frames_started_ = true;
    frames_start_ = now;
  }
  if (!first && done != total && now - last_emit_ < min_interval_) return;
  progress_.frames_done = done;
  progress_.frames_total = total;
  progress_.eta_s = Eta(done, total);
  const double start = StageStartFraction(RenderStage::kRendering);
  const double span = StageStartFraction(RenderStage::kEncoding) - start;
  Emit(start + span * (total > 0 ? static_cast<double>(done) / total : 0.0));
}

double ProgressReporter::Eta(int64_t done, int64_t total) const {
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - frames_start_).count();
  // A few frames in, the rate is mostly start-up noise.
  if (done < 3 || elapsed_s <= 0.0) return -1.0;
  const double fps = done / elapsed_s;
  const double frames_left_s = (total - done) / fps;
  const double total_render_s = total / fps;
  return frames_left_s + total_render_s * kEncodingShare / 0.90;
}

void ProgressReporter::Emit(double fraction) {
  const double cap = progress_.stage == RenderStage::kDone ? 1.0 : kMaxBeforeDone;
  progress_.fraction = std::max(progress_.fraction, std::min(fraction, cap));
  last_emit_ = Clock::now();
  if (callback_) callback_(progress_);
}

}  // namespace beatframe::pipeline_internal
