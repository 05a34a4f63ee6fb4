#include "engine/timeline/draft.h"

#include <algorithm>
#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/common/status_macros.h"
#include "engine/common/utf8.h"
#include "engine/timeline/caption.h"

namespace beatframe {
namespace {

bool Contains(const std::vector<std::string>& list, absl::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Times common to every segment: inside the video, positive length.
absl::Status ValidateSegmentTimes(const Segment& segment, int64_t video_end_ms) {
  if (segment.start_ms < 0) return absl::InvalidArgumentError(absl::StrCat("starts at ", segment.start_ms, " ms"));
  if (segment.duration_ms <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("has duration ", segment.duration_ms, " ms; it must be positive"));
  }
  if (segment.end_ms() > video_end_ms) {
    return absl::InvalidArgumentError(absl::StrCat("ends at ", segment.end_ms(), " ms, after the end of the video at ",
                                                   video_end_ms, " ms"));
  }
  if (segment.fade_in_ms < 0 || segment.fade_out_ms < 0 ||
      segment.fade_in_ms + segment.fade_out_ms > segment.duration_ms) {
    return absl::InvalidArgumentError(absl::StrCat("has fades of ", segment.fade_in_ms, " ms in and ",
                                                   segment.fade_out_ms, " ms out, more than its length"));
  }
  return absl::OkStatus();
}

absl::Status ValidateText(const std::string& text) {
  if (absl::StripAsciiWhitespace(text).empty()) return absl::InvalidArgumentError("has no text");
  if (text.size() > kMaxDraftTextBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("has ", text.size(), " bytes of text; at most ", kMaxDraftTextBytes, " fit"));
  }
  if (!IsValidUtf8(text)) return absl::InvalidArgumentError("has text that is not valid UTF-8");
  return absl::OkStatus();
}

absl::Status ValidateVolume(int volume_percent) {
  if (volume_percent < 0 || volume_percent > kMaxVolumePercent) {
    return absl::InvalidArgumentError(
        absl::StrCat("has volume ", volume_percent, "%; it must be 0..", kMaxVolumePercent, "%"));
  }
  return absl::OkStatus();
}

absl::Status ValidateSegment(const Draft& draft, TrackRole role, const Segment& segment) {
  const int64_t video_end_ms = draft.duration_ms();
  BF_RETURN_IF_ERROR(ValidateSegmentTimes(segment, video_end_ms));
  switch (role) {
    case TrackRole::kVisuals:
      if (!IsSupportedStyle(segment.style)) {
        return absl::InvalidArgumentError(absl::StrCat("has style '", segment.style, "'; beatframe draws ",
                                                       absl::StrJoin(SupportedStyles(), ", ")));
      }
      if (!IsSupportedPalette(segment.palette)) {
        return absl::InvalidArgumentError(absl::StrCat("has palette '", segment.palette, "'; known palettes are ",
                                                       absl::StrJoin(SupportedPalettes(), ", ")));
      }
      return absl::OkStatus();
    case TrackRole::kMusic:
      if (segment.start_ms != 0) return absl::InvalidArgumentError("must start at 0 ms");
      if (segment.asset_id != draft.music.asset_id) {
        return absl::InvalidArgumentError(absl::StrCat("plays asset '", segment.asset_id,
                                                       "', not the draft's music '", draft.music.asset_id, "'"));
      }
      if (segment.source_in_ms < 0 || segment.source_in_ms + segment.duration_ms > draft.music.duration_ms) {
        return absl::InvalidArgumentError(absl::StrCat("plays ", segment.source_in_ms, "-",
                                                       segment.source_in_ms + segment.duration_ms,
                                                       " ms of a track that is ", draft.music.duration_ms,
                                                       " ms long"));
      }
      if (segment.duration_ms < kMinDurationMs) {
        return absl::InvalidArgumentError(absl::StrCat("is shorter than ", kMinDurationMs, " ms"));
      }
      return ValidateVolume(segment.volume_percent);
    case TrackRole::kBackgroundMusic:
      if (segment.asset_id.empty()) return absl::InvalidArgumentError("names no asset");
      if (segment.source_in_ms < 0) return absl::InvalidArgumentError("starts before its asset");
      return ValidateVolume(segment.volume_percent);
    case TrackRole::kTitle:
    case TrackRole::kCaptions:
      return ValidateText(segment.text);
  }
  return absl::OkStatus();
}

// How many segments a track of each role may hold.
absl::Status ValidateSegmentCount(TrackRole role, size_t count) {
  const bool single = role == TrackRole::kMusic || role == TrackRole::kBackgroundMusic || role == TrackRole::kTitle;
  if (count == 0) return absl::InvalidArgumentError("has no segments");
  if (single && count != 1) return absl::InvalidArgumentError(absl::StrCat("has ", count, " segments; it holds one"));
  if (count > kMaxCaptions) {
    return absl::InvalidArgumentError(absl::StrCat("has ", count, " segments; at most ", kMaxCaptions, " fit"));
  }
  return absl::OkStatus();
}

}  // namespace

