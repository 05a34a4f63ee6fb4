#include "service/server.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "service/auth.h"
#include "service/beatframe_service.h"
#include "service/job_manager.h"
#include "service/metrics_http_server.h"
#include "service/storage.h"
#include "service/upload_reactor.h"
#include "service/worker_pool.h"

namespace beatframe::service {

absl::StatusOr<std::unique_ptr<BeatframeServer>> BeatframeServer::Create(const ServerOptions& options) {
  if (options.max_upload_bytes <= 0) return absl::InvalidArgumentError("max upload size must be positive");
  if (options.render_workers < 1 || options.analyze_workers < 1 || options.turn_workers < 1) {
    return absl::InvalidArgumentError("worker counts must be at least 1");
  }
  if (options.token_ttl <= absl::ZeroDuration() || options.initial_credits < 0) {
    return absl::InvalidArgumentError("the token lifetime must be positive and the initial credits not negative");
  }
  if (options.heartbeat_interval <= absl::ZeroDuration() || options.heartbeat_interval > absl::Seconds(5)) {
    return absl::InvalidArgumentError("the heartbeat interval must be within (0, 5 s]; the API promises 5 s");
  }
  std::unique_ptr<BeatframeServer> server(new BeatframeServer());
  server->shutdown_grace_ = options.shutdown_grace;
  server->drain_grace_ = options.drain_grace;
  BF_ASSIGN_OR_RETURN(server->storage_, Storage::Open(options.data_dir));
  JobManagerOptions job_options;
  job_options.workers = options.render_workers;
  job_options.heartbeat_interval = options.heartbeat_interval;
  job_options.progress_interval = options.progress_interval;
  job_options.log_to_stderr = options.log_jobs;
  job_options.backend = options.render_backend;
  server->jobs_ = std::make_unique<JobManager>(*server->storage_, job_options);
  // Before serving, so that nobody can see an unfinished job that is not active.
  BF_RETURN_IF_ERROR(server->jobs_->ResumeUnfinished());
  server->analyze_pool_ = std::make_unique<WorkerPool>(options.analyze_workers);
  server->turn_pool_ = std::make_unique<WorkerPool>(options.turn_workers);
  AuthOptions auth_options;
  auth_options.token_ttl = options.token_ttl;
  auth_options.initial_credits = options.initial_credits;
  auth_options.rate_limit_per_minute = options.rate_limit_per_minute;
  server->auth_ = std::make_unique<Authenticator>(*server->storage_, auth_options);
  server->service_ = std::make_unique<BeatframeService>(*server->storage_, *server->jobs_, *server->analyze_pool_,
                                                        *server->turn_pool_, *server->auth_, options.max_upload_bytes);

  grpc::EnableDefaultHealthCheckService(true);
  // Server reflection (grpc.reflection.v1alpha) lets grpcurl and grpc_cli list
  // and call the API without the .proto.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // Local service without TLS: put a TLS-terminating proxy in front to expose it.
  builder.AddListeningPort(options.listen_address, grpc::InsecureServerCredentials(), &server->port_);
  builder.RegisterService(server->service_.get());
  // A 1 MiB chunk plus framing must fit; larger messages are refused by gRPC itself.
  builder.SetMaxReceiveMessageSize(4 << 20);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    server->server_.reset();
    return absl::UnavailableError(absl::StrCat("cannot listen on '", options.listen_address,
                                               "' (address in use or invalid?)"));
  }
  const size_t colon = options.listen_address.rfind(':');
  server->address_ = absl::StrCat(options.listen_address.substr(0, colon), ":", server->port_);
  BF_RETURN_IF_ERROR(server->StartOperations(options));
  return server;
}

BeatframeServer::~BeatframeServer() { Shutdown(); }

void BeatframeServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  if (metrics_ != nullptr) metrics_->Stop();
  // Jobs first: their streams then end UNAVAILABLE at once instead of being
  // cut off when the grace period runs out.
  if (jobs_ != nullptr) jobs_->CancelAll();
  if (server_ != nullptr) {
    server_->Shutdown(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(shutdown_grace_));
  }
  if (analyze_pool_ != nullptr) analyze_pool_->Shutdown();
  if (turn_pool_ != nullptr) turn_pool_->Shutdown();
  if (jobs_ != nullptr) jobs_->Shutdown();
}

}  // namespace beatframe::service
