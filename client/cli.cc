#include "client/cli.h"

#include "absl/strings/str_cat.h"
#include "client/args.h"
#include "client/client.h"
#include "client/commands.h"
#include "client/interrupt.h"
#include "client/progress_bar.h"
#include "client/session_commands.h"

namespace beatframe::client {
namespace {

void PrintError(FILE* err, absl::string_view message) {
  std::fprintf(err, "beatframe: %.*s\n", static_cast<int>(message.size()), message.data());
  std::fflush(err);
}

}  // namespace

std::string FailureMessage(const absl::Status& status, absl::string_view server) {
  std::string message(status.message());
  if (message.empty()) message = absl::StatusCodeToString(status.code());
  // Both mean nothing useful answered at the address: point at the likely cause.
  if (status.code() == absl::StatusCode::kUnavailable ||
      status.code() == absl::StatusCode::kDeadlineExceeded) {
    absl::StrAppend(&message, "\nbeatframe: is beatframed running at ", server,
                    "? Start it, or pass --server HOST:PORT");
  }
  return message;
}

int RunCli(const std::vector<std::string>& args, absl::string_view env_server, FILE* out,
           FILE* err) {
  absl::StatusOr<CliArgs> parsed = ParseArgs(args, env_server);
  if (!parsed.ok()) {
    PrintError(err, parsed.status().message());
    std::fputs("Run 'beatframe --help' for usage.\n", err);
    return kExitUsage;
  }
  if (parsed->command == Command::kHelp) {
    std::fputs(HelpText(parsed->help_topic).c_str(), out);
    return kExitOk;
  }

  std::unique_ptr<BeatframeClient> client = BeatframeClient::Connect(parsed->server);
  const CommandIo io{out, err, IsTerminal(err)};
  absl::Status status;
  bool interrupted = false;
  {
    InterruptWatcher watcher(client->canceller());
    if (parsed->command == Command::kRender) {
      status = RunRender(*client, *parsed, io);
    } else if (parsed->command == Command::kAnalyze) {
      status = RunAnalyze(*client, *parsed, io);
    } else {
      status = RunSessionCommand(*client, *parsed, io);
    }
    interrupted = watcher.interrupted();
  }
  if (status.ok()) return kExitOk;
  if (interrupted) {
    PrintError(err, absl::StrCat("interrupted: ", status.message()));
    return kExitInterrupted;
  }
  PrintError(err, FailureMessage(status, parsed->server));
  return kExitFailure;
}

}  // namespace beatframe::client
