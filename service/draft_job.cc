#include "service/draft_job.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_join.h"
#include "engine/common/status_macros.h"
#include "service/credits.h"
#include "service/id_generator.h"

namespace beatframe::service {

std::string DraftJobPrompt(const DraftRenderSettings& settings) {
  // "no title" always: a draft without a title track has no title (neither
  // the prompt's nor the tags'), and one with a title passes it in its own
  // field, which wins. Constant words keep the render's seed (a hash of the
  // prompt) the same from one edit to the next, so an edit changes only
  // what it says.
  std::vector<std::string> words = {"no title"};
  // The montage planner reads the cut rate from these phrases.
  switch (settings.cut_rate) {
    case CutRate::kBeat:
      words.push_back("every beat");
      break;
    case CutRate::kBar:
      words.push_back("every bar");
      break;
    case CutRate::kTwoBars:
      words.push_back("every 2 bars");
      break;
    case CutRate::kSection:
      words.push_back("on section changes");
      break;
    case CutRate::kAuto:
      break;
  }
  return absl::StrJoin(words, ", ");
}

absl::StatusOr<JobSpec> BuildDraftJobSpec(Storage& storage, const AssetRecord& track,
                                          const DraftRenderSettings& settings) {
  JobSpec spec;
  spec.job_id = NewRandomId();
  spec.session_id = track.session_id;
  spec.asset_id = track.asset_id;
  spec.output_id = NewRandomId();
  spec.input_path = track.path;
  spec.output_path = storage.OutputPath(spec.session_id, spec.output_id);
  spec.prompt = DraftJobPrompt(settings);
  spec.aspect = settings.aspect;
  spec.resolution = settings.resolution == 720 ? "720p" : "1080p";
  spec.title = settings.title;
  spec.captions = settings.captions;
  JobSpec::DraftEdits& edits = spec.edits;
  edits.start_s = settings.trim_start_s;
  // Untrimmed at the end: let the decoder's own end stand (a container's
  // stated duration can differ from the decoded one by more than the slack).
  const bool to_track_end = settings.trim_end_s >= track.duration_s - 0.001;
  edits.end_s = to_track_end ? -1.0 : settings.trim_end_s;
  // The renderer fades video and audio together.
  edits.fade_in_s = std::max(settings.fade_in_s, settings.audio_fade_in_s);
  edits.fade_out_s = std::max(settings.fade_out_s, settings.audio_fade_out_s);
  edits.music_volume = settings.music_volume_percent / 100.0;
  if (!settings.background_asset_id.empty()) {
    BF_ASSIGN_OR_RETURN(const AssetRecord background,
                        storage.GetAsset(track.session_id, settings.background_asset_id));
    edits.background_music_path = background.path;
    edits.background_volume = settings.background_volume_percent / 100.0;
  }
  if (!settings.title.empty()) {
    edits.title_start_s = settings.title_start_s;
    edits.title_duration_s = std::max(settings.title_end_s - settings.title_start_s, 0.001);
  }
  edits.style = settings.style;
  edits.palette = settings.palette;
  // Draft levels -2..2 onto the renderer's -1..1.
  edits.intensity = std::clamp(settings.intensity / 2.0, -1.0, 1.0);
  spec.credits = CreditsForDuration(settings.duration_s);
  return spec;
}

}  // namespace beatframe::service
