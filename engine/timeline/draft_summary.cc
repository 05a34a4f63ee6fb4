#include "engine/timeline/draft_summary.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace beatframe {
namespace {

constexpr size_t kCaptionsShown = 3;

std::string Span(const Segment& segment) {
  return absl::StrCat(SecondsText(segment.start_ms), "-", SecondsText(segment.end_ms()), "s");
}

std::string AudioDetails(const Segment& segment, const Draft& draft, bool is_music) {
  std::string details = absl::StrCat(Span(segment), ", ", segment.volume_percent, "%");
  const bool trimmed = is_music && (segment.source_in_ms != 0 || segment.duration_ms != draft.music.duration_ms);
  if (trimmed) {
    absl::StrAppend(&details, ", from ", ClockText(segment.source_in_ms), "-",
                    ClockText(segment.source_in_ms + segment.duration_ms));
  }
  if (segment.fade_in_ms > 0) absl::StrAppend(&details, ", fade in ", SecondsText(segment.fade_in_ms), "s");
  if (segment.fade_out_ms > 0) absl::StrAppend(&details, ", fade out ", SecondsText(segment.fade_out_ms), "s");
  return details;
}

std::string Quoted(const Segment& segment) { return absl::StrCat("\"", segment.text, "\" (", Span(segment), ")"); }

std::string DescribeTrack(const Track& track, const Draft& draft) {
  std::vector<std::string> parts;
  switch (track.role) {
    case TrackRole::kVisuals:
      for (const Segment& segment : track.segments) parts.push_back(absl::StrCat(segment.style, " (", Span(segment), ")"));
      return absl::StrCat("Video: ", absl::StrJoin(parts, ", "));
    case TrackRole::kMusic: {
      const Segment& segment = track.segments.front();
      const std::string& name = segment.name.empty() ? draft.music.title : segment.name;
      return absl::StrCat("Music: ", name.empty() ? "untitled" : name, " (", AudioDetails(segment, draft, true), ")");
    }
    case TrackRole::kBackgroundMusic: {
      const Segment& segment = track.segments.front();
      return absl::StrCat("BGM: ", segment.name.empty() ? segment.asset_id : segment.name, " (",
                          AudioDetails(segment, draft, false), ")");
    }
    case TrackRole::kTitle:
      return absl::StrCat("Title: ", Quoted(track.segments.front()));
    case TrackRole::kCaptions:
      for (size_t i = 0; i < track.segments.size() && i < kCaptionsShown; ++i) {
        parts.push_back(Quoted(track.segments[i]));
      }
      if (track.segments.size() > kCaptionsShown) {
        parts.push_back(absl::StrCat("+", track.segments.size() - kCaptionsShown, " more"));
      }
      return absl::StrCat("Captions: ", absl::StrJoin(parts, ", "));
  }
  return "";
}

const char* IntensityWord(int intensity, ReplyLanguage language) {
  const bool zh = language == ReplyLanguage::kChinese;
  if (intensity <= -2) return zh ? "很平静" : "calmest";
  if (intensity == -1) return zh ? "较平静" : "calmer";
  if (intensity == 0) return zh ? "正常" : "normal";
  if (intensity == 1) return zh ? "较有活力" : "more energetic";
  return zh ? "最有活力" : "most energetic";
}

}  // namespace

std::string SecondsText(int64_t ms) {
  const bool negative = ms < 0;
  const int64_t magnitude = negative ? -ms : ms;
  std::string text = absl::StrCat(negative ? "-" : "", magnitude / 1000);
  int64_t fraction = magnitude % 1000;
  if (fraction != 0) {
    std::string digits = absl::StrFormat("%03d", fraction);
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    absl::StrAppend(&text, ".", digits);
  }
  return text;
}

std::string ClockText(int64_t ms) {
  if (ms < 0) ms = 0;
  const int64_t minutes = ms / 60000;
  const int64_t rest_ms = ms % 60000;
  std::string seconds = SecondsText(rest_ms);
  if (rest_ms < 10000) seconds = absl::StrCat("0", seconds);
  return absl::StrCat(minutes, ":", seconds);
}

std::string SummarizeDraft(const Draft& draft) {
  std::string summary = absl::StrCat("Timeline (", draft.tracks.size(), draft.tracks.size() == 1 ? " track):" : " tracks):");
  for (size_t i = 0; i < draft.tracks.size(); ++i) {
    absl::StrAppend(&summary, " ", i + 1, ". ", DescribeTrack(draft.tracks[i], draft));
  }
  return summary;
}

std::string DescribeSettings(const Draft& draft, ReplyLanguage language) {
  const DraftSettings& settings = draft.settings;
  const Track* visuals = draft.FindTrack(TrackRole::kVisuals);
  const std::string palette = visuals != nullptr && !visuals->segments.empty() ? visuals->segments.front().palette : "";
  if (language == ReplyLanguage::kChinese) {
    return absl::StrCat(settings.aspect, "，", settings.resolution, "p，配色：", palette, "，切换：",
                        CutRateName(settings.cut_rate), "，强度：", IntensityWord(settings.intensity, language));
  }
  return absl::StrCat(settings.aspect, ", ", settings.resolution, "p, ", palette, " palette, cuts: ",
                      CutRateName(settings.cut_rate), ", intensity: ", IntensityWord(settings.intensity, language));
}

}  // namespace beatframe
