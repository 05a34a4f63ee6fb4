// What turns a job's spec into an MP4: the JobManager hands every render to a
// RenderBackend. Two exist: LocalRenderBackend (the embedded engine, the
// default, offline) and RemoteRenderBackend (the hosted video service over
// HTTP + SSE, `beatframed --backend remote`). Clients see the same API
// either way; only where the pixels come from differs.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/pipeline/render_job.h"
#include "service/job.h"

namespace beatframe::service {

// The facts of a finished render that the service records with the output.
// Fields a backend cannot know stay at their defaults.
struct BackendRender {
  double duration_s = 0.0;  // of the video stream
  int width = 0;
  int height = 0;
  int fps_num = 0;
  int fps_den = 1;
  std::string style;
  std::string palette;
  double tempo_bpm = 0.0;
  int beat_count = 0;
  bool wrote_preview = false;  // the contact sheet is at spec.contact_sheet_path
};

class RenderBackend {
 public:
  virtual ~RenderBackend() = default;

  // Writes the MP4 for `spec` at spec.output_path (whole or absent: written
  // elsewhere and renamed), reporting progress through `on_progress` (never
  // decreasing; on the calling thread). Returns CANCELLED soon after *cancel
  // turns true. Errors carry the codes and ErrorInfo reasons clients see.
  // Called from several job workers at once.
  virtual absl::StatusOr<BackendRender> Render(const JobSpec& spec, const ProgressCallback& on_progress,
                                               const std::atomic<bool>* cancel) = 0;

  // "local" or "remote", for logs.
  virtual absl::string_view name() const = 0;
};

}  // namespace beatframe::service
