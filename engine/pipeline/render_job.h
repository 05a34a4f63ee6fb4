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
  // "1080p", "720p" (a quick preview: 1280x720, 720x1280 or 720x720) or
  // empty (the prompt decides: "720p", "preview", "draft"; else 1080p).
  std::string resolution;
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
  // Photos (JPEG, PNG, WebP, GIF) and video clips (MP4, MOV, WebM, MKV), in
  // order: when non-empty they become a montage cut on the beats, under the
  // style's beat-reactive parts (engine/pipeline/montage_setup.h). Clips
  // play muted; the soundtrack is input_path's.
  std::vector<std::string> media_paths;

  // ---- Draft edits (engine/pipeline/render_options.h checks them; every
  // default leaves the render as it was). Two clocks: "track time" is the
  // position in the input file (what a player of the original song shows);
  // "output time" is the position in the rendered video, 0 at its first frame.
  //
  // Trim: the video and its audio cover only [start_s, end_s) of the track, in
  // track time; end_s < 0 (-1) means the end of the track. The output lasts
  // end_s - start_s (rounded up to whole frames). Beats, downbeats, sections,
  // energy and the lyrics file's lines (track time) move with it; style,
  // palette and loudness are decided on the whole track, so trimming never
  // changes the look. `captions`, the title range below, and the fades are
  // in output time (a draft's text track is laid out on the output).
  // INVALID_ARGUMENT when start_s is negative or not before the track's end,
  // end_s <= start_s, or end_s is past the end of the track by more than
  // 50 ms (less is clamped: decoders disagree about the last few ms).
  double start_s = 0.0;
  double end_s = -1.0;
  // Seconds (>= 0) over which the video fades from black and the audio fades
  // in at the start, and both fade out at the end. Independent of the short
  // fades every style already draws at the ends.
  double fade_in_s = 0.0;
  double fade_out_s = 0.0;
  // Gain (0..2, 1 = as decoded) of the main track in the output. Analysis
  // (beats, energy) always reads the main track at its own level.
  double music_volume = 1.0;
  // A second audio file mixed under the main track (empty: none): decoded,
  // resampled to the output rate, looped when shorter than the output, cut
  // when longer, at gain background_volume (0..2). When anything can push the
  // mix past full scale (a background, or music_volume > 1) a peak limiter
  // keeps it below clipping. Never analysed. A mono file plays centred (-3 dB
  // in each channel, the decoder's upmix). NOT_FOUND / INVALID_ARGUMENT as for
  // the main input, prefixed "background music".
  std::string background_music_path;
  double background_volume = 0.3;
  // The title card shows over [title_start_s, title_start_s +
  // title_duration_s) in output time, fading in after the start and fully
  // gone at the end; title_duration_s < 0 (-1) keeps the plan's (4 s, or
  // the whole video when shorter). Has no effect without a title.
  double title_start_s = 0.0;
  double title_duration_s = -1.0;
  // Explicit look: a style ("pulse", "bars", "waveform", "particles",
  // "tunnel", "gradient") and a palette ("neon", "pastel", "dark", "warm",
  // "mono", or "cover" for the cover art's colours). Non-empty values win over
  // words in the prompt and over the choice from the music or the cover art;
  // empty keeps that choice. Case and surrounding spaces are ignored.
  // INVALID_ARGUMENT listing the valid names for any other value.
  std::string style;
  std::string palette;
  // -1..1: below 0 calmer (beats hit down to a third as hard and ring
  // shorter, less energy-driven motion, palette steps only on downbeats),
  // above 0 more energetic (beats hit up to 1.6 times as hard, a little more
  // energy, a palette step on nearly every beat). 0 is the unchanged look;
  // engine/timeline/frame_context.h says exactly what changes.
  // INVALID_ARGUMENT outside -1..1.
  double intensity = 0.0;

  // Encoder settings, chosen for quality per second of encode: x264 is most
  // of a job's CPU. Measured with bench/render_psnr on a real song (60 s of
  // "Let's Go Fishin'", particles style, 1080p30, idle 2-core machine; PSNR
  // against the same frames rendered losslessly):
  //   ultrafast CRF 26 + deblock            9.2 s  6.6 Mbps  46.5 dB  (these defaults)
  //   ... + CABAC                          10.5 s  5.8 Mbps  46.5 dB
  //   ultrafast CRF 26, no deblock          8.3 s  6.7 Mbps  46.1 dB  (blocky glows)
  //   ultrafast CRF 22, no deblock          9.0 s  9.1 Mbps  48.7 dB  (38% more bits)
  // Slower presets do not fit the 45 s budget for 3 minutes (superfast CRF 23
  // took 53 s, veryfast CRF 20 76 s). ultrafast skips what buys little on
  // flat graphics: no lookahead or mb-tree, no B-frames, one reference, no
  // scene-cut search, no CABAC. The deblocking filter is added back: without
  // it the soft glows show 4x4 blocks in still frames. CABAC would save 13%
  // of the bits for 14% more time, a poor trade when the file is downloaded
  // over loopback or a LAN; B-frames (bframes=2) likewise.
  std::string x264_preset = "ultrafast";
  int crf = 26;
  std::string x264_tune;                     // empty: none
  // Extra libx264 options, "key=value:key=value" (x264's own names).
  // "deblock=0,0" turns the loop filter on at its normal strength (',' since
  // ':' separates options here).
  std::string x264_params = "deblock=0,0";
};

struct RenderResult {
  RenderPlan plan;
  Analysis analysis;          // in output time: cut to [start_s, end_s) when trimmed
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
