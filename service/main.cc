// beatframed: the beatframe gRPC daemon. Parses flags, starts BeatframeServer,
// waits for SIGINT/SIGTERM, shuts down cleanly (running jobs are cancelled and
// recorded). Everything else lives in the bf_service library.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/strings/numbers.h"
#include "service/server.h"

extern "C" {
#include <libavutil/log.h>
}

namespace {

void PrintUsage() {
  std::fprintf(stderr,
               "usage: beatframed [--listen HOST:PORT] [--data-dir DIR] [--max-upload-mb N] [--workers N]\n"
               "  --listen         address to serve on (default 127.0.0.1:50051; port 0 picks one)\n"
               "  --data-dir       database and media files (default ./beatframe-data)\n"
               "  --max-upload-mb  largest accepted upload in MB (default 200)\n"
               "  --workers        renders at once (default 1; each render uses about two cores)\n");
}

// Accepts "--flag value" and "--flag=value". Returns false on a usage error.
bool ParseFlags(int argc, char** argv, beatframe::service::ServerOptions* options) {
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
  if (!ParseFlags(argc, argv, &options)) {
    PrintUsage();
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
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  std::fprintf(stderr, "beatframed: %s received, shutting down\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  (*server)->Shutdown();
  server->reset();
  std::fprintf(stderr, "beatframed: stopped\n");
  return 0;
}
