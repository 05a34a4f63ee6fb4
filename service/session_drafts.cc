#include "service/session_drafts.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/audio/file_analysis.h"
#include "engine/common/status_macros.h"
#include "engine/timeline/draft_json.h"
#include "engine/timeline/message_turn.h"
#include "engine/timeline/render_plan.h"
#include "service/draft_convert.h"
#include "service/proto_convert.h"

namespace beatframe::service {
namespace {

// A track's name for people: its title tag, else its file name without extension.
std::string TrackName(const AssetRecord& track) {
  if (!track.title.empty()) return track.title;
  return std::filesystem::path(track.file_name).stem().string();
}

int64_t DurationMs(const AssetRecord& track) { return static_cast<int64_t>(track.duration_s * 1000.0); }

absl::Status NoTrackError() {
  return absl::FailedPreconditionError("the session has no audio track yet; upload one with UploadMedia first");
}

}  // namespace

bool IsAudioTrack(const AssetRecord& asset) {
  return asset.kind != kAssetKindImage && asset.kind != kAssetKindVideo && !IsLyricsFormat(asset.format);
}

absl::StatusOr<std::optional<AssetRecord>> SessionDrafts::FindTrack(const std::string& session_id,
                                                                    const std::string& asset_id) {
  if (!asset_id.empty()) {
    BF_ASSIGN_OR_RETURN(AssetRecord asset, storage_.GetAsset(session_id, asset_id));
    if (!IsAudioTrack(asset)) {
      return absl::InvalidArgumentError(absl::StrCat("asset '", asset_id, "' ('", asset.file_name,
                                                     "') is not an audio track; drafts are made from music tracks"));
    }
    return std::optional<AssetRecord>(std::move(asset));
  }
  BF_ASSIGN_OR_RETURN(const std::vector<std::string> ids, storage_.ListAssetIds(session_id));
  for (const std::string& id : ids) {
    BF_ASSIGN_OR_RETURN(AssetRecord asset, storage_.GetAsset(session_id, id));
    if (IsAudioTrack(asset)) return std::optional<AssetRecord>(std::move(asset));
  }
  return std::optional<AssetRecord>();
}

std::shared_ptr<SessionDrafts::Slot> SessionDrafts::SlotFor(const std::string& session_id,
                                                            const std::string& asset_id) {
  std::lock_guard<std::mutex> lock(mu_);
  std::shared_ptr<Slot>& slot = slots_[absl::StrCat(session_id, "/", asset_id)];
  if (slot == nullptr) slot = std::make_shared<Slot>();
  return slot;
}

absl::Status SessionDrafts::LoadLocked(Slot& slot, const std::string& session_id, const std::string& asset_id) {
  if (slot.history.has_value()) return absl::OkStatus();
  BF_ASSIGN_OR_RETURN(const std::vector<DraftRevisionRecord> rows, storage_.GetDraftRevisions(session_id, asset_id));
  if (rows.empty()) return absl::OkStatus();
  std::vector<Revision> revisions;
  for (const DraftRevisionRecord& row : rows) {
    absl::StatusOr<Draft> draft = DraftFromJson(row.draft_json);
    if (!draft.ok()) {
      return absl::InternalError(absl::StrCat("stored revision ", row.number, " of the draft of '", asset_id,
                                              "' cannot be read: ", draft.status().message()));
    }
    revisions.push_back(Revision{row.number, row.parent, *std::move(draft), row.description});
  }
  absl::StatusOr<DraftHistory> history = DraftHistory::FromRevisions(std::move(revisions));
  if (!history.ok()) {
    return absl::InternalError(absl::StrCat("the stored draft of '", asset_id, "' is damaged: ",
                                            history.status().message()));
  }
  slot.history = *std::move(history);
  slot.stored = slot.history->revisions().size();
  slot.updated_unix_ms = rows.back().created_unix_ms;
  return absl::OkStatus();
}

absl::Status SessionDrafts::EnsureLocked(Slot& slot, const AssetRecord& track) {
  BF_RETURN_IF_ERROR(LoadLocked(slot, track.session_id, track.asset_id));
  if (slot.history.has_value()) return absl::OkStatus();
  NewDraftParams params;
  params.asset_id = track.asset_id;
  params.title = TrackName(track);
  params.artist = track.artist;
  params.duration_ms = DurationMs(track);
  params.style = DefaultStyleOf(track);
  BF_ASSIGN_OR_RETURN(Draft draft, NewDraft(params));
  BF_ASSIGN_OR_RETURN(DraftHistory history,
                      DraftHistory::Create(std::move(draft), absl::StrCat("Draft made from \"", params.title, "\".")));
  slot.history = std::move(history);
  slot.stored = 0;
  return StoreLocked(slot, track.session_id, track.asset_id);
}

absl::Status SessionDrafts::StoreLocked(Slot& slot, const std::string& session_id, const std::string& asset_id) {
  const std::vector<Revision>& revisions = slot.history->revisions();
  if (slot.stored >= revisions.size()) return absl::OkStatus();
  const int64_t now = NowUnixMs();
  std::vector<DraftRevisionRecord> rows;
  for (size_t i = slot.stored; i < revisions.size(); ++i) {
    const Revision& r = revisions[i];
    rows.push_back(DraftRevisionRecord{session_id, asset_id, r.number, r.parent, r.description,
                                       DraftToJson(r.draft, /*pretty=*/false), now});
  }
  if (absl::Status status = storage_.InsertDraftRevisions(rows); !status.ok()) {
    // What is not stored did not happen: the next turn starts from Storage.
    slot.history.reset();
    slot.stored = 0;
    return status;
  }
  slot.stored = revisions.size();
  slot.updated_unix_ms = now;
  return absl::OkStatus();
}


std::vector<Section> SessionDrafts::SectionsOf(const AssetRecord& track) {
  DefaultStyleOf(track);
  std::lock_guard<std::mutex> lock(mu_);
  return facts_[track.asset_id].sections;
}

std::string SessionDrafts::DefaultStyleOf(const AssetRecord& track) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = facts_.find(track.asset_id); it != facts_.end()) return it->second.style;
  }
  // Outside the lock: analysing a long track takes a moment. Two turns on a
  // new track may both analyse it; the results are the same.
  TrackFacts facts;
  facts.style = "pulse";
  if (absl::StatusOr<Analysis> analysis = AnalyzeAudioFile(track.path); analysis.ok()) {
    facts.sections = analysis->sections;
    facts.style = StyleForMusic(*analysis);
  }
  std::lock_guard<std::mutex> lock(mu_);
  return facts_.emplace(track.asset_id, std::move(facts)).first->second.style;
}

