// Puts the uploaded photos and clips of a render under its visualizer: loads
// each file (stills decoded, scaled and converted once; clips opened to
// stream), plans the cuts on the track's beats (engine/timeline/
// montage_plan.h) and wraps the style in a MontageStyle. Internal to bf_pipeline.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/audio/analysis.h"
#include "engine/render/style.h"
#include "engine/timeline/render_plan.h"

namespace beatframe::pipeline_internal {

// Most images and clips one render takes (each still holds ~4.5 MB at 1080p).
inline constexpr int kMaxMontageItems = 64;

// The style to render with: `style` over the montage of `media_paths` (in
// order), or the montage alone when the prompt says "montage only".
// INVALID_ARGUMENT for a file that is not an accepted image or clip (or is an
// audio file), and for more than kMaxMontageItems files; NOT_FOUND for a
// missing one.
absl::StatusOr<std::unique_ptr<Style>> AddMontage(const std::vector<std::string>& media_paths,
                                                  const std::string& prompt, const Analysis& analysis,
                                                  const RenderPlan& plan, std::unique_ptr<Style> style);

}  // namespace beatframe::pipeline_internal
