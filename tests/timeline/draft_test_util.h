// Shared by the draft tests: a standard draft and parse context, and
// printing of edits for readable failures.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "engine/timeline/draft.h"
#include "engine/timeline/draft_edit.h"
#include "engine/timeline/edit_parser.h"

namespace beatframe {

// gtest prints a std::variant through its alternatives: give each one a printer.
#define BF_PRINT_EDIT(Type) \
  inline void PrintTo(const Type& edit, std::ostream* os) { *os << DebugString(DraftEdit(edit)); }
BF_PRINT_EDIT(SetAspectEdit)
BF_PRINT_EDIT(SetResolutionEdit)
BF_PRINT_EDIT(SetStyleEdit)
BF_PRINT_EDIT(SetPaletteEdit)
BF_PRINT_EDIT(SetTitleEdit)
BF_PRINT_EDIT(RemoveTitleEdit)
BF_PRINT_EDIT(AddCaptionEdit)
BF_PRINT_EDIT(RemoveCaptionEdit)
BF_PRINT_EDIT(TrimEdit)
BF_PRINT_EDIT(FadeEdit)
BF_PRINT_EDIT(AddBackgroundMusicEdit)
BF_PRINT_EDIT(RemoveBackgroundMusicEdit)
BF_PRINT_EDIT(SetVolumeEdit)
BF_PRINT_EDIT(SetCutRateEdit)
BF_PRINT_EDIT(SetIntensityEdit)
BF_PRINT_EDIT(UndoEdit)
#undef BF_PRINT_EDIT

namespace draft_testing {

// A 3-minute track "Neon City" by "Test Artist", pulse on neon, 16:9.
inline Draft MakeDraft(int64_t duration_ms = 180000) {
  NewDraftParams params;
  params.asset_id = "music-1";
  params.title = "Neon City";
  params.artist = "Test Artist";
  params.duration_ms = duration_ms;
  params.style = "pulse";
  params.palette = "neon";
  absl::StatusOr<Draft> draft = NewDraft(params);
  return draft.ok() ? *draft : Draft{};
}

// The context of MakeDraft() with sections and a second upload "Lo-fi".
inline ParseContext MakeContext() {
  ParseContext context = ContextForDraft(MakeDraft());
  context.sections = {{0.0, 15.0, "intro"},    {15.0, 45.0, "verse"},  {45.0, 75.0, "chorus"},
                      {75.0, 105.0, "verse"},  {105.0, 135.0, "chorus"}, {135.0, 180.0, "outro"}};
  context.background_asset_id = "bgm-1";
  context.background_name = "Lo-fi";
  return context;
}

}  // namespace draft_testing
}  // namespace beatframe
