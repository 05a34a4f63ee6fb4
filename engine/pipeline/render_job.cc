#include "engine/pipeline/render_job.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/audio/decoder.h"
#include "engine/common/status_macros.h"
#include "engine/encode/mp4_writer.h"
#include "engine/media/cover_art.h"
#include "engine/media/picture.h"
#include "engine/media/png_io.h"
#include "engine/pipeline/frame_pump.h"
#include "engine/pipeline/montage_setup.h"
#include "engine/pipeline/progress_reporter.h"
#include "engine/pipeline/render_options.h"
#include "engine/pipeline/soundtrack.h"
#include "engine/pipeline/video_fades.h"
#include "engine/render/contact_sheet.h"
#include "engine/render/style.h"
#include "engine/timeline/frame_context.h"
#include "engine/timeline/track_window.h"
#include "engine/timeline/user_text.h"

namespace beatframe {
namespace {

namespace fs = std::filesystem;
using pipeline_internal::FramePumpJob;
using pipeline_internal::ProgressReporter;

// Analysis runs before the plan picks the frame rate; every plan so far is
// 30 fps, and a plan at another rate gets the analysis redone at its rate.
constexpr double kAnalysisFps = 30.0;

bool Cancelled(const std::atomic<bool>* cancel) { return cancel != nullptr && cancel->load(); }

absl::Status CheckCancel(const std::atomic<bool>* cancel) {
  return Cancelled(cancel) ? absl::CancelledError("render cancelled") : absl::OkStatus();
}

// Flushes `path`'s data and its directory entry to disk so a rename that
// survives a crash never points at a truncated file.
absl::Status SyncFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::InternalError(absl::StrCat("open '", path, "' to sync"));
  const int result = ::fsync(fd);
  ::close(fd);
  if (result != 0) return absl::InternalError(absl::StrCat("fsync '", path, "'"));
  return absl::OkStatus();
}

void SyncDirectoryOf(const std::string& path) {
  const std::string dir = fs::path(path).parent_path().empty() ? "." : fs::path(path).parent_path().string();
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);   // best effort: the file itself is already synced
  ::close(fd);
}

// Everything the stages before rendering produce.
struct Prepared {
  AudioBuffer audio;
  Analysis analysis;
  RenderPlan plan;
  TrackWindow window;                     // the part of the track the output covers
  std::optional<AudioBuffer> background;  // RenderRequest::background_music_path, decoded
};

// Draft edits, decoding stage: the trim window on the decoded track and the
// background music (only as much as the window needs).
absl::Status PrepareDraftAudio(const RenderRequest& request, Prepared& prepared) {
  BF_ASSIGN_OR_RETURN(prepared.window,
                      pipeline_internal::ResolveTrackWindow(request, prepared.audio.duration_s()));
  if (request.background_music_path.empty()) return absl::OkStatus();
  const auto [first, last] = pipeline_internal::WindowFrames(prepared.audio, prepared.window);
  BF_ASSIGN_OR_RETURN(prepared.background,
                      pipeline_internal::LoadBackgroundMusic(request.background_music_path,
                                                             prepared.audio.sample_rate_hz, prepared.audio.channels,
                                                             last - first));
  return absl::OkStatus();
}

// Draft edits, end of planning: the analysis cut to the window (output time)
// and the main track turned into the output's soundtrack. Analysis is done by
// now, so it read the main track alone and in full.
absl::Status FinishDraftEdits(const RenderRequest& request, Prepared& prepared) {
  if (request.start_s > 0.0 || request.end_s >= 0.0) {
    prepared.analysis = WindowAnalysis(prepared.analysis, prepared.window);
  }
  const AudioBuffer* background = prepared.background.has_value() ? &*prepared.background : nullptr;
  BF_RETURN_IF_ERROR(pipeline_internal::BuildSoundtrack(request, prepared.window, background, prepared.audio));
  prepared.background.reset();
  return absl::OkStatus();
}

// Draft edits on the picture: the fades wrap whatever the style (and the
// montage) draw. Returns `style` itself when there is nothing to fade.
Style* WithVideoFades(const RenderRequest& request, const RenderPlan& plan, Style* style,
                      std::unique_ptr<Style>& holder) {
  if (request.fade_in_s <= 0.0 && request.fade_out_s <= 0.0) return style;
  holder = std::make_unique<pipeline_internal::FadingStyle>(
      style, request.fade_in_s, request.fade_out_s, plan.duration_s, static_cast<double>(plan.fps_den) / plan.fps_num);
  return holder.get();
}

// Puts the track's embedded picture in the plan (unless the prompt turns it
// off); when the prompt names no palette the colours come from it, and when
// it names no style "pulse" shows it (every style shows it: pulse, particles
// and tunnel as a disc, the others as a blurred background; pulse frames it
// best). A picture that does not decode costs the render its cover, never
// the render.
void AttachCoverArt(const RenderRequest& request, RenderPlan& plan) {
  if (PromptDisablesCoverArt(request.prompt)) return;
  absl::StatusOr<std::optional<Picture>> cover = ExtractCoverArt(request.input_path);
  if (!cover.ok() || !cover->has_value() || (*cover)->empty()) return;
  plan.cover_art = std::make_shared<const Picture>(std::move(**cover));
  if (!PromptNamesPalette(request.prompt)) plan.palette = "cover";
  if (!PromptNamesStyle(request.prompt)) plan.style = "pulse";
}

