#include "engine/timeline/draft_render.h"

#include "engine/common/status_macros.h"

namespace beatframe {
namespace {

double Seconds(int64_t ms) { return static_cast<double>(ms) / 1000.0; }

}  // namespace

void FrameSize(const std::string& aspect, int resolution, int* width, int* height) {
  const int short_side = resolution;
  const int long_side = short_side * 16 / 9;
  if (aspect == "9:16") {
    *width = short_side;
    *height = long_side;
  } else if (aspect == "1:1") {
    *width = short_side;
    *height = short_side;
  } else {
    *width = long_side;
    *height = short_side;
  }
}

absl::StatusOr<DraftRenderSettings> RenderSettingsForDraft(const Draft& draft) {
  BF_RETURN_IF_ERROR(ValidateDraft(draft));
  DraftRenderSettings settings;
  settings.aspect = draft.settings.aspect;
  settings.resolution = draft.settings.resolution;
  FrameSize(settings.aspect, settings.resolution, &settings.width, &settings.height);
  settings.cut_rate = draft.settings.cut_rate;
  settings.intensity = draft.settings.intensity;

  const Track& visuals = *draft.FindTrack(TrackRole::kVisuals);
  settings.style = visuals.segments.front().style;
  settings.palette = visuals.segments.front().palette;
  settings.fade_in_s = Seconds(visuals.segments.front().fade_in_ms);
  settings.fade_out_s = Seconds(visuals.segments.back().fade_out_ms);

  const Segment& music = draft.FindTrack(TrackRole::kMusic)->segments.front();
  settings.music_asset_id = music.asset_id;
  settings.trim_start_s = Seconds(music.source_in_ms);
  settings.trim_end_s = Seconds(music.source_in_ms + music.duration_ms);
  settings.duration_s = Seconds(music.duration_ms);
  settings.music_volume_percent = music.volume_percent;
  settings.audio_fade_in_s = Seconds(music.fade_in_ms);
  settings.audio_fade_out_s = Seconds(music.fade_out_ms);

  if (const Track* background = draft.FindTrack(TrackRole::kBackgroundMusic); background != nullptr) {
    settings.background_asset_id = background->segments.front().asset_id;
    settings.background_volume_percent = background->segments.front().volume_percent;
  }
  if (const Track* title = draft.FindTrack(TrackRole::kTitle); title != nullptr) {
    const Segment& segment = title->segments.front();
    settings.title = segment.text;
    settings.title_start_s = Seconds(segment.start_ms);
    settings.title_end_s = Seconds(segment.end_ms());
  }
  if (const Track* captions = draft.FindTrack(TrackRole::kCaptions); captions != nullptr) {
    for (const Segment& segment : captions->segments) {
      settings.captions.push_back(Caption{segment.text, Seconds(segment.start_ms), Seconds(segment.end_ms()),
                                          segment.position == TextPosition::kTop ? CaptionPosition::kTop
                                                                                 : CaptionPosition::kLowerThird});
    }
    SortCaptions(settings.captions);
  }
  return settings;
}

}  // namespace beatframe
