// Analysis of an audio file without holding it in memory: decodes block by
// block straight into a StreamingAnalyzer, so a 20-minute WAV analyses in
// well under 200 MB. What the Analyze RPC and the tools call. Unlike
// AnalyzeAudio this does I/O, hence its own header.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "engine/audio/analysis.h"

namespace beatframe {

// Decodes `path` at its own rate and channel layout (loudness reads the
// channels as they are) and analyses it. Errors are DecodeAudioFile's
// (NOT_FOUND, INVALID_ARGUMENT for files that are not audio we accept) and
// AnalyzeAudio's, with the path in the message.
absl::StatusOr<Analysis> AnalyzeAudioFile(const std::string& path, const AnalysisOptions& options = {});

}  // namespace beatframe
