// The draft: the editable timeline of one music video. Tracks of video, audio
// and text segments (times in ms on the output timeline) plus draft-wide
// settings. Edits (draft_edit.h) turn one draft into the next, revisions
// (draft_history.h) keep them, draft_render.h turns one into render settings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beatframe {

// The values are the remote backend's `tt` codes (REMOTE_BACKEND_PROTOCOL.md).
enum class TrackType { kVideo = 0, kAudio = 1, kText = 7 };

// What a track is for. A draft holds exactly one visuals and one music track,
// at most one background-music, title and captions track, in this order.
enum class TrackRole { kVisuals, kMusic, kBackgroundMusic, kTitle, kCaptions };

TrackType TypeOfRole(TrackRole role);
const char* TrackTypeName(TrackType type);  // "video", "audio", "text"
const char* TrackRoleName(TrackRole role);  // "visuals", "music", "background_music", "title", "captions"
std::optional<TrackRole> ParseTrackRole(absl::string_view name);

// How often the visuals change. kAuto lets the renderer decide.
enum class CutRate { kAuto, kBeat, kBar, kTwoBars, kSection };
const char* CutRateName(CutRate rate);  // "auto", "beat", "bar", "2 bars", "section"
// Accepts the names above (any case); INVALID_ARGUMENT listing them otherwise.
absl::StatusOr<CutRate> ParseCutRate(absl::string_view name);

enum class TextPosition { kCenter, kLowerThird, kTop };
const char* TextPositionName(TextPosition position);  // "center", "lower_third", "top"
std::optional<TextPosition> ParseTextPosition(absl::string_view name);

// Limits of the draft-wide settings.
inline constexpr int kMinIntensity = -2;  // calmest
inline constexpr int kMaxIntensity = 2;   // most energetic
inline constexpr int64_t kMinDurationMs = 1000;  // shortest output a trim may leave
inline constexpr int64_t kDefaultTitleMs = 4000;  // as RenderPlan::title_duration_s
inline constexpr int kDefaultBackgroundVolumePercent = 30;
inline constexpr int kMaxVolumePercent = 200;
inline constexpr size_t kMaxDraftTextBytes = 200;  // a title or one caption

// The aspects and styles the renderer draws (engine/timeline/render_plan.h).
const std::vector<std::string>& SupportedAspects();   // "16:9", "9:16", "1:1"
const std::vector<std::string>& SupportedStyles();    // "pulse", "bars", ...
const std::vector<std::string>& SupportedPalettes();  // "neon", ..., "cover"
bool IsSupportedAspect(absl::string_view aspect);
bool IsSupportedStyle(absl::string_view style);
bool IsSupportedPalette(absl::string_view palette);

// One piece of a track. Which parameters apply depends on the track's role;
// the others keep their defaults (and are neither exported nor compared in a
// meaningful way).
struct Segment {
  int64_t start_ms = 0;     // on the output timeline: 0 is the first frame
  int64_t duration_ms = 0;
  // Audio: the uploaded asset, where in it this segment starts (a trimmed
  // music track starts at the trim start) and its name for people.
  std::string asset_id;
  int64_t source_in_ms = 0;
  std::string name;
  // Video.
  std::string style;
  std::string palette;
  // Text. font_size_px 0 lets the renderer size the text for the aspect.
  std::string text;
  int font_size_px = 0;
  TextPosition position = TextPosition::kCenter;
  // Audio.
  int volume_percent = 100;
  // Video and audio.
  int64_t fade_in_ms = 0;
  int64_t fade_out_ms = 0;

  int64_t end_ms() const { return start_ms + duration_ms; }
  bool operator==(const Segment&) const = default;
};

struct Track {
  TrackRole role = TrackRole::kVisuals;
  std::vector<Segment> segments;  // sorted by start_ms

  TrackType type() const { return TypeOfRole(role); }
  bool operator==(const Track&) const = default;
};

// The uploaded track a draft was made from.
struct MusicSource {
  std::string asset_id;
  std::string title;   // from the tags or the file name; shown in the summary
  std::string artist;
  int64_t duration_ms = 0;  // of the whole asset
  bool operator==(const MusicSource&) const = default;
};

struct DraftSettings {
  std::string aspect = "16:9";  // one of SupportedAspects()
  int resolution = 1080;        // the short side in pixels: 720 or 1080
  CutRate cut_rate = CutRate::kAuto;
  int intensity = 0;            // kMinIntensity..kMaxIntensity; negative is calmer
  bool operator==(const DraftSettings&) const = default;
};

struct Draft {
  MusicSource music;
  DraftSettings settings;
  std::vector<Track> tracks;  // in TrackRole order

  const Track* FindTrack(TrackRole role) const;
  Track* FindTrack(TrackRole role);
  // The output's length: the music segment's duration.
  int64_t duration_ms() const;
  // The part of the music that plays, in the asset's own time.
  int64_t trim_start_ms() const;
  int64_t trim_end_ms() const;
  bool operator==(const Draft&) const = default;
};

struct NewDraftParams {
  std::string asset_id;
  std::string title;
  std::string artist;
  int64_t duration_ms = 0;
  std::string style = "pulse";
  std::string palette = "neon";
  std::string aspect = "16:9";
};

// A draft that plays the whole track under one visuals segment: video and
// music tracks only. INVALID_ARGUMENT for an empty asset id, a duration under
// kMinDurationMs, or an unsupported style, palette or aspect.
absl::StatusOr<Draft> NewDraft(const NewDraftParams& params);

// Checks every invariant the edits and the renderer rely on; INVALID_ARGUMENT
// naming the first broken one ("track 3 (title): segment 1 ends at 9000 ms,
// after the end of the video at 5000 ms").
absl::Status ValidateDraft(const Draft& draft);

// Puts the tracks in TrackRole order and each track's segments by start
// (stable). Used after imports and edits.
void NormalizeTrackOrder(Draft& draft);

}  // namespace beatframe