TrackType TypeOfRole(TrackRole role) {
  switch (role) {
    case TrackRole::kVisuals:
      return TrackType::kVideo;
    case TrackRole::kMusic:
    case TrackRole::kBackgroundMusic:
      return TrackType::kAudio;
    case TrackRole::kTitle:
    case TrackRole::kCaptions:
      return TrackType::kText;
  }
  return TrackType::kVideo;
}

const char* TrackTypeName(TrackType type) {
  switch (type) {
    case TrackType::kVideo:
      return "video";
    case TrackType::kAudio:
      return "audio";
    case TrackType::kText:
      return "text";
  }
  return "video";
}

const char* TrackRoleName(TrackRole role) {
  switch (role) {
    case TrackRole::kVisuals:
      return "visuals";
    case TrackRole::kMusic:
      return "music";
    case TrackRole::kBackgroundMusic:
      return "background_music";
    case TrackRole::kTitle:
      return "title";
    case TrackRole::kCaptions:
      return "captions";
  }
  return "visuals";
}

std::optional<TrackRole> ParseTrackRole(absl::string_view name) {
  for (TrackRole role : {TrackRole::kVisuals, TrackRole::kMusic, TrackRole::kBackgroundMusic, TrackRole::kTitle,
                         TrackRole::kCaptions}) {
    if (name == TrackRoleName(role)) return role;
  }
  if (name == "bgm") return TrackRole::kBackgroundMusic;
  return std::nullopt;
}

const char* CutRateName(CutRate rate) {
  switch (rate) {
    case CutRate::kAuto:
      return "auto";
    case CutRate::kBeat:
      return "beat";
    case CutRate::kBar:
      return "bar";
    case CutRate::kTwoBars:
      return "2 bars";
    case CutRate::kSection:
      return "section";
  }
  return "auto";
}

