// The beatframe server as a library: storage, job manager and gRPC server
// wired together, started by Create and stopped by Shutdown. beatframed's main
// and the service tests (in-process, on loopback) both use it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace grpc {
class Server;
}

namespace beatframe::service {

class Authenticator;
class BeatframeService;
class JobManager;
class MetricsHttpServer;
class RenderBackend;
class Storage;
class WorkerPool;

struct ServerOptions {
  // host:port to listen on; port 0 picks a free port (see BeatframeServer::port()).
  std::string listen_address = "127.0.0.1:50051";
  // Holds beatframe.db and the media files; created if missing.
  std::string data_dir = "./beatframe-data";
  // Largest accepted upload, in bytes (the API documents 200 MB).
  int64_t max_upload_bytes = 200'000'000;
  // Renders at once.
  int render_workers = 1;
  // Threads for Analyze requests.
  int analyze_workers = 1;
  // Threads for conversational turns (Send, Edit). Their own pool, so that
  // Analyze never waits behind a chat turn: with `--backend remote` one Send
  // turn can stream from the remote service for minutes.
  int turn_workers = 2;
  // Silence before a heartbeat event; the API promises <= 5 s. Tests shorten it.
  absl::Duration heartbeat_interval = absl::Seconds(2);
  // Least time between two progress events of a job.
  absl::Duration progress_interval = absl::Milliseconds(250);
  // How long Shutdown lets open RPCs finish before cancelling them.
  absl::Duration shutdown_grace = absl::Seconds(5);
  // One stderr line per job start and end.
  bool log_jobs = false;
  // Tokens: lifetime, starting credits and calls per minute per token
  // (<= 0: no limit). Tests shorten and shrink them.
  absl::Duration token_ttl = absl::Hours(7 * 24);
  int64_t initial_credits = 100;
  int rate_limit_per_minute = 300;
  // Prometheus text metrics at http://HOST:PORT/metrics, HOST being the
  // listen address's host: -1 = none, 0 = a free port (see metrics_port()).
  int metrics_port = -1;
  // How long Drain lets running renders finish (Kubernetes'
  // terminationGracePeriodSeconds must exceed it plus shutdown_grace).
  absl::Duration drain_grace = absl::Seconds(60);
  // What renders jobs (render_backend.h): null = the embedded engine
  // (`--backend local`), or a RemoteRenderBackend (`--backend remote`).
  std::shared_ptr<RenderBackend> render_backend;
};

class BeatframeServer {
 public:
  // Opens the data dir (recovering from an earlier run and queueing again the
  // jobs it left unfinished), starts the job workers and the gRPC server.
  // UNAVAILABLE when the address cannot be bound, INVALID_ARGUMENT for bad
  // options.
  static absl::StatusOr<std::unique_ptr<BeatframeServer>> Create(const ServerOptions& options);
  ~BeatframeServer();  // Shutdown()

  // The bound port and "host:port" with it.
  int port() const { return port_; }
  const std::string& address() const { return address_; }
  // The bound metrics port; 0 when there is no metrics endpoint.
  int metrics_port() const;

  // The health service's name for liveness: SERVING from start to Shutdown,
  // draining included (readiness uses "" and beatframe.v1.Beatframe, which
  // go NOT_SERVING when draining starts). server_ops.cc.
  static constexpr char kLivenessServiceName[] = "liveness";

  // Graceful stop, first half (SIGTERM): health goes NOT_SERVING for
  // readiness, new jobs are refused with UNAVAILABLE, queued ones stay queued
  // for the next start, and running renders get up to drain_grace to finish;
  // other RPCs (uploads, downloads, GetJob, WatchJob) keep working. Returns
  // how many renders were still running when it returned (Shutdown interrupts
  // them and they resume on the next start). Call before Shutdown, from one
  // thread (Shutdown may run meanwhile on another: Drain then returns soon).
  int Drain();

  // Interrupts queued and running jobs (they stay unfinished in the database
  // and resume on the next start; their streams end UNAVAILABLE), lets open
  // RPCs finish within shutdown_grace, then stops everything. Idempotent;
  // thread-safe with respect to RPCs in flight, but call it from one thread
  // only.
  void Shutdown();

 private:
  BeatframeServer() = default;
  // After the gRPC server started: health statuses and the metrics endpoint (server_ops.cc).
  absl::Status StartOperations(const ServerOptions& options);

  // Declared in dependency order, so destruction runs from the gRPC server down.
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<JobManager> jobs_;
  std::unique_ptr<WorkerPool> analyze_pool_;
  std::unique_ptr<WorkerPool> turn_pool_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<BeatframeService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<MetricsHttpServer> metrics_;  // null without a metrics port
  absl::Duration shutdown_grace_;
  absl::Duration drain_grace_;
  int port_ = 0;
  std::string address_;
  bool shut_down_ = false;
};

}  // namespace beatframe::service