// Runs one stage's work and tags a failure with the stage's name.
template <typename T>
absl::StatusOr<T> InStage(RenderStage stage, absl::StatusOr<T> result) {
  if (!result.ok()) return Annotate(result.status(), RenderStageName(stage));
  return result;
}

absl::StatusOr<Prepared> Prepare(const RenderRequest& request, ProgressReporter& progress,
                                 const std::atomic<bool>* cancel) {
  Prepared prepared;
  progress.EnterStage(RenderStage::kDecoding);
  BF_RETURN_IF_ERROR(CheckCancel(cancel));
  BF_ASSIGN_OR_RETURN(const AudioFileInfo info, InStage(RenderStage::kDecoding, ProbeAudioFile(request.input_path)));
  DecodeOptions decode;
  // AAC in MP4 takes either rate; anything else is resampled to 48 kHz.
  decode.sample_rate_hz = info.sample_rate_hz == 44100 || info.sample_rate_hz == 48000 ? info.sample_rate_hz : 48000;
  decode.channels = 2;
  BF_ASSIGN_OR_RETURN(prepared.audio,
                      InStage(RenderStage::kDecoding, DecodeAudioFile(request.input_path, decode)));
  BF_RETURN_IF_ERROR(Annotate(PrepareDraftAudio(request, prepared), RenderStageName(RenderStage::kDecoding)));
  BF_RETURN_IF_ERROR(CheckCancel(cancel));

  progress.EnterStage(RenderStage::kAnalysing);
  AnalysisOptions analysis_options;
  analysis_options.feature_rate_hz = kAnalysisFps;
  BF_ASSIGN_OR_RETURN(prepared.analysis,
                      InStage(RenderStage::kAnalysing, AnalyzeAudio(prepared.audio, analysis_options)));
  BF_RETURN_IF_ERROR(CheckCancel(cancel));

  progress.EnterStage(RenderStage::kPlanning);
  BF_ASSIGN_OR_RETURN(prepared.plan, InStage(RenderStage::kPlanning,
                                             PlanRender(request.prompt, request.aspect, prepared.analysis, info.tags,
                                                        request.resolution)));
  pipeline_internal::FitPlanToWindow(prepared.window, prepared.plan);
  BF_RETURN_IF_ERROR(
      Annotate(pipeline_internal::ApplyTextInWindow(request, info.tags, prepared.window, prepared.plan),
               RenderStageName(RenderStage::kPlanning)));
  AttachCoverArt(request, prepared.plan);
  pipeline_internal::ApplyLookOverrides(request, prepared.plan);
  const double plan_fps = static_cast<double>(prepared.plan.fps_num) / prepared.plan.fps_den;
  if (plan_fps != kAnalysisFps) {
    analysis_options.feature_rate_hz = plan_fps;
    BF_ASSIGN_OR_RETURN(prepared.analysis,
                        InStage(RenderStage::kPlanning, AnalyzeAudio(prepared.audio, analysis_options)));
  }
  BF_RETURN_IF_ERROR(Annotate(FinishDraftEdits(request, prepared), RenderStageName(RenderStage::kPlanning)));
  BF_RETURN_IF_ERROR(CheckCancel(cancel));
  return prepared;
}

Mp4WriterOptions WriterOptions(const RenderRequest& request, const Prepared& prepared) {
  Mp4WriterOptions options;
  options.width = prepared.plan.width;
  options.height = prepared.plan.height;
  options.fps_num = prepared.plan.fps_num;
  options.fps_den = prepared.plan.fps_den;
  options.x264_preset = request.x264_preset;
  options.x264_tune = request.x264_tune;
  options.x264_params = request.x264_params;
  options.crf = request.crf;
  options.audio_sample_rate_hz = prepared.audio.sample_rate_hz;
  options.audio_channels = prepared.audio.channels;
  return options;
}

// Composes the contact sheet and writes it as PNG (through a temporary
// name, so a reader never sees half a file).
absl::Status WriteSheet(const ContactSheet& sheet, const std::string& path) {
  BF_ASSIGN_OR_RETURN(std::unique_ptr<YuvFrame> picture, sheet.Compose());
  const FrameView view = picture->view();
  const std::string partial = path + ".partial";
  absl::Status status = WriteYuv420Png(view.width, view.height, view.planes, view.strides, partial);
  std::error_code ec;
  if (status.ok()) {
    fs::rename(partial, path, ec);
    if (ec) status = absl::InternalError(absl::StrCat("rename to '", path, "': ", ec.message()));
  }
  if (!status.ok()) fs::remove(partial, ec);
  return Annotate(status, "contact sheet");
}

