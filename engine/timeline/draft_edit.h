// Structured edits of a draft: one small struct per operation, a variant of
// them all, and ApplyEdit, which makes the next draft and says in a sentence
// what changed. The message parser (edit_parser.h) produces these; a
// structured Edit RPC can build them directly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "absl/status/statusor.h"
#include "engine/timeline/draft.h"
#include "engine/timeline/reply_language.h"

namespace beatframe {

// "16:9", "9:16" or "1:1". Anything else is INVALID_ARGUMENT; "4:5" (and
// "3:4", "4:3") get a reply naming the closest supported aspect.
struct SetAspectEdit {
  std::string aspect;
  bool operator==(const SetAspectEdit&) const = default;
};

// The short side in pixels: 720 or 1080.
struct SetResolutionEdit {
  int resolution = 1080;
  bool operator==(const SetResolutionEdit&) const = default;
};

// One of SupportedStyles(); applies to every visuals segment.
struct SetStyleEdit {
  std::string style;
  bool operator==(const SetStyleEdit&) const = default;
};

// One of SupportedPalettes(); applies to every visuals segment.
struct SetPaletteEdit {
  std::string palette;
  bool operator==(const SetPaletteEdit&) const = default;
};

// Adds the title or changes it. Unset fields keep the current title's values;
// a new title without times runs from 0 for kDefaultTitleMs. Times are on the
// output timeline; an end past the video is cut to it.
struct SetTitleEdit {
  std::optional<std::string> text;
  std::optional<int64_t> start_ms;
  std::optional<int64_t> end_ms;
  bool operator==(const SetTitleEdit&) const = default;
};

struct RemoveTitleEdit {
  bool operator==(const RemoveTitleEdit&) const = default;
};

// A caption over [start_ms, end_ms) of the output; end_ms unset means to the
// end of the video.
struct AddCaptionEdit {
  std::string text;
  int64_t start_ms = 0;
  std::optional<int64_t> end_ms;
  bool operator==(const AddCaptionEdit&) const = default;
};

// Removes the captions whose text is `text` (when set) and that show at
// `at_ms` (when set); with neither, every caption.
struct RemoveCaptionEdit {
  std::optional<std::string> text;
  std::optional<int64_t> at_ms;
  bool operator==(const RemoveCaptionEdit&) const = default;
};

// Plays [start_ms, end_ms) of the music (the asset's own time); end_ms unset
// means to the end of the track. {0, unset} undoes any trim. Captions move
// with the music (a caption stays on its words); the title stays at the start.
struct TrimEdit {
  int64_t start_ms = 0;
  std::optional<int64_t> end_ms;
  bool operator==(const TrimEdit&) const = default;
};

// Fades of the video and the music at the output's start and end; unset
// fields stay as they are, 0 removes a fade.
struct FadeEdit {
  std::optional<int64_t> fade_in_ms;
  std::optional<int64_t> fade_out_ms;
  bool operator==(const FadeEdit&) const = default;
};

// A second audio track under the music for the whole video. An empty
// asset_id is FAILED_PRECONDITION (no second track was uploaded).
struct AddBackgroundMusicEdit {
  std::string asset_id;
  std::string name;
  int volume_percent = kDefaultBackgroundVolumePercent;
  bool operator==(const AddBackgroundMusicEdit&) const = default;
};

struct RemoveBackgroundMusicEdit {
  bool operator==(const RemoveBackgroundMusicEdit&) const = default;
};

// The volume of the music (or of the background music) in percent; with
// `relative`, volume_percent is added (negative: quieter). Kept in
// 0..kMaxVolumePercent.
struct SetVolumeEdit {
  bool background = false;
  int volume_percent = 100;
  bool relative = false;
  bool operator==(const SetVolumeEdit&) const = default;
};

struct SetCutRateEdit {
  CutRate cut_rate = CutRate::kAuto;
  bool operator==(const SetCutRateEdit&) const = default;
};

// Intensity level kMinIntensity..kMaxIntensity; with `relative`, `level` is
// added ("calmer" is -1). Kept in range.
struct SetIntensityEdit {
  int level = 0;
  bool relative = false;
  bool operator==(const SetIntensityEdit&) const = default;
};

// Goes back one revision; only DraftHistory can apply it.
struct UndoEdit {
  bool operator==(const UndoEdit&) const = default;
};

using DraftEdit =
    std::variant<SetAspectEdit, SetResolutionEdit, SetStyleEdit, SetPaletteEdit, SetTitleEdit, RemoveTitleEdit,
                 AddCaptionEdit, RemoveCaptionEdit, TrimEdit, FadeEdit, AddBackgroundMusicEdit,
                 RemoveBackgroundMusicEdit, SetVolumeEdit, SetCutRateEdit, SetIntensityEdit, UndoEdit>;

// For logs and test failures: "SetTitle{text='Urban Dreams', 0-3000 ms}".
std::string DebugString(const DraftEdit& edit);

struct EditResult {
  Draft draft;
  std::string change;  // what changed, one sentence in the requested language
  bool changed = true; // false when the draft already was that way (the sentence says so)
};

// Applies `edit` to `draft` (which must be valid) and returns the new draft,
// which is valid too. Errors, with messages in `language` meant for people:
// INVALID_ARGUMENT for values that are never valid (unknown style, 4:5,
// 4K, empty title text, a range that ends before it starts); OUT_OF_RANGE
// for times past the end of the track or video; FAILED_PRECONDITION when
// the draft lacks what the edit needs (background music without a second
// uploaded track, changing a title that does not exist without giving its
// text, UndoEdit).
absl::StatusOr<EditResult> ApplyEdit(const Draft& draft, const DraftEdit& edit,
                                     ReplyLanguage language = ReplyLanguage::kEnglish);

}  // namespace beatframe
