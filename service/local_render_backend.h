// The default backend: the embedded engine (engine/pipeline RunRenderJob) on
// this machine's CPU, no network.
#pragma once

#include "service/render_backend.h"

namespace beatframe::service {

class LocalRenderBackend final : public RenderBackend {
 public:
  absl::StatusOr<BackendRender> Render(const JobSpec& spec, const ProgressCallback& on_progress,
                                       const std::atomic<bool>* cancel) override;
  absl::string_view name() const override { return "local"; }
};

}  // namespace beatframe::service