std::optional<AssetRecord> SessionDrafts::OtherTrack(const AssetRecord& track) {
  absl::StatusOr<std::vector<std::string>> ids = storage_.ListAssetIds(track.session_id);
  if (!ids.ok()) return std::nullopt;
  for (const std::string& id : *ids) {
    if (id == track.asset_id) continue;
    absl::StatusOr<AssetRecord> asset = storage_.GetAsset(track.session_id, id);
    if (asset.ok() && IsAudioTrack(*asset)) return *std::move(asset);
  }
  return std::nullopt;
}

ParseContext SessionDrafts::ContextFor(const Slot& slot, const AssetRecord& track) {
  ParseContext context;
  if (slot.history.has_value()) {
    context = ContextForDraft(slot.history->draft());
  } else {
    context.song_duration_ms = DurationMs(track);
    context.video_duration_ms = context.song_duration_ms;
  }
  context.sections = SectionsOf(track);
  if (std::optional<AssetRecord> other = OtherTrack(track); other.has_value()) {
    context.background_asset_id = other->asset_id;
    context.background_name = TrackName(*other);
  }
  return context;
}

absl::StatusOr<TurnResult> SessionDrafts::Send(const std::string& session_id, const std::string& asset_id,
                                               const std::string& message) {
  if (message.empty()) return absl::InvalidArgumentError("the message is empty; say what you want");
  if (message.size() > kMaxMessageBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("the message is ", message.size(), " bytes; at most ", kMaxMessageBytes, " fit"));
  }
  BF_ASSIGN_OR_RETURN(const std::optional<AssetRecord> track, FindTrack(session_id, asset_id));
  TurnResult result;
  if (!track.has_value()) {
    const RoutedMessage routed = RouteMessage(message, ParseContext{});
    result.language = routed.language;
    result.intent = routed.intent;
    result.reply = RunTurn(routed, nullptr).reply;
    if (result.reply.empty() && routed.intent != Intent::kCredits) {
      result.reply = InLanguage(routed.language, "Upload a music track first, then tell me what you want.",
                                "请先上传一首曲子，然后告诉我你想要什么。");
    }
    return result;
  }
  result.asset_id = track->asset_id;
  result.track = *track;
  std::shared_ptr<Slot> slot = SlotFor(session_id, track->asset_id);
  std::lock_guard<std::mutex> lock(slot->mu);
  BF_RETURN_IF_ERROR(LoadLocked(*slot, session_id, track->asset_id));
  // Routed against the draft as it is: without one, a first request renders.
  const RoutedMessage routed = RouteMessage(message, ContextFor(*slot, *track));
  result.language = routed.language;
  result.intent = routed.intent;
  if (routed.intent == Intent::kCredits || routed.intent == Intent::kHelp) {
    result.reply = RunTurn(routed, slot->history.has_value() ? &*slot->history : nullptr).reply;
    return result;
  }
  const size_t before = slot->history.has_value() ? slot->history->revisions().size() : 0;
  BF_RETURN_IF_ERROR(EnsureLocked(*slot, *track));
  const TurnOutcome outcome = RunTurn(routed, &*slot->history);
  BF_RETURN_IF_ERROR(StoreLocked(*slot, session_id, track->asset_id));
  result.reply = outcome.reply;
  if (slot->history->revisions().size() > before) {
    result.draft = DraftToProto(session_id, track->asset_id, *slot->history, slot->updated_unix_ms);
  }
  if (outcome.render) {
    BF_ASSIGN_OR_RETURN(result.render, RenderSettingsForDraft(slot->history->draft()));
  }
  return result;
}

