#include "service/beatframe_service.h"

#include "absl/strings/str_cat.h"
#include "engine/audio/analysis.h"
#include "engine/audio/file_analysis.h"
#include "engine/common/status_macros.h"
#include "service/download_reactor.h"
#include "service/generate_reactor.h"
#include "service/id_generator.h"
#include "service/job_stream_reactor.h"
#include "service/proto_convert.h"
#include "service/status_mapping.h"
#include "service/upload_reactor.h"

namespace beatframe::service {
namespace {

absl::Status RunAnalyze(const std::string& path, v1::AnalyzeResponse* response) {
  // Streams the file through the analysis block by block: memory stays flat
  // however long the track, and loudness sees the channels as they are.
  BF_ASSIGN_OR_RETURN(const Analysis analysis, AnalyzeAudioFile(path));
  response->set_tempo_bpm(analysis.tempo_bpm);
  response->set_duration_s(analysis.duration_s);
  response->mutable_beat_times_s()->Add(analysis.beat_times_s.begin(), analysis.beat_times_s.end());
  response->mutable_downbeat_times_s()->Add(analysis.downbeat_times_s.begin(), analysis.downbeat_times_s.end());
  response->set_time_signature(analysis.time_signature);
  for (const Section& section : analysis.sections) {
    v1::Section* out = response->add_sections();
    out->set_start_s(section.start_s);
    out->set_end_s(section.end_s);
    out->set_label(section.label);
  }
  response->set_loudness_lufs(analysis.loudness_lufs);
  for (const TempoPoint& point : analysis.tempo_curve) {
    v1::TempoPoint* out = response->add_tempo_curve();
    out->set_time_s(point.time_s);
    out->set_bpm(point.bpm);
  }
  return absl::OkStatus();
}

}  // namespace

BeatframeService::BeatframeService(Storage& storage, JobManager& jobs, WorkerPool& analyze_pool,
                                   WorkerPool& turn_pool, Authenticator& auth, int64_t max_upload_bytes)
    : storage_(storage),
      jobs_(jobs),
      analyze_pool_(analyze_pool),
      turn_pool_(turn_pool),
      auth_(auth),
      max_upload_bytes_(max_upload_bytes) {}

absl::Status BeatframeService::AuthorizeSession(const grpc::CallbackServerContext& context,
                                                const std::string& session_id) {
  BF_ASSIGN_OR_RETURN(const std::string owner, auth_.Authenticate(context));
  return storage_.CheckSession(session_id, owner);
}

grpc::ServerUnaryReactor* BeatframeService::CreateSession(grpc::CallbackServerContext* context,
                                                          const v1::CreateSessionRequest* request,
                                                          v1::CreateSessionResponse* response) {
  absl::StatusOr<std::string> owner = auth_.Authenticate(*context);
  SessionRecord session{NewRandomId(), request->label(), NowUnixMs(), owner.ok() ? *owner : ""};
  const absl::Status status = owner.ok() ? storage_.CreateSession(session) : owner.status();
  if (status.ok()) response->set_session_id(session.session_id);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerReadReactor<v1::UploadMediaRequest>* BeatframeService::UploadMedia(grpc::CallbackServerContext* context,
                                                                               v1::Asset* response) {
  return new UploadReactor(context, storage_, max_upload_bytes_, response, auth_.Authenticate(*context));
}

grpc::ServerWriteReactor<v1::JobEvent>* BeatframeService::Generate(grpc::CallbackServerContext* context,
                                                                   const v1::GenerateRequest* request) {
  absl::StatusOr<std::string> owner = auth_.Authenticate(*context);
  if (!owner.ok()) return JobStreamReactor::Fail(ToGrpcStatus(owner.status()));
  return StartGenerate(storage_, jobs_, *request, *owner);
}

grpc::ServerWriteReactor<v1::DownloadResponse>* BeatframeService::Download(grpc::CallbackServerContext* context,
                                                                           const v1::DownloadRequest* request) {
  return new DownloadReactor(storage_, *request, auth_.Authenticate(*context));
}

grpc::ServerUnaryReactor* BeatframeService::Analyze(grpc::CallbackServerContext* context,
                                                    const v1::AnalyzeRequest* request,
                                                    v1::AnalyzeResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Status session = AuthorizeSession(*context, request->session_id());
  absl::StatusOr<AssetRecord> asset =
      session.ok() ? storage_.GetAsset(request->session_id(), request->asset_id()) : session;
  if (!asset.ok()) {
    reactor->Finish(ToGrpcStatus(asset.status()));
    return reactor;
  }
  // Decoding a long track takes seconds: keep it off gRPC's callback threads.
  const bool queued = analyze_pool_.Submit([reactor, response, path = asset->path, name = asset->file_name] {
    reactor->Finish(ToGrpcStatus(Annotate(RunAnalyze(path, response), absl::StrCat("analyse '", name, "'"))));
  });
  if (!queued) reactor->Finish(ToGrpcStatus(absl::UnavailableError("the server is shutting down; try again later")));
  return reactor;
}

}  // namespace beatframe::service
