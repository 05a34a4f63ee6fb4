// The one-line human summary of a draft, as the remote backend prints it:
// `Timeline (3 tracks): 1. Video: pulse (0-180s) 2. Music: Song (0-180s, 100%)
// 3. Title: "Urban Dreams" (0-3s)`. Answers "status" / "show tracks".
#pragma once

#include <cstdint>
#include <string>

#include "engine/timeline/draft.h"
#include "engine/timeline/reply_language.h"

namespace beatframe {

// One entry per track, numbered in track order:
//   Video: <style> (<start>-<end>s)            one entry per segment, ", " between
//   Music: <title> (<start>-<end>s, <volume>%[, from <m:ss>-<m:ss>][, fade in Ns][, fade out Ns])
//   BGM: <name> (<start>-<end>s, <volume>%)
//   Title: "<text>" (<start>-<end>s)
//   Captions: "<text>" (<start>-<end>s), ...  (the first three, then "+N more")
// "from" appears only when the music is trimmed. Seconds print without
// decimals when whole ("3s", "2.5s").
std::string SummarizeDraft(const Draft& draft);

// The draft-wide settings in a sentence: "16:9, 1080p, neon palette, cuts:
// auto, intensity: normal" (or in Chinese).
std::string DescribeSettings(const Draft& draft, ReplyLanguage language);

// Milliseconds as seconds for people: 3000 -> "3", 2500 -> "2.5", 1250 -> "1.25".
std::string SecondsText(int64_t ms);
// Milliseconds as a clock: 90000 -> "1:30", 5500 -> "0:05.5".
std::string ClockText(int64_t ms);

}  // namespace beatframe
