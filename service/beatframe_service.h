// The Beatframe gRPC service: one callback handler per RPC. Unary calls are
// answered here (Analyze on a worker pool, since decoding is slow); streaming
// calls hand off to their reactor classes.
#pragma once

#include <cstdint>

#include "beatframe/v1/beatframe.grpc.pb.h"
#include "service/job_manager.h"
#include "service/storage.h"
#include "service/worker_pool.h"

namespace beatframe::service {

class BeatframeService final : public v1::Beatframe::CallbackService {
 public:
  // Everything passed in must outlive the gRPC server that serves this.
  BeatframeService(Storage& storage, JobManager& jobs, WorkerPool& analyze_pool, int64_t max_upload_bytes);

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

 private:
  Storage& storage_;
  JobManager& jobs_;
  WorkerPool& analyze_pool_;
  const int64_t max_upload_bytes_;
};

}  // namespace beatframe::service
