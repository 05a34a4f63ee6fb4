#include "client/display.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace beatframe::client {
namespace {

constexpr int kTimesPerLine = 8;

template <typename Values>
void AppendTimes(std::string* out, const char* title, const Values& times) {
  absl::StrAppend(out, title, "\n");
  for (int i = 0; i < times.size(); ++i) {
    absl::StrAppendFormat(out, "%s%8.3f", (i % kTimesPerLine == 0) ? "" : " ", times[i]);
    if (i % kTimesPerLine == kTimesPerLine - 1 || i + 1 == times.size()) *out += "\n";
  }
}

std::string FormatFps(int num, int den) {
  if (num <= 0) return "unknown fps";
  if (den <= 1) return absl::StrCat(num, " fps");
  return absl::StrFormat("%.3f fps", static_cast<double>(num) / den);
}

}  // namespace

std::string StageName(beatframe::v1::JobStage stage) {
  using beatframe::v1::JobStage;
  switch (stage) {
    case JobStage::JOB_STAGE_QUEUED:
      return "queued";
    case JobStage::JOB_STAGE_DECODING:
      return "decoding";
    case JobStage::JOB_STAGE_ANALYSING:
      return "analysing";
    case JobStage::JOB_STAGE_PLANNING:
      return "planning";
    case JobStage::JOB_STAGE_RENDERING:
      return "rendering";
    case JobStage::JOB_STAGE_ENCODING:
      return "encoding";
    case JobStage::JOB_STAGE_DONE:
      return "done";
    case JobStage::JOB_STAGE_FAILED:
      return "failed";
    default:
      return "working";
  }
}

ProgressState ToProgressState(const beatframe::v1::JobProgress& progress) {
  ProgressState state;
  state.stage = StageName(progress.stage());
  state.fraction = progress.fraction();
  state.done = progress.frames_done();
  state.total = progress.frames_total();
  state.unit = ProgressUnit::kFrames;
  state.eta_s = progress.eta_s();
  return state;
}

std::string FormatAnalyzeText(const beatframe::v1::AnalyzeResponse& response) {
  std::string tempo = response.tempo_bpm() > 0 ? absl::StrFormat("%.1f BPM", response.tempo_bpm())
                                               : std::string("none (no steady pulse)");
  std::string out = absl::StrFormat("Tempo: %s, duration %.2f s, %d beats\n", tempo,
                                    response.duration_s(), response.beat_times_s_size());
  if (response.time_signature() > 0) {
    absl::StrAppendFormat(&out, "Meter: %d/4, loudness %.1f LUFS\n", response.time_signature(),
                          response.loudness_lufs());
  } else {
    absl::StrAppendFormat(&out, "Loudness: %.1f LUFS\n", response.loudness_lufs());
  }
  if (response.sections_size() > 0) {
    absl::StrAppend(&out, "Sections:\n");
    for (const beatframe::v1::Section& section : response.sections()) {
      absl::StrAppendFormat(&out, "%8.2f - %8.2f s  %s\n", section.start_s(), section.end_s(), section.label());
    }
  }
  if (response.beat_times_s_size() > 0) AppendTimes(&out, "Beats (s):", response.beat_times_s());
  if (response.downbeat_times_s_size() > 0) {
    AppendTimes(&out, "Downbeats (s):", response.downbeat_times_s());
  }
  return out;
}

std::string FormatRenderSummary(const std::string& output_path,
                                const beatframe::v1::RenderResult& result) {
  std::string out = absl::StrCat("Wrote ", output_path, "\n");
  absl::StrAppendFormat(&out, "  duration  %.2f s\n", result.duration_s());
  absl::StrAppendFormat(&out, "  size      %s\n", FormatBytes(result.size_bytes()));
  absl::StrAppendFormat(&out, "  frame     %dx%d, %s\n", result.width(), result.height(),
                        FormatFps(result.fps_num(), result.fps_den()));
  if (result.tempo_bpm() > 0) {
    absl::StrAppendFormat(&out, "  tempo     %.1f BPM, %d beats\n", result.tempo_bpm(),
                          result.beat_count());
  } else {
    absl::StrAppend(&out, "  tempo     no steady pulse\n");
  }
  std::string style = result.style().empty() ? "default" : result.style();
  if (!result.palette().empty()) absl::StrAppend(&style, ", palette ", result.palette());
  absl::StrAppend(&out, "  style     ", style, "\n");
  return out;
}

absl::Status WithContext(const absl::Status& status, absl::string_view context) {
  return absl::Status(status.code(), absl::StrCat(context, ": ", status.message()));
}

}  // namespace beatframe::client
