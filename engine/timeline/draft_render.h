// What the render pipeline needs from a draft, flattened into one plain
// struct. The service maps it onto RenderRequest; nothing here renders.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/timeline/caption.h"
#include "engine/timeline/draft.h"

namespace beatframe {

struct DraftRenderSettings {
  std::string aspect = "16:9";  // "16:9", "9:16" or "1:1"
  int resolution = 1080;        // short side: 720 or 1080
  int width = 1920;             // frame size from aspect and resolution
  int height = 1080;
  std::string style;            // of the first visuals segment
  std::string palette;
  // The title, empty for none; shown over [title_start_s, title_end_s) of the output.
  std::string title;
  double title_start_s = 0.0;
  double title_end_s = 0.0;
  // Captions in OUTPUT time (0 = the first frame, which is trim_start_s of
  // the music), sorted by start, lower third.
  std::vector<Caption> captions;
  // The music: the asset and the part of it that plays, in the asset's time.
  std::string music_asset_id;
  double trim_start_s = 0.0;
  double trim_end_s = 0.0;
  double duration_s = 0.0;      // of the output: trim_end_s - trim_start_s
  int music_volume_percent = 100;
  // Fades at the output's start and end: video (from/to black) and music.
  double fade_in_s = 0.0;
  double fade_out_s = 0.0;
  double audio_fade_in_s = 0.0;
  double audio_fade_out_s = 0.0;
  // The background music, empty id for none; plays from its own start for the
  // whole output (looping or stopping is the renderer's choice).
  std::string background_asset_id;
  int background_volume_percent = 0;
  CutRate cut_rate = CutRate::kAuto;
  int intensity = 0;            // kMinIntensity..kMaxIntensity, negative calmer
};

// Frame size for an aspect at a resolution (short side): 9:16 at 720 is 720x1280.
// Unknown aspects give 16:9.
void FrameSize(const std::string& aspect, int resolution, int* width, int* height);

// INVALID_ARGUMENT when the draft is not valid (see ValidateDraft).
absl::StatusOr<DraftRenderSettings> RenderSettingsForDraft(const Draft& draft);

}  // namespace beatframe