absl::StatusOr<EditOutcome> SessionDrafts::Edit(const std::string& session_id, const std::string& asset_id,
                                                const std::vector<DraftEdit>& edits) {
  if (edits.empty()) return absl::InvalidArgumentError("Edit needs at least one operation");
  const bool undo = std::holds_alternative<UndoEdit>(edits.front());
  for (const DraftEdit& edit : edits) {
    if (std::holds_alternative<UndoEdit>(edit) && edits.size() > 1) {
      return absl::InvalidArgumentError("undo must be the only operation of an Edit");
    }
  }
  BF_ASSIGN_OR_RETURN(const std::optional<AssetRecord> track, FindTrack(session_id, asset_id));
  if (!track.has_value()) return NoTrackError();
  BF_ASSIGN_OR_RETURN(const std::vector<DraftEdit> checked, CheckBackgroundMusic(*track, edits));
  std::shared_ptr<Slot> slot = SlotFor(session_id, track->asset_id);
  std::lock_guard<std::mutex> lock(slot->mu);
  BF_RETURN_IF_ERROR(EnsureLocked(*slot, *track));
  EditOutcome outcome;
  if (undo) {
    BF_ASSIGN_OR_RETURN(std::string sentence, slot->history->Undo());
    outcome.changes.push_back(std::move(sentence));
  } else {
    // All or nothing: apply to a copy, commit once every edit has applied.
    Draft draft = slot->history->draft();
    bool changed = false;
    for (const DraftEdit& edit : checked) {
      BF_ASSIGN_OR_RETURN(EditResult applied, ApplyEdit(draft, edit));
      draft = std::move(applied.draft);
      changed = changed || applied.changed;
      outcome.changes.push_back(std::move(applied.change));
    }
    if (changed) BF_RETURN_IF_ERROR(slot->history->Commit(std::move(draft), absl::StrJoin(outcome.changes, " ")).status());
  }
  BF_RETURN_IF_ERROR(StoreLocked(*slot, session_id, track->asset_id));
  outcome.draft = DraftToProto(session_id, track->asset_id, *slot->history, slot->updated_unix_ms);
  return outcome;
}

