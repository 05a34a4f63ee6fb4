// One render from an audio file to an MP4: decode -> analyse -> plan ->
// render frames -> encode. Rendering and encoding run on different threads
// joined by a bounded queue of reused frame buffers. Progress is reported
// through a callback; cancellation through a flag the caller owns.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "engine/audio/analysis.h"
#include "engine/audio/audio_buffer.h"
#include "engine/timeline/render_plan.h"

namespace beatframe {

enum class RenderStage { kQueued, kDecoding, kAnalysing, kPlanning, kRendering, kEncoding, kDone };
const char* RenderStageName(RenderStage stage);

struct RenderProgress {
  RenderStage stage = RenderStage::kQueued;
  double fraction = 0.0;      // 0..1 over the whole job, never decreasing; 1 only when done
  int64_t frames_done = 0;
  int64_t frames_total = 0;
  double eta_s = -1.0;        // seconds left, -1 when not yet known
};

struct RenderRequest {
  std::string input_path;
  std::string output_path;    // written as output_path + ".partial", renamed on success
  std::string prompt;
  std::string aspect;         // "16:9", "9:16", "1:1" or empty (prompt / default decides)
  std::string x264_preset = "veryfast";
  int crf = 20;
  std::string x264_tune;      // empty: none
  std::string x264_params;    // extra libx264 options, "key=value:key=value"
};

struct RenderResult {
  RenderPlan plan;
  Analysis analysis;
  int64_t frames = 0;
  double duration_s = 0.0;    // of the video stream
  int64_t size_bytes = 0;
};

using ProgressCallback = std::function<void(const RenderProgress&)>;

// Runs the whole job on the calling thread plus one encoder thread. `cancel`
// may be null; when it becomes true the job stops within a frame or two and
// returns CANCELLED, leaving no output file. On any failure no file is left
// at output_path.
absl::StatusOr<RenderResult> RunRenderJob(const RenderRequest& request, const ProgressCallback& on_progress,
                                          const std::atomic<bool>* cancel = nullptr);

}  // namespace beatframe
