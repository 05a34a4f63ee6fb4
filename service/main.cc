// beatframed: the beatframe gRPC daemon. Parses flags, starts BeatframeServer,
// waits for SIGINT/SIGTERM, drains (no new jobs; running renders get
// --drain-grace-s to finish; a second signal cuts that short), then shuts
// down cleanly (what is left is interrupted and resumes on the next start, as
// after a crash). Everything else lives in the bf_service library.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "absl/strings/numbers.h"
#include "service/remote_render_backend.h"
#include "service/server.h"

extern "C" {
#include <libavutil/log.h>
}

namespace {

void PrintUsage() {
  std::fprintf(stderr,
               "usage: beatframed [--listen HOST:PORT] [--data-dir DIR] [--max-upload-mb N] [--workers N]\n"
               "                  [--turn-workers N] [--token-ttl-s N] [--initial-credits N]\n"
               "                  [--rate-limit-per-min N] [--metrics-port N] [--drain-grace-s N]\n"
               "                  [--backend local|remote] [--remote-url URL] [--remote-poll-interval-s N]\n"
               "                  [--remote-rate-limit-wait-s N]\n"
               "  --listen         address to serve on (default 127.0.0.1:50051; port 0 picks one)\n"
               "  --data-dir       database and media files (default ./beatframe-data)\n"
               "  --max-upload-mb  largest accepted upload in MB (default 200)\n"
               "  --workers        renders at once (default 1; each render uses about two cores)\n"
               "  --turn-workers   Send and Edit turns at once (default 2), apart from Analyze's worker, so\n"
               "                   a long chat turn (minutes with --backend remote) never holds up Analyze\n"
               "  --token-ttl-s    lifetime of a new token in seconds (default 604800, 7 days)\n"
               "  --initial-credits  credits of a new token (default 100; 1 per started 10 s of video)\n"
               "  --rate-limit-per-min  calls per minute per token (default 300; 0 = no limit)\n"
               "  --metrics-port   serve Prometheus metrics at http://HOST:N/metrics, HOST as in --listen\n"
               "                   (default 0 = off)\n"
               "  --drain-grace-s  on SIGTERM/SIGINT, how long running renders may finish before they are\n"
               "                   interrupted to resume on the next start (default 60)\n"
               "  --backend        local: the embedded engine (default); remote: the hosted video service\n"
               "                   (token from $NEMO_TOKEN, else an anonymous one)\n"
               "  --remote-url     the remote service's base URL (default https://mega-api-prod.nemovideo.ai)\n"
               "  --remote-poll-interval-s  seconds between export status polls (default 30)\n"
               "  --remote-rate-limit-wait-s  wait after HTTP 429 before the one retry (default 30)\n");
}

// --backend and its settings; the backend is built after parsing.
struct BackendFlags {
  std::string backend = "local";
  beatframe::remote::RemoteClientOptions remote;
};

// Accepts "--flag value" and "--flag=value". Returns false on a usage error.
bool ParseFlags(int argc, char** argv, beatframe::service::ServerOptions* options, BackendFlags* backend) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    const size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.resize(eq);
    } else if (arg != "--help" && arg != "-h") {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "beatframed: %s needs a value\n", arg.c_str());
        return false;
      }
      value = argv[++i];
    }
    int64_t number = 0;
    if (arg == "--listen") {
      options->listen_address = value;
    } else if (arg == "--data-dir") {
      options->data_dir = value;
    } else if (arg == "--max-upload-mb" && absl::SimpleAtoi(value, &number) && number > 0) {
      options->max_upload_bytes = number * 1000 * 1000;
    } else if (arg == "--workers" && absl::SimpleAtoi(value, &number) && number > 0 && number <= 64) {
      options->render_workers = static_cast<int>(number);
    } else if (arg == "--turn-workers" && absl::SimpleAtoi(value, &number) && number > 0 && number <= 64) {
      options->turn_workers = static_cast<int>(number);
    } else if (arg == "--token-ttl-s" && absl::SimpleAtoi(value, &number) && number > 0) {
      options->token_ttl = absl::Seconds(number);
    } else if (arg == "--initial-credits" && absl::SimpleAtoi(value, &number) && number >= 0) {
      options->initial_credits = number;
    } else if (arg == "--rate-limit-per-min" && absl::SimpleAtoi(value, &number) && number >= 0 &&
               number <= 1000000) {
      options->rate_limit_per_minute = static_cast<int>(number);
    } else if (arg == "--metrics-port" && absl::SimpleAtoi(value, &number) && number >= 0 && number <= 65535) {
      options->metrics_port = number == 0 ? -1 : static_cast<int>(number);
    } else if (arg == "--drain-grace-s" && absl::SimpleAtoi(value, &number) && number >= 0 && number <= 86400) {
      options->drain_grace = absl::Seconds(number);
    } else if (arg == "--backend") {
      backend->backend = value;
    } else if (arg == "--remote-url") {
      backend->remote.base_url = value;
    } else if (arg == "--remote-poll-interval-s" && absl::SimpleAtoi(value, &number) && number > 0 &&
               number <= 3600) {
      backend->remote.export_poll_interval = absl::Seconds(number);
    } else if (arg == "--remote-rate-limit-wait-s" && absl::SimpleAtoi(value, &number) && number >= 0 &&
               number <= 3600) {
      backend->remote.rate_limit_wait = absl::Seconds(number);
    } else {
      if (arg != "--help" && arg != "-h") std::fprintf(stderr, "beatframed: bad flag '%s'\n", argv[i]);
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  beatframe::service::ServerOptions options;
  options.log_jobs = true;
  // FFmpeg's info lines (x264 statistics per render) would bury the job log.
  av_log_set_level(AV_LOG_ERROR);
  BackendFlags backend;
  if (!ParseFlags(argc, argv, &options, &backend)) {
    PrintUsage();
    return 2;
  }
  if (backend.backend == "remote") {
    // The token comes from $NEMO_TOKEN (read by the client, never printed) or
    // is fetched anonymously on first use.
    beatframe::service::RemoteBackendOptions remote_options;
    remote_options.client = backend.remote;
    remote_options.work_dir = options.data_dir + "/remote";
    auto remote = beatframe::service::RemoteRenderBackend::Create(std::move(remote_options));
    if (!remote.ok()) {
      std::fprintf(stderr, "beatframed: --backend remote: %s\n", std::string(remote.status().message()).c_str());
      return 2;
    }
    options.render_backend = std::move(*remote);
    std::printf("beatframed: remote backend at %s\n", backend.remote.base_url.c_str());
  } else if (backend.backend != "local") {
    std::fprintf(stderr, "beatframed: unknown backend '%s'; use --backend local or --backend remote\n",
                 backend.backend.c_str());
    return 2;
  }
  // Block the signals before any thread starts so that every thread inherits
  // the mask and only sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = beatframe::service::BeatframeServer::Create(options);
  if (!server.ok()) {
    std::fprintf(stderr, "beatframed: %s\n", server.status().ToString().c_str());
    return 1;
  }
  std::printf("beatframed listening on %s\n", (*server)->address().c_str());
  if ((*server)->metrics_port() != 0) std::printf("beatframed metrics on port %d\n", (*server)->metrics_port());
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  std::fprintf(stderr, "beatframed: %s received, draining (no new jobs; running renders get up to %lld s)\n",
               received == SIGINT ? "SIGINT" : "SIGTERM",
               static_cast<long long>(absl::ToInt64Seconds(options.drain_grace)));
  std::atomic<bool> drained{false};
  std::thread drainer([&] {
    const int left = (*server)->Drain();
    if (left > 0) std::fprintf(stderr, "beatframed: %d render(s) still running; they resume on restart\n", left);
    drained = true;
  });
  // A second signal stops waiting: Shutdown interrupts the renders at once.
  const timespec poll_interval{0, 100'000'000};
  while (!drained) {
    if (sigtimedwait(&signals, nullptr, &poll_interval) > 0) {
      std::fprintf(stderr, "beatframed: second signal, interrupting running renders now\n");
      break;
    }
  }
  std::fprintf(stderr, "beatframed: shutting down\n");
  (*server)->Shutdown();
  drainer.join();
  server->reset();
  std::fprintf(stderr, "beatframed: stopped\n");
  return 0;
}
