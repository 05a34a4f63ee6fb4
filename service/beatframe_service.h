// The Beatframe gRPC service: one callback handler per RPC. Unary calls are
// answered here (Analyze on a worker pool, since decoding is slow; Send and
// Edit turns on another, so that a long chat turn never holds up Analyze);
// streaming calls hand off to their reactor classes. Every RPC but CreateToken first
// authenticates the caller (auth.h); the token's hash owns the sessions it
// creates. Job RPCs are in beatframe_service_jobs.cc, token and credit RPCs in
// beatframe_service_tokens.cc.
#pragma once

#include <cstdint>

#include "beatframe/v1/beatframe.grpc.pb.h"
#include "service/auth.h"
#include "service/job_manager.h"
#include "service/session_drafts.h"
#include "service/storage.h"
#include "service/worker_pool.h"

namespace beatframe::service {

class BeatframeService final : public v1::Beatframe::CallbackService {
 public:
  // Everything passed in must outlive the gRPC server that serves this.
  BeatframeService(Storage& storage, JobManager& jobs, WorkerPool& analyze_pool, WorkerPool& turn_pool,
                   Authenticator& auth, int64_t max_upload_bytes);

  grpc::ServerUnaryReactor* CreateSession(grpc::CallbackServerContext* context,
                                          const v1::CreateSessionRequest* request,
                                          v1::CreateSessionResponse* response) override;
  grpc::ServerReadReactor<v1::UploadMediaRequest>* UploadMedia(grpc::CallbackServerContext* context,
                                                               v1::Asset* response) override;
  grpc::ServerWriteReactor<v1::JobEvent>* Generate(grpc::CallbackServerContext* context,
                                                   const v1::GenerateRequest* request) override;
  grpc::ServerWriteReactor<v1::DownloadResponse>* Download(grpc::CallbackServerContext* context,
                                                           const v1::DownloadRequest* request) override;
  grpc::ServerUnaryReactor* Analyze(grpc::CallbackServerContext* context, const v1::AnalyzeRequest* request,
                                    v1::AnalyzeResponse* response) override;
  grpc::ServerUnaryReactor* GetJob(grpc::CallbackServerContext* context, const v1::GetJobRequest* request,
                                   v1::JobStatus* response) override;
  grpc::ServerUnaryReactor* CancelJob(grpc::CallbackServerContext* context, const v1::CancelJobRequest* request,
                                      v1::JobStatus* response) override;
  grpc::ServerWriteReactor<v1::JobEvent>* WatchJob(grpc::CallbackServerContext* context,
                                                   const v1::WatchJobRequest* request) override;
  grpc::ServerUnaryReactor* ListJobs(grpc::CallbackServerContext* context, const v1::ListJobsRequest* request,
                                     v1::ListJobsResponse* response) override;
  grpc::ServerUnaryReactor* CreateToken(grpc::CallbackServerContext* context, const v1::CreateTokenRequest* request,
                                        v1::CreateTokenResponse* response) override;
  grpc::ServerUnaryReactor* GetCredits(grpc::CallbackServerContext* context, const v1::GetCreditsRequest* request,
                                       v1::Credits* response) override;
  // Drafts and plain-language messages (beatframe_service_drafts.cc).
  grpc::ServerWriteReactor<v1::SendEvent>* Send(grpc::CallbackServerContext* context,
                                                const v1::SendRequest* request) override;
  grpc::ServerUnaryReactor* Edit(grpc::CallbackServerContext* context, const v1::EditRequest* request,
                                 v1::EditResponse* response) override;
  grpc::ServerUnaryReactor* GetDraft(grpc::CallbackServerContext* context, const v1::GetDraftRequest* request,
                                     v1::Draft* response) override;
  grpc::ServerUnaryReactor* ListDrafts(grpc::CallbackServerContext* context, const v1::ListDraftsRequest* request,
                                       v1::ListDraftsResponse* response) override;
  grpc::ServerWriteReactor<v1::JobEvent>* RenderDraft(grpc::CallbackServerContext* context,
                                                      const v1::RenderDraftRequest* request) override;

 private:
  // Authenticates the call and checks that `session_id` belongs to its token
  // (NOT_FOUND with reason SESSION_NOT_FOUND otherwise).
  absl::Status AuthorizeSession(const grpc::CallbackServerContext& context, const std::string& session_id);
  // The job as GetJob reports it: live from memory, else from storage.
  absl::StatusOr<v1::JobStatus> FindJobStatus(const std::string& session_id, const std::string& job_id);

  Storage& storage_;
  JobManager& jobs_;
  WorkerPool& analyze_pool_;
  WorkerPool& turn_pool_;  // Send and Edit turns
  Authenticator& auth_;
  const int64_t max_upload_bytes_;
  // Every session's drafts, loaded from storage_ on first use.
  SessionDrafts drafts_{storage_};
};

}  // namespace beatframe::service
