#include "engine/audio/file_analysis.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "engine/audio/decoder.h"
#include "engine/audio/streaming_analyzer.h"
#include "engine/common/status_macros.h"

namespace beatframe {
namespace {

// Frames per decoded block: about 1.5 s at 44.1 kHz, 0.5 MB of stereo floats.
constexpr int64_t kBlockFrames = 1 << 16;

}  // namespace

absl::StatusOr<Analysis> AnalyzeAudioFile(const std::string& path, const AnalysisOptions& options) {
  std::unique_ptr<StreamingAnalyzer> analyzer;
  // The format is known once the first block is decoded.
  const absl::Status status =
      DecodeAudioFileInBlocks(path, DecodeOptions{}, kBlockFrames, [&](const AudioBuffer& block) -> absl::Status {
        if (analyzer == nullptr) {
          BF_ASSIGN_OR_RETURN(analyzer, StreamingAnalyzer::Create(block.sample_rate_hz, block.channels, options));
        }
        if (block.sample_rate_hz != analyzer->sample_rate_hz() || block.channels != analyzer->channels()) {
          return absl::InternalError("decoder changed format mid-stream");
        }
        analyzer->Process(block.samples.data(), block.frame_count());
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  absl::StatusOr<Analysis> analysis = analyzer->Finish();
  if (!analysis.ok()) return Annotate(analysis.status(), absl::StrCat("analyse '", path, "'"));
  return analysis;
}

}  // namespace beatframe
