// One render from an audio file to an MP4: decode -> analyse -> plan ->
// render frames -> encode. Rendering and encoding run on different threads
// joined by a bounded queue of reused frame buffers. Progress is reported
// through a callback; cancellation through a flag the caller owns.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/audio/analysis.h"
#include "engine/audio/audio_buffer.h"
#include "engine/timeline/caption.h"
#include "engine/timeline/render_plan.h"

namespace beatframe {

enum class RenderStage { kQueued, kDecoding, kAnalysing, kPlanning, kRendering, kEncoding, kDone };
const char* RenderStageName(RenderStage stage);

struct RenderProgress {
  RenderStage stage = RenderStage::kQueued;
  double fraction = 0.0;      // 0..1 over the whole job, never decreasing; 1 only when done
  int64_t frames_done = 0;
  int64_t frames_total = 0;
  double eta_s = -1.0;        // seconds left, -1 when not yet known
};

struct RenderRequest {
  std::string input_path;
  std::string output_path;    // written as output_path + ".partial", renamed on success
  std::string prompt;
  std::string aspect;         // "16:9", "9:16", "1:1" or empty (prompt / default decides)
  // Text on the video, applied after planning (engine/timeline/user_text.h):
  // a non-empty title replaces the prompt's or the tags'; captions and the
  // lines of an .lrc/.srt file at lyrics_path (when non-empty) show in time.
  std::string title;
  std::vector<Caption> captions;
  std::string lyrics_path;
  // When non-empty, a contact sheet PNG is written here after the MP4: a 4x3
  // grid of frames on beats and halfway between them, labelled with their
  // times (engine/render/contact_sheet.h). Copies are kept while rendering.
  std::string preview_path;
  // Encoder settings. The defaults were measured on a 3-minute synthesized
  // track at 1080p30 on an idle 2-core machine (tests/pipeline/
  // render_job_measure; PSNR against the same frames rendered losslessly).
  // x264 is most of the job's CPU, and of the presets only "ultrafast" leaves
  // room in the 45 s budget: these defaults take 28 s, superfast CRF 23
  // 53 s, veryfast CRF 20 76 s. ultrafast already skips what is slow and buys
  // little on flat graphics: no lookahead (rc-lookahead 0, no mb-tree), no
  // B-frames, one reference, no scene-cut search. Two of its cuts are added
  // back: CABAC (lossless, -19% bits for ~6% more time) and the deblocking
  // filter (smoother block edges on the glows, no measurable cost).
  // B-frames (bframes=2) would save another 15% of bits for 13% more time,
  // so they stay off. CRF 26 gives 48.4 dB PSNR (worst frame 46.3 dB) at
  // 3.3 Mbps; CRF 20 gives 51.3 dB at 7.3 Mbps (without CABAC).
  std::string x264_preset = "ultrafast";
  int crf = 26;
  std::string x264_tune;                     // empty: none
  // Extra libx264 options, "key=value:key=value" (x264's own names).
  // "deblock=0,0" turns the loop filter on at its normal strength (',' since
  // ':' separates options here).
  std::string x264_params = "deblock=0,0:cabac=1";
};

struct RenderResult {
  RenderPlan plan;
  Analysis analysis;
  int64_t frames = 0;
  double duration_s = 0.0;    // of the video stream
  int64_t size_bytes = 0;
  bool wrote_preview = false;  // the contact sheet is at request.preview_path
};

using ProgressCallback = std::function<void(const RenderProgress&)>;

// Runs the whole job on the calling thread plus one encoder thread (and the
// encoders' own threads); `on_progress` is called on the calling thread. `cancel`
// may be null; when it becomes true the job stops within a frame or two and
// returns CANCELLED, leaving no output file. On any failure no file is left
// at output_path.
absl::StatusOr<RenderResult> RunRenderJob(const RenderRequest& request, const ProgressCallback& on_progress,
                                          const std::atomic<bool>* cancel = nullptr);

}  // namespace beatframe