// Renders and encodes into `partial_path`, then finishes the file. Returns
// the number of frames written.
absl::StatusOr<int64_t> RenderAndEncode(const RenderRequest& request, Prepared& prepared,
                                        const std::string& partial_path, ProgressReporter& progress,
                                        const std::atomic<bool>* cancel) {
  progress.EnterStage(RenderStage::kRendering);
  BF_ASSIGN_OR_RETURN(std::unique_ptr<Style> style, CreateStyle(prepared.plan));
  if (!request.media_paths.empty()) {
    BF_ASSIGN_OR_RETURN(style, pipeline_internal::AddMontage(request.media_paths, request.prompt, prepared.analysis,
                                                             prepared.plan, std::move(style)));
  }
  const RenderPlan& plan = prepared.plan;
  FrameContextBuilder contexts(prepared.analysis, plan.fps_num, plan.fps_den, request.intensity);
  if (contexts.frame_count() <= 0) return absl::InvalidArgumentError("the track is too short for one frame");
  BF_ASSIGN_OR_RETURN(std::unique_ptr<Mp4Writer> writer,
                      Mp4Writer::Create(partial_path, WriterOptions(request, prepared)));
  // The sheet's frames are known from the beats: a wrapper copies them as they render.
  std::unique_ptr<ContactSheet> sheet;
  std::unique_ptr<Style> capturing, fading;
  Style* renderer = WithVideoFades(request, plan, style.get(), fading);
  if (!request.preview_path.empty()) {
    const ContactSheetOptions sheet_options;
    sheet = std::make_unique<ContactSheet>(
        PickSheetCells(prepared.analysis.beat_times_s, contexts.frame_count(), plan.fps_num, plan.fps_den,
                       sheet_options.columns * sheet_options.rows),
        plan.width, plan.height, sheet_options);
    capturing = std::make_unique<SheetCapturingStyle>(renderer, sheet.get());
    renderer = capturing.get();
  }
  FramePumpJob job{renderer, &contexts, writer.get(), &prepared.audio, plan.width, plan.height,
                   plan.fps_num, plan.fps_den, contexts.frame_count(), cancel, &progress};
  BF_RETURN_IF_ERROR(pipeline_internal::PumpFrames(job));

  // Every frame is in the encoders; what is left is their delay, the trailer
  // (which moves the moov atom up front) and the rename.
  progress.EnterStage(RenderStage::kEncoding);
  BF_RETURN_IF_ERROR(CheckCancel(cancel));
  BF_RETURN_IF_ERROR(writer->Finish());
  if (sheet != nullptr) BF_RETURN_IF_ERROR(WriteSheet(*sheet, request.preview_path));
  return contexts.frame_count();
}

absl::StatusOr<RenderResult> RunStages(const RenderRequest& request, const std::string& partial_path,
                                       ProgressReporter& progress, const std::atomic<bool>* cancel) {
  BF_ASSIGN_OR_RETURN(Prepared prepared, Prepare(request, progress, cancel));
  absl::StatusOr<int64_t> frames = RenderAndEncode(request, prepared, partial_path, progress, cancel);
  if (!frames.ok()) return Annotate(frames.status(), RenderStageName(progress.last().stage));
  BF_RETURN_IF_ERROR(Annotate(SyncFile(partial_path), RenderStageName(RenderStage::kEncoding)));
  std::error_code ec;
  fs::rename(partial_path, request.output_path, ec);
  if (ec) {
    return absl::InternalError(absl::StrCat("encoding: rename to '", request.output_path, "': ", ec.message()));
  }
  SyncDirectoryOf(request.output_path);

  RenderResult result;
  result.frames = *frames;
  result.wrote_preview = !request.preview_path.empty();
  result.duration_s = static_cast<double>(*frames) * prepared.plan.fps_den / prepared.plan.fps_num;
  result.size_bytes = static_cast<int64_t>(fs::file_size(request.output_path, ec));
  result.plan = std::move(prepared.plan);
  result.analysis = std::move(prepared.analysis);
  return result;
}

}  // namespace

const char* RenderStageName(RenderStage stage) {
  switch (stage) {
    case RenderStage::kQueued:
      return "queued";
    case RenderStage::kDecoding:
      return "decoding";
    case RenderStage::kAnalysing:
      return "analysing";
    case RenderStage::kPlanning:
      return "planning";
    case RenderStage::kRendering:
      return "rendering";
    case RenderStage::kEncoding:
      return "encoding";
    case RenderStage::kDone:
      return "done";
  }
  return "unknown";
}

absl::StatusOr<RenderResult> RunRenderJob(const RenderRequest& request, const ProgressCallback& on_progress,
                                          const std::atomic<bool>* cancel) {
  if (request.input_path.empty()) return absl::InvalidArgumentError("no input file");
  if (request.output_path.empty()) return absl::InvalidArgumentError("no output path");
  BF_RETURN_IF_ERROR(pipeline_internal::ValidateDraftEdits(request));
  const std::string partial_path = request.output_path + ".partial";
  ProgressReporter progress(on_progress);
  absl::StatusOr<RenderResult> result = RunStages(request, partial_path, progress, cancel);
  if (!result.ok()) {
    std::error_code ec;
    fs::remove(partial_path, ec);   // never leave a half-written file behind
    return result.status();
  }
  progress.EnterStage(RenderStage::kDone);
  return result;
}

}  // namespace beatframe
