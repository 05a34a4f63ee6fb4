// BeatframeService's draft RPCs: Send (a chat turn, send_reactor.h), Edit
// (structured operations), GetDraft, ListDrafts and RenderDraft. Turns and
// edits run on the turn pool (a track's first draft analyses the track, and a
// remote turn streams from the remote service), never holding up Analyze.
#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
#include "service/beatframe_service.h"
#include "service/draft_convert.h"
#include "service/draft_job.h"
#include "service/job_stream_reactor.h"
#include "service/send_reactor.h"
#include "service/status_mapping.h"

namespace beatframe::service {

grpc::ServerWriteReactor<v1::SendEvent>* BeatframeService::Send(grpc::CallbackServerContext* context,
                                                                const v1::SendRequest* request) {
  absl::StatusOr<std::string> owner = auth_.Authenticate(*context);
  const absl::Status session = owner.ok() ? storage_.CheckSession(request->session_id(), *owner) : owner.status();
  if (!session.ok()) return SendReactor::Fail(ToGrpcStatus(session));
  return SendReactor::Start(SendDependencies{storage_, jobs_, drafts_, turn_pool_}, *request, *owner);
}

grpc::ServerUnaryReactor* BeatframeService::Edit(grpc::CallbackServerContext* context,
                                                 const v1::EditRequest* request, v1::EditResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status = AuthorizeSession(*context, request->session_id());
  std::vector<DraftEdit> edits;
  for (int i = 0; status.ok() && i < request->operations_size(); ++i) {
    absl::StatusOr<DraftEdit> edit = OperationToEdit(request->operations(i));
    if (edit.ok()) edits.push_back(*std::move(edit));
    status = Annotate(edit.status(), absl::StrCat("operations[", i, "]"));
  }
  if (!status.ok()) {
    reactor->Finish(ToGrpcStatus(status));
    return reactor;
  }
  const bool queued = turn_pool_.Submit([this, reactor, response, edits = std::move(edits),
                                         session_id = request->session_id(), asset_id = request->asset_id()] {
    absl::StatusOr<EditOutcome> outcome = drafts_.Edit(session_id, asset_id, edits);
    if (outcome.ok()) {
      *response->mutable_draft() = std::move(outcome->draft);
      for (std::string& change : outcome->changes) response->add_changes(std::move(change));
    }
    reactor->Finish(ToGrpcStatus(outcome.status()));
  });
  if (!queued) reactor->Finish(ToGrpcStatus(absl::UnavailableError("the server is shutting down; try again later")));
  return reactor;
}

grpc::ServerUnaryReactor* BeatframeService::GetDraft(grpc::CallbackServerContext* context,
                                                     const v1::GetDraftRequest* request, v1::Draft* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status = AuthorizeSession(*context, request->session_id());
  if (status.ok()) {
    absl::StatusOr<v1::Draft> draft = drafts_.Get(request->session_id(), request->asset_id());
    if (draft.ok()) *response = *std::move(draft);
    status = draft.status();
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* BeatframeService::ListDrafts(grpc::CallbackServerContext* context,
                                                       const v1::ListDraftsRequest* request,
                                                       v1::ListDraftsResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status = AuthorizeSession(*context, request->session_id());
  if (status.ok()) {
    absl::StatusOr<std::vector<v1::Draft>> drafts = drafts_.List(request->session_id());
    if (drafts.ok()) {
      for (v1::Draft& draft : *drafts) *response->add_drafts() = std::move(draft);
    }
    status = drafts.status();
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerWriteReactor<v1::JobEvent>* BeatframeService::RenderDraft(grpc::CallbackServerContext* context,
                                                                      const v1::RenderDraftRequest* request) {
  const absl::Status authorized = AuthorizeSession(*context, request->session_id());
  if (!authorized.ok()) return JobStreamReactor::Fail(ToGrpcStatus(authorized));
  // On gRPC's thread: a track without a draft is analysed here first (a
  // fraction of a second for a typical track), every later call is quick.
  absl::StatusOr<DraftToRender> draft = drafts_.ForRender(request->session_id(), request->asset_id());
  absl::StatusOr<JobSpec> spec = draft.ok() ? BuildDraftJobSpec(storage_, draft->track, draft->settings)
                                            : absl::StatusOr<JobSpec>(draft.status());
  absl::StatusOr<std::shared_ptr<Job>> job = spec.ok() ? jobs_.Start(*std::move(spec)) : spec.status();
  if (!job.ok()) return JobStreamReactor::Fail(ToGrpcStatus(job.status()));
  return JobStreamReactor::Follow(*std::move(job), 0);
}

}  // namespace beatframe::service
