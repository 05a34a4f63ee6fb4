// Human-readable text the CLI prints: stage names, the analyze report and the
// render summary. Pure functions of the API messages so tests can pin them.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "beatframe/v1/beatframe.pb.h"
#include "client/progress_bar.h"

namespace beatframe::client {

// "queued", "decoding", "analysing", "planning", "rendering", "encoding",
// "done", "failed"; "working" for anything unknown.
std::string StageName(beatframe::v1::JobStage stage);

// The progress bar's view of a job's progress.
ProgressState ToProgressState(const beatframe::v1::JobProgress& progress);

// "Tempo: 120.0 BPM, duration 30.00 s, 60 beats", then the beat times (and
// downbeats when present) in seconds, eight per line. Ends with a newline.
std::string FormatAnalyzeText(const beatframe::v1::AnalyzeResponse& response);

// `status` with its message prefixed by what was being done ("upload 'a.mp3': ..."),
// keeping its code.
absl::Status WithContext(const absl::Status& status, absl::string_view context);

// The closing summary of `beatframe render`: where the file is and what it
// holds (duration, size, frame size and rate, tempo, style). Ends with a newline.
std::string FormatRenderSummary(const std::string& output_path,
                                const beatframe::v1::RenderResult& result);

}  // namespace beatframe::client
