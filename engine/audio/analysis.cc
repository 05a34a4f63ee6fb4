#include "engine/audio/analysis.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "engine/audio/streaming_analyzer.h"
#include "engine/common/status_macros.h"

namespace beatframe {
namespace {

// Frames per Process call: any size gives the same result; this one keeps
// the per-block scratch buffers small.
constexpr int64_t kBlockFrames = 1 << 16;

}  // namespace

absl::StatusOr<Analysis> AnalyzeAudio(const AudioBuffer& audio, const AnalysisOptions& options) {
  if (audio.channels > 0 && (audio.samples.empty() || audio.samples.size() % audio.channels != 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("analyse: ", audio.samples.size(), " samples is not a whole number of frames"));
  }
  BF_ASSIGN_OR_RETURN(std::unique_ptr<StreamingAnalyzer> analyzer,
                      StreamingAnalyzer::Create(audio.sample_rate_hz, audio.channels, options));
  const int64_t frames = audio.frame_count();
  for (int64_t first = 0; first < frames; first += kBlockFrames) {
    analyzer->Process(audio.samples.data() + first * audio.channels, std::min(kBlockFrames, frames - first));
  }
  return analyzer->Finish();
}

}  // namespace beatframe
