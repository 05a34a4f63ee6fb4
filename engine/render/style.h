// A visual style: draws one frame from the frame's musical context. Styles are
// deterministic for a given config (the seed fixes any randomness).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/render/frame.h"
#include "engine/timeline/frame_context.h"
#include "engine/timeline/render_plan.h"

namespace beatframe {

class Style {
 public:
  virtual ~Style() = default;
  // Draws the whole frame into `out` (which has the plan's size). Called once
  // per frame, in frame order, from one thread.
  virtual void Render(const FrameContext& context, FrameView& out) = 0;
};

// The style the plan names, sized to the plan. INVALID_ARGUMENT for an unknown
// style or palette name.
absl::StatusOr<std::unique_ptr<Style>> CreateStyle(const RenderPlan& plan);
// The names CreateStyle accepts, in its order.
std::vector<std::string> StyleNames();

}  // namespace beatframe