absl::StatusOr<std::vector<DraftEdit>> SessionDrafts::CheckBackgroundMusic(const AssetRecord& track,
                                                                            std::vector<DraftEdit> edits) {
  for (DraftEdit& edit : edits) {
    auto* background = std::get_if<AddBackgroundMusicEdit>(&edit);
    // An empty id is ApplyEdit's FAILED_PRECONDITION ("no second track").
    if (background == nullptr || background->asset_id.empty()) continue;
    BF_ASSIGN_OR_RETURN(const AssetRecord asset, storage_.GetAsset(track.session_id, background->asset_id));
    if (!IsAudioTrack(asset) || asset.asset_id == track.asset_id) {
      return absl::InvalidArgumentError(absl::StrCat("background music '", asset.asset_id, "' ('", asset.file_name,
                                                     "') must be another audio track of the session"));
    }
    background->name = TrackName(asset);
  }
  return edits;
}

absl::StatusOr<v1::Draft> SessionDrafts::Get(const std::string& session_id, const std::string& asset_id) {
  BF_ASSIGN_OR_RETURN(const std::optional<AssetRecord> track, FindTrack(session_id, asset_id));
  if (!track.has_value()) return absl::NotFoundError("the session has no audio track, so no draft");
  std::shared_ptr<Slot> slot = SlotFor(session_id, track->asset_id);
  std::lock_guard<std::mutex> lock(slot->mu);
  BF_RETURN_IF_ERROR(LoadLocked(*slot, session_id, track->asset_id));
  if (!slot->history.has_value()) {
    return absl::NotFoundError(absl::StrCat("track '", track->asset_id,
                                            "' has no draft yet; send a message or an Edit to make one"));
  }
  return DraftToProto(session_id, track->asset_id, *slot->history, slot->updated_unix_ms);
}

absl::StatusOr<std::vector<v1::Draft>> SessionDrafts::List(const std::string& session_id) {
  BF_ASSIGN_OR_RETURN(const std::vector<DraftRecord> rows, storage_.ListDrafts(session_id));
  std::vector<v1::Draft> drafts;
  for (const DraftRecord& row : rows) {
    std::shared_ptr<Slot> slot = SlotFor(session_id, row.asset_id);
    std::lock_guard<std::mutex> lock(slot->mu);
    BF_RETURN_IF_ERROR(LoadLocked(*slot, session_id, row.asset_id));
    if (slot->history.has_value()) {
      drafts.push_back(DraftToProto(session_id, row.asset_id, *slot->history, slot->updated_unix_ms));
    }
  }
  return drafts;
}

absl::StatusOr<DraftToRender> SessionDrafts::ForRender(const std::string& session_id, const std::string& asset_id) {
  BF_ASSIGN_OR_RETURN(const std::optional<AssetRecord> track, FindTrack(session_id, asset_id));
  if (!track.has_value()) return NoTrackError();
  std::shared_ptr<Slot> slot = SlotFor(session_id, track->asset_id);
  std::lock_guard<std::mutex> lock(slot->mu);
  BF_RETURN_IF_ERROR(EnsureLocked(*slot, *track));
  DraftToRender out;
  out.track = *track;
  BF_ASSIGN_OR_RETURN(out.settings, RenderSettingsForDraft(slot->history->draft()));
  out.draft = DraftToProto(session_id, track->asset_id, *slot->history, slot->updated_unix_ms);
  return out;
}

}  // namespace beatframe::service
