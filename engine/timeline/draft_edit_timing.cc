// The edits that move things in time: title, captions, trim and fades.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/common/utf8.h"
#include "engine/timeline/caption.h"
#include "engine/timeline/draft_edit_internal.h"
#include "engine/timeline/draft_summary.h"

namespace beatframe::draft_edit_internal {
namespace {

// A trim end this close past the track's end is taken as "to the end"
// (people round "3:00" for a 2:59.6 track).
constexpr int64_t kEndToleranceMs = 1000;

std::string RangeText(int64_t start_ms, int64_t end_ms) {
  return absl::StrCat(SecondsText(start_ms), "-", SecondsText(end_ms), "s");
}

// Puts `track` in its place by role order (the draft keeps tracks sorted).
void InsertTrack(Draft& draft, Track track) {
  auto at = std::find_if(draft.tracks.begin(), draft.tracks.end(),
                         [&](const Track& other) { return other.role > track.role; });
  draft.tracks.insert(at, std::move(track));
}

void RemoveTrack(Draft& draft, TrackRole role) {
  draft.tracks.erase(std::remove_if(draft.tracks.begin(), draft.tracks.end(),
                                    [&](const Track& track) { return track.role == role; }),
                     draft.tracks.end());
}

// Checks a [start, end) range on the output timeline; cuts an end past the
// video to it. OUT_OF_RANGE when it starts at or after the end.
absl::Status FitRange(const Draft& draft, int64_t start_ms, int64_t& end_ms, ReplyLanguage language) {
  const int64_t video_ms = draft.duration_ms();
  if (start_ms < 0) {
    return Error(absl::StatusCode::kInvalidArgument, language, "A time cannot be negative.", "时间不能为负数。");
  }
  if (start_ms >= video_ms) {
    return Error(absl::StatusCode::kOutOfRange, language,
                 absl::StrCat("The video is only ", SecondsText(video_ms), "s long; ", SecondsText(start_ms),
                              "s is past its end."),
                 absl::StrCat("视频只有 ", SecondsText(video_ms), " 秒，", SecondsText(start_ms), " 秒已超出结尾。"));
  }
  if (end_ms <= start_ms) {
    return Error(absl::StatusCode::kInvalidArgument, language,
                 absl::StrCat("The range ", RangeText(start_ms, end_ms), " ends before it starts."),
                 absl::StrCat("时间段 ", RangeText(start_ms, end_ms), " 的结束早于开始。"));
  }
  end_ms = std::min(end_ms, video_ms);
  return absl::OkStatus();
}

absl::Status CheckText(const std::string& text, ReplyLanguage language) {
  if (absl::StripAsciiWhitespace(text).empty()) {
    return Error(absl::StatusCode::kInvalidArgument, language, "The text is empty.", "文字是空的。");
  }
  if (text.size() > kMaxDraftTextBytes) {
    return Error(absl::StatusCode::kInvalidArgument, language,
                 absl::StrCat("That text is too long: at most ", kMaxDraftTextBytes, " bytes fit."),
                 absl::StrCat("文字太长：最多 ", kMaxDraftTextBytes, " 字节。"));
  }
  if (!IsValidUtf8(text)) {
    return Error(absl::StatusCode::kInvalidArgument, language, "That text is not valid UTF-8.", "文字不是有效的 UTF-8。");
  }
  return absl::OkStatus();
}

// Keeps fades inside a segment after its length changed.
void ClipFades(Segment& segment) {
  segment.fade_in_ms = std::min(segment.fade_in_ms, segment.duration_ms / 2);
  segment.fade_out_ms = std::min(segment.fade_out_ms, segment.duration_ms - segment.fade_in_ms);
}

// Moves `segment` by `shift_ms` and cuts it to [0, video_ms); false when
// nothing of it is left.
bool ShiftAndClip(Segment& segment, int64_t shift_ms, int64_t video_ms) {
  const int64_t start = std::max<int64_t>(0, segment.start_ms + shift_ms);
  const int64_t end = std::min(video_ms, segment.end_ms() + shift_ms);
  if (end <= start) return false;
  segment.start_ms = start;
  segment.duration_ms = end - start;
  ClipFades(segment);
  return true;
}

}  // namespace

absl::StatusOr<EditResult> ApplyTitle(Draft draft, const SetTitleEdit& edit, ReplyLanguage language) {
  Track* track = draft.FindTrack(TrackRole::kTitle);
  const bool exists = track != nullptr;
  if (!exists && !edit.text.has_value()) {
    return Error(absl::StatusCode::kFailedPrecondition, language,
                 "There is no title yet: say which text, e.g. add the title 'Urban Dreams'.",
                 "还没有标题：请说明标题文字，例如：加标题“城市梦想”。");
  }
  Segment title = exists ? track->segments.front() : Segment{};
  if (!exists) title.position = TextPosition::kCenter;
  const std::string text(absl::StripAsciiWhitespace(edit.text.value_or(title.text)));
  if (auto status = CheckText(text, language); !status.ok()) return status;
  const int64_t start_ms = edit.start_ms.value_or(exists ? title.start_ms : 0);
  int64_t end_ms = edit.end_ms.value_or(exists ? start_ms + title.duration_ms : start_ms + kDefaultTitleMs);
  if (auto status = FitRange(draft, start_ms, end_ms, language); !status.ok()) return status;
  const Segment before = title;
  title.text = text;
  title.start_ms = start_ms;
  title.duration_ms = end_ms - start_ms;
  if (exists && title == before) {
    return EditResult{std::move(draft),
                      InLanguage(language, absl::StrCat("The title is already \"", text, "\" (", RangeText(start_ms, end_ms), ")."),
                                 absl::StrCat("标题已经是“", text, "”（", RangeText(start_ms, end_ms), "）了。")),
                      false};
  }
  if (exists) {
    track->segments = {title};
  } else {
    InsertTrack(draft, Track{TrackRole::kTitle, {title}});
  }
  const std::string range = RangeText(start_ms, end_ms);
  std::string change = exists ? InLanguage(language, absl::StrCat("Changed the title to \"", text, "\" (", range, ")."),
                                           absl::StrCat("标题已改为“", text, "”（", range, "）。"))
                              : InLanguage(language, absl::StrCat("Added the title \"", text, "\" (", range, ")."),
                                           absl::StrCat("已添加标题“", text, "”（", range, "）。"));
  return EditResult{std::move(draft), std::move(change)};
}

absl::StatusOr<EditResult> ApplyRemoveTitle(Draft draft, ReplyLanguage language) {
  const Track* track = draft.FindTrack(TrackRole::kTitle);
  if (track == nullptr) {
    return EditResult{std::move(draft), InLanguage(language, "There is no title to remove.", "没有可删除的标题。"),
                      false};
  }
  const std::string text = track->segments.front().text;
  RemoveTrack(draft, TrackRole::kTitle);
  return EditResult{std::move(draft), InLanguage(language, absl::StrCat("Removed the title \"", text, "\"."),
                                                 absl::StrCat("已删除标题“", text, "”。"))};
}

absl::StatusOr<EditResult> ApplyAddCaption(Draft draft, const AddCaptionEdit& edit, ReplyLanguage language) {
  const std::string text(absl::StripAsciiWhitespace(edit.text));
  if (auto status = CheckText(text, language); !status.ok()) return status;
  int64_t end_ms = edit.end_ms.value_or(draft.duration_ms());
  if (auto status = FitRange(draft, edit.start_ms, end_ms, language); !status.ok()) return status;
  Segment caption;
  caption.text = text;
  caption.start_ms = edit.start_ms;
  caption.duration_ms = end_ms - edit.start_ms;
  caption.position = TextPosition::kLowerThird;
  Track* track = draft.FindTrack(TrackRole::kCaptions);
  if (track != nullptr && track->segments.size() >= kMaxCaptions) {
    return Error(absl::StatusCode::kInvalidArgument, language,
                 absl::StrCat("The video already has ", kMaxCaptions, " captions, the most it can hold."),
                 absl::StrCat("视频已有 ", kMaxCaptions, " 条字幕，已达上限。"));
  }
  if (track == nullptr) {
    InsertTrack(draft, Track{TrackRole::kCaptions, {caption}});
  } else {
    auto at = std::upper_bound(track->segments.begin(), track->segments.end(), caption,
                               [](const Segment& a, const Segment& b) { return a.start_ms < b.start_ms; });
    track->segments.insert(at, caption);
  }
  const std::string range = RangeText(edit.start_ms, end_ms);
  return EditResult{std::move(draft), InLanguage(language, absl::StrCat("Added the caption \"", text, "\" (", range, ")."),
                                                 absl::StrCat("已添加字幕“", text, "”（", range, "）。"))};
}

absl::StatusOr<EditResult> ApplyRemoveCaption(Draft draft, const RemoveCaptionEdit& edit, ReplyLanguage language) {
  Track* track = draft.FindTrack(TrackRole::kCaptions);
  size_t removed = 0;
  if (track != nullptr) {
    auto matches = [&](const Segment& segment) {
      if (edit.text.has_value() && absl::AsciiStrToLower(segment.text) != absl::AsciiStrToLower(*edit.text)) {
        return false;
      }
      if (edit.at_ms.has_value() && (*edit.at_ms < segment.start_ms || *edit.at_ms >= segment.end_ms())) return false;
      return true;
    };
    const size_t before = track->segments.size();
    track->segments.erase(std::remove_if(track->segments.begin(), track->segments.end(), matches),
                          track->segments.end());
    removed = before - track->segments.size();
    if (track->segments.empty()) RemoveTrack(draft, TrackRole::kCaptions);
  }
  if (removed == 0) {
    return EditResult{std::move(draft), InLanguage(language, "No caption matched; nothing was removed.",
                                                   "没有匹配的字幕，未删除任何内容。"),
                      false};
  }
  return EditResult{std::move(draft),
                    InLanguage(language, absl::StrCat("Removed ", removed, removed == 1 ? " caption." : " captions."),
                               absl::StrCat("已删除 ", removed, " 条字幕。"))};
}

absl::StatusOr<EditResult> ApplyTrim(Draft draft, const TrimEdit& edit, ReplyLanguage language) {
  const int64_t track_ms = draft.music.duration_ms;
  int64_t end_ms = edit.end_ms.value_or(track_ms);
  if (edit.start_ms < 0) {
    return Error(absl::StatusCode::kInvalidArgument, language, "A trim cannot start before 0:00.",
                 "剪辑不能早于 0:00 开始。");
  }
  if (edit.start_ms >= track_ms || end_ms > track_ms + kEndToleranceMs) {
    return Error(absl::StatusCode::kOutOfRange, language,
                 absl::StrCat("The track is only ", ClockText(track_ms), " long, so ", ClockText(edit.start_ms), "-",
                              ClockText(end_ms), " goes past its end."),
                 absl::StrCat("这首曲子只有 ", ClockText(track_ms), "，", ClockText(edit.start_ms), "-",
                              ClockText(end_ms), " 超出了结尾。"));
  }
  end_ms = std::min(end_ms, track_ms);
  if (end_ms - edit.start_ms < kMinDurationMs) {
    return Error(absl::StatusCode::kInvalidArgument, language,
                 absl::StrCat("A trim must leave at least ", SecondsText(kMinDurationMs), "s of music."),
                 absl::StrCat("剪辑后至少要保留 ", SecondsText(kMinDurationMs), " 秒。"));
  }
  const int64_t shift_ms = draft.trim_start_ms() - edit.start_ms;
  const int64_t video_ms = end_ms - edit.start_ms;
  if (edit.start_ms == draft.trim_start_ms() && end_ms == draft.trim_end_ms()) {
    return EditResult{std::move(draft), InLanguage(language, "The video already plays that part of the track.",
                                                   "视频已经是这一段了。"),
                      false};
  }
  size_t dropped = 0;
  for (Track& track : draft.tracks) {
    switch (track.role) {
      case TrackRole::kMusic:
        track.segments.front().source_in_ms = edit.start_ms;
        track.segments.front().duration_ms = video_ms;
        ClipFades(track.segments.front());
        break;
      case TrackRole::kBackgroundMusic:
        track.segments.front().duration_ms = video_ms;
        ClipFades(track.segments.front());
        break;
      case TrackRole::kTitle: {
        // The title belongs to the video's start, not to a place in the song.
        Segment& title = track.segments.front();
        if (title.start_ms >= video_ms) title.start_ms = 0;
        title.duration_ms = std::min(title.duration_ms, video_ms - title.start_ms);
        break;
      }
      case TrackRole::kVisuals:
      case TrackRole::kCaptions: {
        // Captions stay on their words; visuals follow the music and then
        // stretch so they still cover the whole video.
        std::vector<Segment> kept;
        for (Segment segment : track.segments) {
          if (ShiftAndClip(segment, shift_ms, video_ms)) kept.push_back(segment);
        }
        if (track.role == TrackRole::kCaptions) {
          dropped = track.segments.size() - kept.size();
        } else {
          if (kept.empty()) kept.push_back(track.segments.front());
          kept.front().duration_ms += kept.front().start_ms;
          kept.front().start_ms = 0;
          kept.back().duration_ms = video_ms - kept.back().start_ms;
          ClipFades(kept.back());
        }
        track.segments = std::move(kept);
        break;
      }
    }
  }
  if (const Track* captions = draft.FindTrack(TrackRole::kCaptions); captions != nullptr && captions->segments.empty()) {
    RemoveTrack(draft, TrackRole::kCaptions);
  }
  std::string change;
  if (edit.start_ms == 0 && end_ms == track_ms) {
    change = InLanguage(language, absl::StrCat("The video now plays the whole track (", ClockText(track_ms), ")."),
                        absl::StrCat("视频现在播放整首曲子（", ClockText(track_ms), "）。"));
  } else {
    change = InLanguage(language,
                        absl::StrCat("The video now plays ", ClockText(edit.start_ms), "-", ClockText(end_ms),
                                     " of the track (", SecondsText(video_ms), "s)."),
                        absl::StrCat("视频现在只播放曲子的 ", ClockText(edit.start_ms), "-", ClockText(end_ms), "（",
                                     SecondsText(video_ms), " 秒）。"));
  }
  if (dropped > 0) {
    absl::StrAppend(&change, InLanguage(language, absl::StrCat(" ", dropped, " caption(s) outside it were removed."),
                                        absl::StrCat("超出范围的 ", dropped, " 条字幕已删除。")));
  }
  return EditResult{std::move(draft), std::move(change)};
}

absl::StatusOr<EditResult> ApplyFade(Draft draft, const FadeEdit& edit, ReplyLanguage language) {
  Track* visuals = draft.FindTrack(TrackRole::kVisuals);
  Track* music = draft.FindTrack(TrackRole::kMusic);
  const int64_t fade_in_ms = edit.fade_in_ms.value_or(music->segments.front().fade_in_ms);
  const int64_t fade_out_ms = edit.fade_out_ms.value_or(music->segments.front().fade_out_ms);
  if (fade_in_ms < 0 || fade_out_ms < 0) {
    return Error(absl::StatusCode::kInvalidArgument, language, "A fade cannot be negative.", "淡入淡出不能为负数。");
  }
  const int64_t video_ms = draft.duration_ms();
  if (fade_in_ms + fade_out_ms > video_ms || fade_in_ms > visuals->segments.front().duration_ms ||
      fade_out_ms > visuals->segments.back().duration_ms) {
    return Error(absl::StatusCode::kOutOfRange, language,
                 absl::StrCat("Fades of ", SecondsText(fade_in_ms), "s in and ", SecondsText(fade_out_ms),
                              "s out do not fit in a ", SecondsText(video_ms), "s video."),
                 absl::StrCat("淡入 ", SecondsText(fade_in_ms), " 秒、淡出 ", SecondsText(fade_out_ms), " 秒超过了 ",
                              SecondsText(video_ms), " 秒的视频长度。"));
  }
  visuals->segments.front().fade_in_ms = fade_in_ms;
  visuals->segments.back().fade_out_ms = fade_out_ms;
  music->segments.front().fade_in_ms = fade_in_ms;
  music->segments.front().fade_out_ms = fade_out_ms;
  auto part = [&](int64_t ms, absl::string_view en, absl::string_view zh) {
    if (ms == 0) return InLanguage(language, absl::StrCat("no ", en), absl::StrCat("无", zh));
    return InLanguage(language, absl::StrCat(en, " ", SecondsText(ms), "s"), absl::StrCat(zh, " ", SecondsText(ms), " 秒"));
  };
  std::string change = InLanguage(language, "Fades: ", "淡入淡出：");
  absl::StrAppend(&change, part(fade_in_ms, "fade in", "淡入"), InLanguage(language, ", ", "，"),
                  part(fade_out_ms, "fade out", "淡出"), InLanguage(language, ".", "。"));
  return EditResult{std::move(draft), std::move(change)};
}

}  // namespace beatframe::draft_edit_internal
