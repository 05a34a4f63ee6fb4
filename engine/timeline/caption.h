// A caption: a line of text shown over the video for a time range. User
// captions and lyrics both become these; they travel in the RenderPlan and
// every style draws them (engine/render/caption_overlay.h).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/common/utf8.h"

namespace beatframe {

// Where a caption sits. Captions and lyrics belong in the lower third; the
// top is for the odd credit or a second speaker.
enum class CaptionPosition { kLowerThird, kTop };

struct Caption {
  std::string text;       // UTF-8; a '\n' forces the break between its (at most two) lines
  double start_s = 0.0;   // shown from start_s (inclusive)...
  double end_s = 0.0;     // ...until end_s (exclusive), in seconds of the track
  CaptionPosition position = CaptionPosition::kLowerThird;
};

// Limits that keep one request's captions cheap to lay out and cache.
inline constexpr size_t kMaxCaptionBytes = 300;
inline constexpr size_t kMaxCaptions = 5000;

// INVALID_ARGUMENT naming the first bad caption (1-based): text empty after
// trimming, longer than kMaxCaptionBytes or not UTF-8; a time that is not
// finite or negative; end_s <= start_s. Also for more than kMaxCaptions.
absl::Status ValidateCaptions(const std::vector<Caption>& captions);

// Orders captions by start time, keeping the given order for equal starts.
void SortCaptions(std::vector<Caption>& captions);

}  // namespace beatframe
