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

class BeatframeService;
class JobManager;
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
  // Silence before a heartbeat event; the API promises <= 5 s. Tests shorten it.
  absl::Duration heartbeat_interval = absl::Seconds(2);
  // Least time between two progress events of a job.
  absl::Duration progress_interval = absl::Milliseconds(250);
  // How long Shutdown lets open RPCs finish before cancelling them.
  absl::Duration shutdown_grace = absl::Seconds(5);
  // One stderr line per job start and end.
  bool log_jobs = false;
};

class BeatframeServer {
 public:
  // Opens the data dir (recovering from an earlier run), starts the job
  // workers and the gRPC server. UNAVAILABLE when the address cannot be bound,
  // INVALID_ARGUMENT for bad options.
  static absl::StatusOr<std::unique_ptr<BeatframeServer>> Create(const ServerOptions& options);
  ~BeatframeServer();  // Shutdown()

  // The bound port and "host:port" with it.
  int port() const { return port_; }
  const std::string& address() const { return address_; }

  // Cancels running jobs (they are recorded as failed), lets open RPCs finish
  // within shutdown_grace, then stops everything. Idempotent; thread-safe with
  // respect to RPCs in flight, but call it from one thread only.
  void Shutdown();

 private:
  BeatframeServer() = default;

  // Declared in dependency order, so destruction runs from the gRPC server down.
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<JobManager> jobs_;
  std::unique_ptr<WorkerPool> analyze_pool_;
  std::unique_ptr<BeatframeService> service_;
  std::unique_ptr<grpc::Server> server_;
  absl::Duration shutdown_grace_;
  int port_ = 0;
  std::string address_;
  bool shut_down_ = false;
};

}  // namespace beatframe::service
