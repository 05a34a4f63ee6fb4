// ApplyEdit's dispatch and the edits of draft-wide settings, looks and audio.
// Title, captions, trim and fades live in draft_edit_timing.cc.
#include "engine/timeline/draft_edit.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/timeline/draft_edit_internal.h"
#include "engine/timeline/draft_render.h"
#include "engine/timeline/draft_summary.h"

namespace beatframe {
namespace {

using draft_edit_internal::Error;

struct ChineseName {
  const char* name;
  const char* chinese;
};
constexpr ChineseName kChineseNames[] = {
    {"pulse", "脉冲"},      {"bars", "频谱条"}, {"waveform", "波形"}, {"particles", "粒子"}, {"tunnel", "隧道"},
    {"gradient", "渐变"},   {"neon", "霓虹"},   {"pastel", "粉彩"},   {"dark", "暗色"},      {"warm", "暖色"},
    {"mono", "黑白"},       {"cover", "封面色"},
};

// "particles" or "粒子（particles）".
std::string DisplayName(const std::string& name, ReplyLanguage language) {
  if (language == ReplyLanguage::kChinese) {
    for (const ChineseName& entry : kChineseNames) {
      if (name == entry.name) return absl::StrCat(entry.chinese, "（", name, "）");
    }
  }
  return name;
}

EditResult Unchanged(Draft draft, std::string sentence) { return EditResult{std::move(draft), std::move(sentence), false}; }

absl::StatusOr<EditResult> ApplyAspect(Draft draft, const SetAspectEdit& edit, ReplyLanguage language) {
  const std::string& aspect = edit.aspect;
  if (!IsSupportedAspect(aspect)) {
    // Near-vertical and near-square requests: say which supported one is closest.
    std::string closest = "1:1 (square)";
    std::string closest_zh = "1:1（方形）";
    if (aspect == "4:3") {
      closest = "16:9 (landscape)";
      closest_zh = "16:9（横屏）";
    }
    return Error(absl::StatusCode::kInvalidArgument, language,
                 absl::StrCat(aspect, " is not supported: beatframe makes 16:9, 9:16 or 1:1. The closest to ", aspect,
                              " is ", closest, "; ask for it by name to use it."),
                 absl::StrCat("不支持 ", aspect, "：可选 16:9、9:16 或 1:1。最接近 ", aspect, " 的是 ", closest_zh,
                              "，需要的话请直接说。"));
  }
  int width = 0, height = 0;
  FrameSize(aspect, draft.settings.resolution, &width, &height);
  const char* shape = aspect == "9:16" ? "vertical" : aspect == "1:1" ? "square" : "landscape";
  const char* shape_zh = aspect == "9:16" ? "竖屏" : aspect == "1:1" ? "方形" : "横屏";
  if (draft.settings.aspect == aspect) {
    return Unchanged(std::move(draft), InLanguage(language, absl::StrCat("It is already ", aspect, " (", shape, ")."),
                                                  absl::StrCat("已经是 ", aspect, "（", shape_zh, "）了。")));
  }
  draft.settings.aspect = aspect;
  return EditResult{std::move(draft),
                    InLanguage(language, absl::StrCat("Aspect is now ", aspect, " (", shape, ", ", width, "x", height, ")."),
                               absl::StrCat("画面比例已改为 ", aspect, "（", shape_zh, "，", width, "x", height, "）。"))};
}

absl::StatusOr<EditResult> ApplyResolution(Draft draft, const SetResolutionEdit& edit, ReplyLanguage language) {
  if (edit.resolution != 720 && edit.resolution != 1080) {
    return Error(absl::StatusCode::kInvalidArgument, language,
                 absl::StrCat(edit.resolution, "p is not supported: choose 720p or 1080p."),
                 absl::StrCat("不支持 ", edit.resolution, "p：可选 720p 或 1080p。"));
  }
  if (draft.settings.resolution == edit.resolution) {
    return Unchanged(std::move(draft), InLanguage(language, absl::StrCat("It is already ", edit.resolution, "p."),
                                                  absl::StrCat("已经是 ", edit.resolution, "p 了。")));
  }
  draft.settings.resolution = edit.resolution;
  int width = 0, height = 0;
  FrameSize(draft.settings.aspect, edit.resolution, &width, &height);
  return EditResult{std::move(draft),
                    InLanguage(language, absl::StrCat("Resolution is now ", edit.resolution, "p (", width, "x", height, ")."),
                               absl::StrCat("分辨率已改为 ", edit.resolution, "p（", width, "x", height, "）。"))};
}

// Style or palette of every visuals segment.
absl::StatusOr<EditResult> ApplyLook(Draft draft, const std::string& value, bool is_style, ReplyLanguage language) {
  const bool known = is_style ? IsSupportedStyle(value) : IsSupportedPalette(value);
  const std::vector<std::string>& choices = is_style ? SupportedStyles() : SupportedPalettes();
  const char* what = is_style ? "style" : "palette";
  const char* what_zh = is_style ? "风格" : "配色";
  if (!known) {
    return Error(absl::StatusCode::kInvalidArgument, language,
                 absl::StrCat("There is no ", what, " '", value, "'; choose one of ", absl::StrJoin(choices, ", "), "."),
                 absl::StrCat("没有“", value, "”这种", what_zh, "；可选：", absl::StrJoin(choices, "、"), "。"));
  }
  Track* visuals = draft.FindTrack(TrackRole::kVisuals);
  bool changed = false;
  for (Segment& segment : visuals->segments) {
    std::string& field = is_style ? segment.style : segment.palette;
    changed |= field != value;
    field = value;
  }
  const std::string shown = DisplayName(value, language);
  if (!changed) {
    return Unchanged(std::move(draft), InLanguage(language, absl::StrCat("The ", what, " is already ", shown, "."),
                                                  absl::StrCat(what_zh, "已经是", shown, "了。")));
  }
  return EditResult{std::move(draft), InLanguage(language, absl::StrCat(is_style ? "Style" : "Palette", " is now ", shown, "."),
                                                 absl::StrCat(what_zh, "已改为", shown, "。"))};
}

absl::StatusOr<EditResult> ApplyAddBackground(Draft draft, const AddBackgroundMusicEdit& edit, ReplyLanguage language) {
  if (edit.asset_id.empty()) {
    return Error(absl::StatusCode::kFailedPrecondition, language,
                 "Background music needs a second track: upload one first, then ask again.",
                 "背景音乐需要第二首曲子：请先上传，然后再说一次。");
  }
  if (edit.asset_id == draft.music.asset_id) {
    return Error(absl::StatusCode::kInvalidArgument, language,
                 "That track is already the music; background music must be a different upload.",
                 "这首已经是主音乐了；背景音乐需要另一首上传的曲子。");
  }
  if (edit.volume_percent < 0 || edit.volume_percent > kMaxVolumePercent) {
    return Error(absl::StatusCode::kInvalidArgument, language,
                 absl::StrCat("A volume must be 0-", kMaxVolumePercent, "%."),
                 absl::StrCat("音量必须在 0-", kMaxVolumePercent, "% 之间。"));
  }
  Segment segment;
  segment.asset_id = edit.asset_id;
  segment.name = edit.name;
  segment.duration_ms = draft.duration_ms();
  segment.volume_percent = edit.volume_percent;
  Track* existing = draft.FindTrack(TrackRole::kBackgroundMusic);
  const bool replaced = existing != nullptr;
  if (replaced) {
    existing->segments = {segment};
  } else {
    auto at = std::find_if(draft.tracks.begin(), draft.tracks.end(),
                           [](const Track& track) { return track.role > TrackRole::kBackgroundMusic; });
    draft.tracks.insert(at, Track{TrackRole::kBackgroundMusic, {segment}});
  }
  const std::string name = edit.name.empty() ? edit.asset_id : edit.name;
  return EditResult{
      std::move(draft),
      InLanguage(language,
                 absl::StrCat(replaced ? "Replaced the background music with \"" : "Added background music \"", name,
                              "\" at ", edit.volume_percent, "%."),
                 absl::StrCat(replaced ? "背景音乐已换成“" : "已添加背景音乐“", name, "”，音量 ", edit.volume_percent, "%。"))};
}

absl::StatusOr<EditResult> ApplyRemoveBackground(Draft draft, ReplyLanguage language) {
  const size_t before = draft.tracks.size();
  draft.tracks.erase(std::remove_if(draft.tracks.begin(), draft.tracks.end(),
                                    [](const Track& track) { return track.role == TrackRole::kBackgroundMusic; }),
                     draft.tracks.end());
  if (draft.tracks.size() == before) {
    return Unchanged(std::move(draft), InLanguage(language, "There is no background music.", "没有背景音乐。"));
  }
  return EditResult{std::move(draft), InLanguage(language, "Removed the background music.", "已删除背景音乐。")};
}

absl::StatusOr<EditResult> ApplyVolume(Draft draft, const SetVolumeEdit& edit, ReplyLanguage language) {
  Track* track = draft.FindTrack(edit.background ? TrackRole::kBackgroundMusic : TrackRole::kMusic);
  if (track == nullptr) {
    return Error(absl::StatusCode::kFailedPrecondition, language,
                 "There is no background music yet: upload a second track and add it first.",
                 "还没有背景音乐：请先上传第二首曲子并添加。");
  }
  int& volume = track->segments.front().volume_percent;
  const int wanted = edit.relative ? volume + edit.volume_percent : edit.volume_percent;
  if (!edit.relative && (wanted < 0 || wanted > kMaxVolumePercent)) {
    return Error(absl::StatusCode::kInvalidArgument, language,
                 absl::StrCat("A volume must be 0-", kMaxVolumePercent, "%."),
                 absl::StrCat("音量必须在 0-", kMaxVolumePercent, "% 之间。"));
  }
  const int clamped = std::clamp(wanted, 0, kMaxVolumePercent);
  const char* what = edit.background ? "Background music" : "Music";
  const char* what_zh = edit.background ? "背景音乐" : "音乐";
  if (clamped == volume) {
    return Unchanged(std::move(draft), InLanguage(language, absl::StrCat(what, " volume is already ", volume, "%."),
                                                  absl::StrCat(what_zh, "音量已经是 ", volume, "% 了。")));
  }
  volume = clamped;
  return EditResult{std::move(draft), InLanguage(language, absl::StrCat(what, " volume is now ", clamped, "%."),
                                                 absl::StrCat(what_zh, "音量已改为 ", clamped, "%。"))};
}

std::string CutRateSentence(CutRate rate, ReplyLanguage language) {
  switch (rate) {
    case CutRate::kBeat:
      return InLanguage(language, "on every beat", "每一拍");
    case CutRate::kBar:
      return InLanguage(language, "on every bar", "每一小节");
    case CutRate::kTwoBars:
      return InLanguage(language, "every 2 bars", "每两小节");
    case CutRate::kSection:
      return InLanguage(language, "at each section change", "每个段落");
    case CutRate::kAuto:
      break;
  }
  return InLanguage(language, "as the music suggests (auto)", "随音乐自动");
}

absl::StatusOr<EditResult> ApplyCutRate(Draft draft, const SetCutRateEdit& edit, ReplyLanguage language) {
  const std::string when = CutRateSentence(edit.cut_rate, language);
  if (draft.settings.cut_rate == edit.cut_rate) {
    return Unchanged(std::move(draft), InLanguage(language, absl::StrCat("The visuals already change ", when, "."),
                                                  absl::StrCat("画面已经是", when, "切换了。")));
  }
  draft.settings.cut_rate = edit.cut_rate;
  return EditResult{std::move(draft), InLanguage(language, absl::StrCat("The visuals now change ", when, "."),
                                                 absl::StrCat("画面现在", when, "切换。"))};
}

absl::StatusOr<EditResult> ApplyIntensity(Draft draft, const SetIntensityEdit& edit, ReplyLanguage language) {
  const int current = draft.settings.intensity;
  const int wanted = edit.relative ? current + edit.level : edit.level;
  if (!edit.relative && (wanted < kMinIntensity || wanted > kMaxIntensity)) {
    return Error(absl::StatusCode::kInvalidArgument, language,
                 absl::StrCat("Intensity goes from ", kMinIntensity, " (calmest) to ", kMaxIntensity,
                              " (most energetic)."),
                 absl::StrCat("强度范围是 ", kMinIntensity, "（最平静）到 ", kMaxIntensity, "（最有活力）。"));
  }
  const int level = std::clamp(wanted, kMinIntensity, kMaxIntensity);
  const std::string shown = absl::StrCat(level > 0 ? "+" : "", level);
  if (level == current) {
    const bool calm_end = wanted < kMinIntensity, lively_end = wanted > kMaxIntensity;
    return Unchanged(std::move(draft),
                     calm_end     ? InLanguage(language, absl::StrCat("It is already as calm as it goes (", shown, ")."),
                                               absl::StrCat("已经是最平静的了（", shown, "）。"))
                     : lively_end ? InLanguage(language, absl::StrCat("It is already as energetic as it goes (", shown, ")."),
                                               absl::StrCat("已经是最有活力的了（", shown, "）。"))
                                  : InLanguage(language, absl::StrCat("Intensity is already ", shown, "."),
                                               absl::StrCat("强度已经是 ", shown, " 了。")));
  }
  draft.settings.intensity = level;
  const bool calmer = level < current;
  return EditResult{std::move(draft),
                    InLanguage(language, absl::StrCat(calmer ? "Calmer" : "More energetic", ": intensity is now ", shown,
                                                      " (from ", kMinIntensity, " to +", kMaxIntensity, ")."),
                               absl::StrCat(calmer ? "更平静了" : "更有活力了", "：强度现在是 ", shown, "（", kMinIntensity,
                                            " 到 +", kMaxIntensity, "）。"))};
}

std::string OptionalMs(const std::optional<int64_t>& ms) { return ms.has_value() ? absl::StrCat(*ms) : "-"; }
std::string OptionalText(const std::optional<std::string>& text) {
  return text.has_value() ? absl::StrCat("'", *text, "'") : "-";
}

}  // namespace

absl::StatusOr<EditResult> ApplyEdit(const Draft& draft, const DraftEdit& edit, ReplyLanguage language) {
  using namespace draft_edit_internal;  // NOLINT: the appliers
  auto apply = [&](const auto& e) -> absl::StatusOr<EditResult> {
    using E = std::decay_t<decltype(e)>;
    if constexpr (std::is_same_v<E, SetAspectEdit>) return ApplyAspect(draft, e, language);
    if constexpr (std::is_same_v<E, SetResolutionEdit>) return ApplyResolution(draft, e, language);
    if constexpr (std::is_same_v<E, SetStyleEdit>) return ApplyLook(draft, e.style, true, language);
    if constexpr (std::is_same_v<E, SetPaletteEdit>) return ApplyLook(draft, e.palette, false, language);
    if constexpr (std::is_same_v<E, SetTitleEdit>) return ApplyTitle(draft, e, language);
    if constexpr (std::is_same_v<E, RemoveTitleEdit>) return ApplyRemoveTitle(draft, language);
    if constexpr (std::is_same_v<E, AddCaptionEdit>) return ApplyAddCaption(draft, e, language);
    if constexpr (std::is_same_v<E, RemoveCaptionEdit>) return ApplyRemoveCaption(draft, e, language);
    if constexpr (std::is_same_v<E, TrimEdit>) return ApplyTrim(draft, e, language);
    if constexpr (std::is_same_v<E, FadeEdit>) return ApplyFade(draft, e, language);
    if constexpr (std::is_same_v<E, AddBackgroundMusicEdit>) return ApplyAddBackground(draft, e, language);
    if constexpr (std::is_same_v<E, RemoveBackgroundMusicEdit>) return ApplyRemoveBackground(draft, language);
    if constexpr (std::is_same_v<E, SetVolumeEdit>) return ApplyVolume(draft, e, language);
    if constexpr (std::is_same_v<E, SetCutRateEdit>) return ApplyCutRate(draft, e, language);
    if constexpr (std::is_same_v<E, SetIntensityEdit>) return ApplyIntensity(draft, e, language);
    if constexpr (std::is_same_v<E, UndoEdit>) {
      return Error(absl::StatusCode::kFailedPrecondition, language, "Undo needs the draft's history (DraftHistory::Undo).",
                   "撤销需要草稿的历史记录（DraftHistory::Undo）。");
    }
  };
  absl::StatusOr<EditResult> result = std::visit(apply, edit);
  if (!result.ok()) return result;
  // Every applier keeps the invariants; this guards against one that does not.
  if (absl::Status valid = ValidateDraft(result->draft); !valid.ok()) {
    return absl::InternalError(absl::StrCat("edit ", DebugString(edit), " broke the draft: ", valid.message()));
  }
  return result;
}

std::string DebugString(const DraftEdit& edit) {
  auto describe = [](const auto& e) -> std::string {
    using E = std::decay_t<decltype(e)>;
    if constexpr (std::is_same_v<E, SetAspectEdit>) return absl::StrCat("SetAspect{", e.aspect, "}");
    if constexpr (std::is_same_v<E, SetResolutionEdit>) return absl::StrCat("SetResolution{", e.resolution, "}");
    if constexpr (std::is_same_v<E, SetStyleEdit>) return absl::StrCat("SetStyle{", e.style, "}");
    if constexpr (std::is_same_v<E, SetPaletteEdit>) return absl::StrCat("SetPalette{", e.palette, "}");
    if constexpr (std::is_same_v<E, SetTitleEdit>) {
      return absl::StrCat("SetTitle{text=", OptionalText(e.text), ", ", OptionalMs(e.start_ms), "-", OptionalMs(e.end_ms),
                          " ms}");
    }
    if constexpr (std::is_same_v<E, RemoveTitleEdit>) return "RemoveTitle{}";
    if constexpr (std::is_same_v<E, AddCaptionEdit>) {
      return absl::StrCat("AddCaption{'", e.text, "', ", e.start_ms, "-", OptionalMs(e.end_ms), " ms}");
    }
    if constexpr (std::is_same_v<E, RemoveCaptionEdit>) {
      return absl::StrCat("RemoveCaption{text=", OptionalText(e.text), ", at=", OptionalMs(e.at_ms), "}");
    }
    if constexpr (std::is_same_v<E, TrimEdit>) return absl::StrCat("Trim{", e.start_ms, "-", OptionalMs(e.end_ms), " ms}");
    if constexpr (std::is_same_v<E, FadeEdit>) {
      return absl::StrCat("Fade{in=", OptionalMs(e.fade_in_ms), ", out=", OptionalMs(e.fade_out_ms), "}");
    }
    if constexpr (std::is_same_v<E, AddBackgroundMusicEdit>) {
      return absl::StrCat("AddBackgroundMusic{'", e.asset_id, "', ", e.volume_percent, "%}");
    }
    if constexpr (std::is_same_v<E, RemoveBackgroundMusicEdit>) return "RemoveBackgroundMusic{}";
    if constexpr (std::is_same_v<E, SetVolumeEdit>) {
      return absl::StrCat("SetVolume{", e.background ? "background" : "music", ", ", e.relative ? "by " : "", e.volume_percent,
                          "%}");
    }
    if constexpr (std::is_same_v<E, SetCutRateEdit>) return absl::StrCat("SetCutRate{", CutRateName(e.cut_rate), "}");
    if constexpr (std::is_same_v<E, SetIntensityEdit>) {
      return absl::StrCat("SetIntensity{", e.relative ? "by " : "", e.level, "}");
    }
    if constexpr (std::is_same_v<E, UndoEdit>) return "Undo{}";
  };
  return std::visit(describe, edit);
}

}  // namespace beatframe
