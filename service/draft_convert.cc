#include "service/draft_convert.h"

#include "absl/strings/str_cat.h"
#include "engine/timeline/draft_json.h"
#include "engine/timeline/draft_summary.h"

namespace beatframe::service {
namespace {

absl::Status FalseFlag(absl::string_view name) {
  return absl::InvalidArgumentError(absl::StrCat("DraftOperation.", name, " must be true when set"));
}

}  // namespace

v1::Draft DraftToProto(const std::string& session_id, const std::string& asset_id, const DraftHistory& history,
                       int64_t updated_unix_ms) {
  const Revision& current = history.current();
  v1::Draft out;
  out.set_session_id(session_id);
  out.set_asset_id(asset_id);
  out.set_revision(current.number);
  out.set_description(current.description);
  out.set_summary(SummarizeDraft(current.draft));
  out.set_settings(DescribeSettings(current.draft, ReplyLanguage::kEnglish));
  out.set_draft_json(DraftToJson(current.draft, /*pretty=*/false));
  out.set_can_undo(current.parent != 0);
  out.set_duration_s(static_cast<double>(current.draft.duration_ms()) / 1000.0);
  out.set_updated_unix_ms(updated_unix_ms);
  return out;
}

absl::StatusOr<DraftEdit> OperationToEdit(const v1::DraftOperation& op) {
  switch (op.op_case()) {
    case v1::DraftOperation::kSetAspect:
      return SetAspectEdit{op.set_aspect()};
    case v1::DraftOperation::kSetResolution:
      return SetResolutionEdit{op.set_resolution()};
    case v1::DraftOperation::kSetStyle:
      return SetStyleEdit{op.set_style()};
    case v1::DraftOperation::kSetPalette:
      return SetPaletteEdit{op.set_palette()};
    case v1::DraftOperation::kSetTitle: {
      const v1::TitleOperation& title = op.set_title();
      SetTitleEdit edit;
      if (title.has_text()) edit.text = title.text();
      if (title.has_start_ms()) edit.start_ms = title.start_ms();
      if (title.has_end_ms()) edit.end_ms = title.end_ms();
      return edit;
    }
    case v1::DraftOperation::kRemoveTitle:
      if (!op.remove_title()) return FalseFlag("remove_title");
      return RemoveTitleEdit{};
    case v1::DraftOperation::kAddCaption: {
      AddCaptionEdit edit{op.add_caption().text(), op.add_caption().start_ms()};
      if (op.add_caption().has_end_ms()) edit.end_ms = op.add_caption().end_ms();
      return edit;
    }
    case v1::DraftOperation::kRemoveCaption: {
      RemoveCaptionEdit edit;
      if (op.remove_caption().has_text()) edit.text = op.remove_caption().text();
      if (op.remove_caption().has_at_ms()) edit.at_ms = op.remove_caption().at_ms();
      return edit;
    }
    case v1::DraftOperation::kTrim: {
      TrimEdit edit{op.trim().start_ms()};
      if (op.trim().has_end_ms()) edit.end_ms = op.trim().end_ms();
      return edit;
    }
    case v1::DraftOperation::kFade: {
      FadeEdit edit;
      if (op.fade().has_fade_in_ms()) edit.fade_in_ms = op.fade().fade_in_ms();
      if (op.fade().has_fade_out_ms()) edit.fade_out_ms = op.fade().fade_out_ms();
      return edit;
    }
    case v1::DraftOperation::kAddBackgroundMusic: {
      AddBackgroundMusicEdit edit;
      edit.asset_id = op.add_background_music().asset_id();
      if (op.add_background_music().volume_percent() != 0) {
        edit.volume_percent = op.add_background_music().volume_percent();
      }
      return edit;
    }
    case v1::DraftOperation::kRemoveBackgroundMusic:
      if (!op.remove_background_music()) return FalseFlag("remove_background_music");
      return RemoveBackgroundMusicEdit{};
    case v1::DraftOperation::kSetVolume:
      return SetVolumeEdit{op.set_volume().background(), op.set_volume().volume_percent(),
                           op.set_volume().relative()};
    case v1::DraftOperation::kSetCutRate: {
      absl::StatusOr<CutRate> rate = ParseCutRate(op.set_cut_rate());
      if (!rate.ok()) return rate.status();
      return SetCutRateEdit{*rate};
    }
    case v1::DraftOperation::kSetIntensity:
      return SetIntensityEdit{op.set_intensity().level(), op.set_intensity().relative()};
    case v1::DraftOperation::kUndo:
      if (!op.undo()) return FalseFlag("undo");
      return UndoEdit{};
    case v1::DraftOperation::OP_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("a DraftOperation has no operation set");
}

const char* LanguageCode(ReplyLanguage language) { return language == ReplyLanguage::kChinese ? "zh" : "en"; }

}  // namespace beatframe::service
