// Lyrics files turned into captions: LRC ("[mm:ss.xx] words", several time
// stamps per line, an [offset:ms] tag) and SubRip (.srt). Used to validate an
// upload and, at render time, to add the lines to the plan's captions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/timeline/caption.h"

namespace beatframe {

// Lyrics files larger than this are refused (real ones are a few KB).
inline constexpr int64_t kMaxLyricsBytes = 1'000'000;
// An LRC line shows until the next one starts, but never longer than this,
// so an instrumental break is not captioned with the last sung line.
inline constexpr double kMaxLrcLineS = 6.0;

// LRC: each "[mm:ss.xx]" (also [mm:ss], [mm:ss.xxx], [mm:ss:xx]) stamp starts
// the line's text at that time; a line may carry several stamps (a repeated
// chorus). Metadata tags ([ti:], [ar:], ...) are ignored; [offset:+N] moves
// every line N ms earlier (the LRC convention). Enhanced-LRC word stamps
// "<mm:ss.xx>" are dropped. A stamped empty line only ends the line before.
// Lines sharing a stamp are shown together on two lines.
// INVALID_ARGUMENT, naming the 1-based line, for a malformed stamp, text
// without a stamp, bytes that are not UTF-8, or a file with no timed text.
absl::StatusOr<std::vector<Caption>> ParseLrc(absl::string_view text);

// SubRip: blocks of an optional index line, "HH:MM:SS,mmm --> HH:MM:SS,mmm"
// ('.' also accepted for ','), then text lines, separated by blank lines.
// Basic markup (<i>, <font ...>, {\an8}) is stripped; more than two text
// lines are joined into two. INVALID_ARGUMENT, naming the line, for a bad
// time line, an end before the start, non-UTF-8 bytes or no cues at all.
absl::StatusOr<std::vector<Caption>> ParseSrt(absl::string_view text);

// True for names ending in ".lrc" or ".srt" (any case).
bool IsLyricsFileName(absl::string_view file_name);

// Parses `text` as the format `file_name`'s extension names; INVALID_ARGUMENT
// for another extension. Messages start with the file name.
absl::StatusOr<std::vector<Caption>> ParseLyrics(absl::string_view file_name, absl::string_view text);

// Reads and parses the file at `path`: NOT_FOUND when it cannot be read,
// RESOURCE_EXHAUSTED over kMaxLyricsBytes, else as ParseLyrics.
absl::StatusOr<std::vector<Caption>> LoadLyricsFile(const std::string& path);

}  // namespace beatframe
