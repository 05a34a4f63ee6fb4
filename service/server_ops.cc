// BeatframeServer's operations side: the grpc.health.v1 statuses, the
// Prometheus metrics endpoint and the drain that precedes a graceful stop.
// The health service is grpc++'s built-in one (EnableDefaultHealthCheckService
// in server.cc), which answers Check and Watch.
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "beatframe/v1/beatframe.grpc.pb.h"
#include "engine/common/status_macros.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "service/job_manager.h"
#include "service/metrics_http_server.h"
#include "service/metrics_registry.h"
#include "service/server.h"

namespace beatframe::service {
namespace {

// The host part of a gRPC listen address ("0.0.0.0:50051" → "0.0.0.0",
// "[::]:50051" → "[::]"); loopback for forms without one (e.g. "unix:path").
std::string MetricsHost(absl::string_view listen_address) {
  if (absl::StartsWith(listen_address, "unix:")) return "127.0.0.1";
  absl::ConsumePrefix(&listen_address, "ipv4:");
  absl::ConsumePrefix(&listen_address, "ipv6:");
  const size_t colon = listen_address.rfind(':');
  if (colon == absl::string_view::npos) return "127.0.0.1";
  return std::string(listen_address.substr(0, colon));
}

}  // namespace

absl::Status BeatframeServer::StartOperations(const ServerOptions& options) {
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  if (health == nullptr) return absl::InternalError("grpc++ created no health check service");
  // "" (the whole server) is SERVING by default; name the API and liveness too.
  health->SetServingStatus(v1::Beatframe::service_full_name(), true);
  health->SetServingStatus(kLivenessServiceName, true);

  if (options.metrics_port < 0) return absl::OkStatus();
  JobManager* jobs = jobs_.get();
  BF_ASSIGN_OR_RETURN(metrics_,
                      MetricsHttpServer::Start(MetricsHost(options.listen_address), options.metrics_port, [jobs] {
                        const JobManager::ActiveCounts counts = jobs->CountActive();
                        MetricsSnapshot now;
                        now.jobs_queued = counts.queued;
                        now.jobs_running = counts.running;
                        now.draining = jobs->draining();
                        return Metrics().RenderText(now);
                      }));
  return absl::OkStatus();
}

int BeatframeServer::metrics_port() const { return metrics_ == nullptr ? 0 : metrics_->port(); }

int BeatframeServer::Drain() {
  // Readiness first, so that load balancers stop sending work while we wait.
  if (grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService(); health != nullptr) {
    health->SetServingStatus("", false);
    health->SetServingStatus(v1::Beatframe::service_full_name(), false);
  }
  return jobs_->Drain(absl::Now() + drain_grace_);
}

}  // namespace beatframe::service
