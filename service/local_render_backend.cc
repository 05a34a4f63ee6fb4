#include "service/local_render_backend.h"

#include "engine/common/status_macros.h"

namespace beatframe::service {

absl::StatusOr<BackendRender> LocalRenderBackend::Render(const JobSpec& spec, const ProgressCallback& on_progress,
                                                         const std::atomic<bool>* cancel) {
  RenderRequest request;
  request.input_path = spec.input_path;
  request.output_path = spec.output_path;
  request.prompt = spec.prompt;
  request.aspect = spec.aspect;
  request.resolution = spec.resolution;
  request.title = spec.title;
  request.captions = spec.captions;
  request.lyrics_path = spec.lyrics_path;
  request.media_paths = spec.media_paths;
  request.preview_path = spec.contact_sheet_path;
  request.start_s = spec.edits.start_s;
  request.end_s = spec.edits.end_s;
  request.fade_in_s = spec.edits.fade_in_s;
  request.fade_out_s = spec.edits.fade_out_s;
  request.music_volume = spec.edits.music_volume;
  request.background_music_path = spec.edits.background_music_path;
  request.background_volume = spec.edits.background_volume;
  request.title_start_s = spec.edits.title_start_s;
  request.title_duration_s = spec.edits.title_duration_s;
  request.style = spec.edits.style;
  request.palette = spec.edits.palette;
  request.intensity = spec.edits.intensity;
  BF_ASSIGN_OR_RETURN(const RenderResult rendered, RunRenderJob(request, on_progress, cancel));

  BackendRender result;
  result.duration_s = rendered.duration_s;
  result.width = rendered.plan.width;
  result.height = rendered.plan.height;
  result.fps_num = rendered.plan.fps_num;
  result.fps_den = rendered.plan.fps_den;
  result.style = rendered.plan.style;
  result.palette = rendered.plan.palette;
  result.tempo_bpm = rendered.analysis.tempo_bpm;
  result.beat_count = static_cast<int>(rendered.analysis.beat_times_s.size());
  result.wrote_preview = rendered.wrote_preview;
  return result;
}

}  // namespace beatframe::service