absl::StatusOr<CutRate> ParseCutRate(absl::string_view name) {
  const std::string key = absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
  for (CutRate rate : {CutRate::kAuto, CutRate::kBeat, CutRate::kBar, CutRate::kTwoBars, CutRate::kSection}) {
    if (key == CutRateName(rate)) return rate;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown cut rate '", name, "': expected auto, beat, bar, 2 bars or section"));
}

const char* TextPositionName(TextPosition position) {
  switch (position) {
    case TextPosition::kCenter:
      return "center";
    case TextPosition::kLowerThird:
      return "lower_third";
    case TextPosition::kTop:
      return "top";
  }
  return "center";
}

std::optional<TextPosition> ParseTextPosition(absl::string_view name) {
  for (TextPosition position : {TextPosition::kCenter, TextPosition::kLowerThird, TextPosition::kTop}) {
    if (name == TextPositionName(position)) return position;
  }
  return std::nullopt;
}

const std::vector<std::string>& SupportedAspects() {
  static const auto* const kAspects = new std::vector<std::string>{"16:9", "9:16", "1:1"};
  return *kAspects;
}

const std::vector<std::string>& SupportedStyles() {
  static const auto* const kStyles =
      new std::vector<std::string>{"pulse", "bars", "waveform", "particles", "tunnel", "gradient"};
  return *kStyles;
}

const std::vector<std::string>& SupportedPalettes() {
  static const auto* const kPalettes =
      new std::vector<std::string>{"neon", "pastel", "dark", "warm", "mono", "cover"};
  return *kPalettes;
}

bool IsSupportedAspect(absl::string_view aspect) { return Contains(SupportedAspects(), aspect); }
bool IsSupportedStyle(absl::string_view style) { return Contains(SupportedStyles(), style); }
bool IsSupportedPalette(absl::string_view palette) { return Contains(SupportedPalettes(), palette); }

const Track* Draft::FindTrack(TrackRole role) const {
  for (const Track& track : tracks) {
    if (track.role == role) return &track;
  }
  return nullptr;
}

Track* Draft::FindTrack(TrackRole role) {
  for (Track& track : tracks) {
    if (track.role == role) return &track;
  }
  return nullptr;
}

int64_t Draft::duration_ms() const {
  const Track* music = FindTrack(TrackRole::kMusic);
  return music != nullptr && !music->segments.empty() ? music->segments.front().duration_ms : 0;
}

int64_t Draft::trim_start_ms() const {
  const Track* music = FindTrack(TrackRole::kMusic);
  return music != nullptr && !music->segments.empty() ? music->segments.front().source_in_ms : 0;
}

int64_t Draft::trim_end_ms() const { return trim_start_ms() + duration_ms(); }

absl::StatusOr<Draft> NewDraft(const NewDraftParams& params) {
  if (params.asset_id.empty()) return absl::InvalidArgumentError("a new draft needs the music's asset id");
  if (params.duration_ms < kMinDurationMs) {
    return absl::InvalidArgumentError(
        absl::StrCat("the track is ", params.duration_ms, " ms long; a draft needs at least ", kMinDurationMs, " ms"));
  }
  Draft draft;
  draft.music = {params.asset_id, params.title, params.artist, params.duration_ms};
  draft.settings.aspect = params.aspect;
  Segment visuals;
  visuals.duration_ms = params.duration_ms;
  visuals.style = params.style;
  visuals.palette = params.palette;
  Segment music;
  music.duration_ms = params.duration_ms;
  music.asset_id = params.asset_id;
  music.name = params.title;
  draft.tracks = {Track{TrackRole::kVisuals, {visuals}}, Track{TrackRole::kMusic, {music}}};
  BF_RETURN_IF_ERROR(ValidateDraft(draft));
  return draft;
}

absl::Status ValidateDraft(const Draft& draft) {
  const DraftSettings& settings = draft.settings;
  if (!IsSupportedAspect(settings.aspect)) {
    return absl::InvalidArgumentError(absl::StrCat("aspect '", settings.aspect, "' is not one of ",
                                                   absl::StrJoin(SupportedAspects(), ", ")));
  }
  if (settings.resolution != 720 && settings.resolution != 1080) {
    return absl::InvalidArgumentError(
        absl::StrCat("resolution ", settings.resolution, "p is not supported: use 720 or 1080"));
  }
  if (settings.intensity < kMinIntensity || settings.intensity > kMaxIntensity) {
    return absl::InvalidArgumentError(absl::StrCat("intensity ", settings.intensity, " is outside ", kMinIntensity,
                                                   "..", kMaxIntensity));
  }
  if (draft.music.asset_id.empty()) return absl::InvalidArgumentError("the draft names no music asset");
  if (draft.music.duration_ms < kMinDurationMs) {
    return absl::InvalidArgumentError(absl::StrCat("the music is ", draft.music.duration_ms, " ms long"));
  }
  std::array<int, 5> per_role{};
  for (const Track& track : draft.tracks) ++per_role[static_cast<size_t>(track.role)];
  if (per_role[static_cast<size_t>(TrackRole::kVisuals)] != 1 || per_role[static_cast<size_t>(TrackRole::kMusic)] != 1) {
    return absl::InvalidArgumentError("a draft needs exactly one visuals track and one music track");
  }
  for (size_t i = 0; i < draft.tracks.size(); ++i) {
    const Track& track = draft.tracks[i];
    const std::string where = absl::StrCat("track ", i + 1, " (", TrackRoleName(track.role), ")");
    if (per_role[static_cast<size_t>(track.role)] > 1) {
      return absl::InvalidArgumentError(absl::StrCat(where, " is the second of its kind; a draft holds one"));
    }
    BF_RETURN_IF_ERROR(Annotate(ValidateSegmentCount(track.role, track.segments.size()), where));
    for (size_t j = 0; j < track.segments.size(); ++j) {
      BF_RETURN_IF_ERROR(Annotate(ValidateSegment(draft, track.role, track.segments[j]),
                                  absl::StrCat(where, ": segment ", j + 1)));
    }
  }
  return absl::OkStatus();
}

void NormalizeTrackOrder(Draft& draft) {
  std::stable_sort(draft.tracks.begin(), draft.tracks.end(),
                   [](const Track& a, const Track& b) { return a.role < b.role; });
  for (Track& track : draft.tracks) {
    std::stable_sort(track.segments.begin(), track.segments.end(),
                     [](const Segment& a, const Segment& b) { return a.start_ms < b.start_ms; });
  }
}

}  // namespace beatframe
