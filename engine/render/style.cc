#include "engine/render/style.h"

#include <array>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "engine/render/bars_style.h"
#include "engine/render/gradient_style.h"
#include "engine/render/particles_style.h"
#include "engine/render/pulse_style.h"
#include "engine/render/tunnel_style.h"
#include "engine/render/waveform_style.h"

namespace beatframe {
namespace {

template <typename T>
absl::StatusOr<std::unique_ptr<Style>> Make(const RenderPlan& plan) {
  absl::StatusOr<std::unique_ptr<T>> style = T::Create(plan);
  if (!style.ok()) return style.status();
  return std::unique_ptr<Style>(std::move(*style));
}

struct StyleEntry {
  const char* name;
  absl::StatusOr<std::unique_ptr<Style>> (*create)(const RenderPlan&);
};
// The names RenderPlan::style may hold; PlanRender picks among them.
constexpr std::array<StyleEntry, 6> kStyles = {{
    {"pulse", &Make<PulseStyle>},
    {"bars", &Make<BarsStyle>},
    {"waveform", &Make<WaveformStyle>},
    {"particles", &Make<ParticlesStyle>},
    {"tunnel", &Make<TunnelStyle>},
    {"gradient", &Make<GradientStyle>},
}};

}  // namespace

absl::StatusOr<std::unique_ptr<Style>> CreateStyle(const RenderPlan& plan) {
  // An empty name keeps the original default.
  const std::string& name = plan.style.empty() ? std::string("pulse") : plan.style;
  std::string known;
  for (const StyleEntry& entry : kStyles) {
    if (name == entry.name) return entry.create(plan);
    absl::StrAppend(&known, known.empty() ? "" : ", ", entry.name);
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown style '", plan.style, "': expected one of ", known));
}

std::vector<std::string> StyleNames() {
  std::vector<std::string> names;
  for (const StyleEntry& entry : kStyles) names.emplace_back(entry.name);
  return names;
}

}  // namespace beatframe
