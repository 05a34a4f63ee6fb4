// AnalyzeAudio block by block: feed the decoded audio in pieces of any size
// as it arrives, then Finish. Memory stays bounded by the analysis features
// (a few MB per minute of audio), never the samples, so a 20-minute WAV
// analyses in well under 200 MB. Results do not depend on the block sizes,
// and AnalyzeAudio is this class fed with one buffer.
#pragma once

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "engine/audio/analysis.h"

namespace beatframe {

class StreamingAnalyzer {
 public:
  // INVALID_ARGUMENT for a rate or channel count out of range or bad options.
  static absl::StatusOr<std::unique_ptr<StreamingAnalyzer>> Create(int sample_rate_hz, int channels,
                                                                   const AnalysisOptions& options = {});
  ~StreamingAnalyzer();
  StreamingAnalyzer(const StreamingAnalyzer&) = delete;
  StreamingAnalyzer& operator=(const StreamingAnalyzer&) = delete;

  // `frame_count` interleaved frames of channels() samples each. Not thread-safe.
  void Process(const float* interleaved, int64_t frame_count);
  // Runs the whole-track stages (tempo, beats, meter, sections, loudness).
  // Call once, after the last Process. INVALID_ARGUMENT when no samples came.
  absl::StatusOr<Analysis> Finish();

  int sample_rate_hz() const;
  int channels() const;

 private:
  struct Stages;
  explicit StreamingAnalyzer(std::unique_ptr<Stages> stages);
  std::unique_ptr<Stages> stages_;
};

}  // namespace beatframe
