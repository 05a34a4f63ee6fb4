#include "engine/pipeline/render_options.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/common/status_macros.h"
#include "engine/render/palette.h"
#include "engine/render/style.h"
#include "engine/timeline/lyrics.h"
#include "engine/timeline/user_text.h"

namespace beatframe::pipeline_internal {
namespace {

// The palette that takes the cover art's colours (engine/render/cover_art_layer.h).
constexpr char kCoverPalette[] = "cover";

// Style and palette names are matched without case or surrounding spaces.
std::string NormalizedName(const std::string& name) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
}

std::vector<std::string> ValidPaletteNames() {
  std::vector<std::string> names = PaletteNames();
  names.push_back(kCoverPalette);
  return names;
}

absl::Status CheckName(const char* field, const std::string& value, const std::vector<std::string>& valid) {
  const std::string name = NormalizedName(value);
  if (name.empty() || std::find(valid.begin(), valid.end(), name) != valid.end()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("unknown ", field, " '", value, "': expected one of ", absl::StrJoin(valid, ", ")));
}

absl::Status CheckRange(const char* field, double value, double low, double high) {
  if (std::isfinite(value) && value >= low && value <= high) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(field, " must be between ", low, " and ", high, ", not ", value));
}

absl::Status CheckAtLeastZero(const char* field, double value) {
  if (std::isfinite(value) && value >= 0.0) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(field, " must be 0 or more seconds, not ", value));
}

}  // namespace

absl::Status ValidateDraftEdits(const RenderRequest& request) {
  BF_RETURN_IF_ERROR(CheckAtLeastZero("start_s", request.start_s));
  if (!std::isfinite(request.end_s) || (request.end_s >= 0.0 && request.end_s <= request.start_s)) {
    return absl::InvalidArgumentError(absl::StrCat("the trim range ", request.start_s, " s to ", request.end_s,
                                                   " s is empty: end_s must be after start_s (or -1 for the end)"));
  }
  BF_RETURN_IF_ERROR(CheckAtLeastZero("fade_in_s", request.fade_in_s));
  BF_RETURN_IF_ERROR(CheckAtLeastZero("fade_out_s", request.fade_out_s));
  BF_RETURN_IF_ERROR(CheckRange("music_volume", request.music_volume, 0.0, kMaxVolume));
  BF_RETURN_IF_ERROR(CheckRange("background_volume", request.background_volume, 0.0, kMaxVolume));
  BF_RETURN_IF_ERROR(CheckAtLeastZero("title_start_s", request.title_start_s));
  if (!std::isfinite(request.title_duration_s) || request.title_duration_s == 0.0) {
    return absl::InvalidArgumentError(absl::StrCat("title_duration_s must be more than 0 seconds (or -1 for the ",
                                                   "default), not ", request.title_duration_s));
  }
  BF_RETURN_IF_ERROR(CheckRange("intensity", request.intensity, -1.0, 1.0));
  BF_RETURN_IF_ERROR(CheckName("style", request.style, StyleNames()));
  BF_RETURN_IF_ERROR(CheckName("palette", request.palette, ValidPaletteNames()));
  return absl::OkStatus();
}

absl::StatusOr<TrackWindow> ResolveTrackWindow(const RenderRequest& request, double track_duration_s) {
  TrackWindow window{request.start_s, request.end_s < 0.0 ? track_duration_s : request.end_s};
  if (window.start_s >= track_duration_s) {
    return absl::InvalidArgumentError(absl::StrCat("the trim starts at ", request.start_s,
                                                   " s, but the track is only ", track_duration_s, " s long"));
  }
  if (window.end_s > track_duration_s + kTrimEndSlackS) {
    return absl::InvalidArgumentError(absl::StrCat("the trim ends at ", request.end_s, " s, but the track is only ",
                                                   track_duration_s, " s long"));
  }
  window.end_s = std::min(window.end_s, track_duration_s);
  return window;
}

void FitPlanToWindow(const TrackWindow& window, RenderPlan& plan) {
  plan.duration_s = window.duration_s();
  plan.title_duration_s = std::min(plan.title_duration_s, plan.duration_s);
}

absl::Status ApplyTextInWindow(const RenderRequest& request, const MediaTags& tags, const TrackWindow& window,
                               RenderPlan& plan) {
  if (window.start_s == 0.0 || request.lyrics_path.empty()) {
    // Lyrics from 0 need no shift; ApplyUserText cuts them at the plan's end.
    return ApplyUserText(request.title, request.captions, request.lyrics_path, tags, plan);
  }
  BF_RETURN_IF_ERROR(ApplyUserText(request.title, request.captions, "", tags, plan));
  BF_ASSIGN_OR_RETURN(const std::vector<Caption> lyrics, LoadLyricsFile(request.lyrics_path));
  for (Caption& line : WindowCaptions(lyrics, window)) plan.captions.push_back(std::move(line));
  SortCaptions(plan.captions);
  return absl::OkStatus();
}

void ApplyLookOverrides(const RenderRequest& request, RenderPlan& plan) {
  if (const std::string style = NormalizedName(request.style); !style.empty()) plan.style = style;
  if (const std::string palette = NormalizedName(request.palette); !palette.empty()) plan.palette = palette;
  plan.title_start_s = request.title_start_s;
  const double length = request.title_duration_s > 0.0 ? request.title_duration_s : plan.title_duration_s;
  // Nothing shows after the last frame; a card that would start after it is dropped.
  plan.title_duration_s = std::max(0.0, std::min(length, plan.duration_s - plan.title_start_s));
}

}  // namespace beatframe::pipeline_internal
