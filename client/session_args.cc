#include "client/session_args.h"

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/command_names.h"
#include "client/option_reader.h"

namespace beatframe::client {
namespace {

constexpr char kSessionHelp[] =
    R"(Usage: beatframe [--server HOST:PORT] session create [LABEL]

Opens a session on the server: a workspace for uploaded tracks, their drafts
and renders. Prints the session id alone on the last line, e.g.
  SESSION=$(beatframe session create | tail -n1)
)";

constexpr char kUploadHelp[] =
    R"(Usage: beatframe [--server HOST:PORT] upload SESSION FILE

Uploads a music track (mp3, wav, m4a, aac, flac, ogg), a lyrics file (.lrc,
.srt), a photo or a clip into SESSION with a progress bar. Prints the asset id
alone on the last line. Each track gets its own draft: messages go to the
newest track unless `send --asset ID` names another.
)";

constexpr char kSendHelp[] =
    R"(Usage: beatframe [--server HOST:PORT] send SESSION "MESSAGE" [-o OUT.mp4] [--detach] [--asset ID]

Sends a plain-language request (English or Chinese) about a track's draft and
prints the reply: "make it vertical", "add the title 'Urban Dreams' for the
first 3 seconds", "only the first 30 seconds", "in 720p", "calmer", "undo",
"status", "credits", "export" (导出, 下载, 撤销, 状态, 余额 ...). When the message
leads to a render, its progress is shown and the MP4 is downloaded to OUT.

Options:
  -o, --output PATH   where to write the MP4 of a render (without it, the job
                      id and output id are printed; fetch later with 'watch')
  --detach            do not wait for a render: print the job id alone on the
                      last line and return at once (follow with 'watch JOB')
  --asset ID          the track whose draft to edit (default: the newest track)
  --server HOST:PORT  beatframed address
)";

constexpr char kStatusHelp[] =
    R"(Usage: beatframe [--server HOST:PORT] status SESSION

Prints every draft of SESSION (its track, revision, timeline summary and
settings) and the session's recent render jobs.
)";

constexpr char kWatchHelp[] =
    R"(Usage: beatframe [--server HOST:PORT] watch [SESSION] JOB [-o OUT.mp4]

Re-attaches to a render job: shows its progress until it ends and, with -o,
downloads the video. Works for finished jobs too, and after a server restart.
SESSION may be left out for jobs started from this computer with 'send' or
'chat' (the CLI remembers which session they belong to).
)";

constexpr char kChatHelp[] =
    R"(Usage: beatframe [--server HOST:PORT] chat [SESSION]

An interactive session (a new one unless SESSION is given). Type requests in
plain words; renders are downloaded to beatframe-1.mp4, beatframe-2.mp4, ... in
the current directory. Commands:
  /upload FILE   upload a track (or lyrics, photo, clip)
  /status        the drafts and recent jobs
  /help          what you can ask for
  /quit          leave (so does end of input)
)";

struct SessionRawArgs {
  CommonOptions common;
  bool detach = false;
  std::optional<std::string> output, asset;
};

absl::StatusOr<SessionRawArgs> Collect(const std::vector<std::string>& args) {
  SessionRawArgs raw;
  OptionTable options;
  options.Flag("--detach", &raw.detach).Value({"-o", "--output"}, &raw.output).Value({"--asset"}, &raw.asset);
  if (absl::Status status = ReadOptions(args, options, &raw.common); !status.ok()) return status;
  return raw;
}

// Checks the positional count: `min`..`max` after the command word.
absl::Status CheckCount(const std::vector<std::string>& pos, size_t min, size_t max, absl::string_view usage) {
  const size_t n = pos.size() - 1;
  if (n < min) return UsageError(absl::StrCat("missing arguments; usage: beatframe ", usage));
  if (n > max) return UsageError(absl::StrCat("unexpected argument '", pos[max + 1], "'; usage: beatframe ", usage));
  for (size_t i = 1; i < pos.size(); ++i) {
    if (pos[i].empty()) return UsageError(absl::StrCat("empty argument; usage: beatframe ", usage));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsSessionCommand(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--server") {
      ++i;
      continue;
    }
    if (absl::StartsWith(args[i], "-")) continue;
    const CommandName* command = FindCommand(args[i]);
    return command != nullptr && command->is_session;
  }
  return false;
}

absl::StatusOr<std::optional<CliArgs>> ParseSessionArgs(const std::vector<std::string>& args,
                                                        absl::string_view env_server) {
  absl::StatusOr<SessionRawArgs> collected = Collect(args);
  if (!collected.ok()) return collected.status();
  const SessionRawArgs& raw = *collected;
  const std::vector<std::string>& pos = raw.common.positionals;
  // IsSessionCommand's word was an option's value, as in "-o upload ...".
  const CommandName* word = pos.empty() ? nullptr : FindCommand(pos.front());
  if (word == nullptr || !word->is_session) return std::nullopt;
  CliArgs out;
  absl::StatusOr<std::string> server = ResolveServer(raw.common, env_server);
  if (!server.ok()) return server.status();
  out.server = *std::move(server);
  const std::string command = pos.front();
  if (raw.common.help) {
    out.command = Command::kHelp;
    out.help_topic = command;
    return out;
  }
  const bool sends = command == "send";
  if (absl::Status s = RejectOption(!sends && raw.detach, "--detach", command); !s.ok()) return s;
  if (absl::Status s = RejectOption(!sends && raw.asset.has_value(), "--asset", command); !s.ok()) return s;
  if (absl::Status s = RejectOption(!sends && command != "watch" && raw.output.has_value(), "--output", command);
      !s.ok()) {
    return s;
  }
  out.output = raw.output.value_or("");
  if (raw.output.has_value() && out.output.empty()) return UsageError("-o needs a file name");
  if (command == "session") {
    if (pos.size() < 2 || pos[1] != "create") return UsageError("usage: beatframe session create [LABEL]");
    if (pos.size() > 3) return UsageError(absl::StrCat("unexpected argument '", pos[3], "' after the label"));
    out.command = Command::kSessionCreate;
    out.label = pos.size() == 3 ? pos[2] : "beatframe session";
    return out;
  }
  if (command == "upload") {
    if (absl::Status s = CheckCount(pos, 2, 2, "upload SESSION FILE"); !s.ok()) return s;
    out.command = Command::kUpload;
    out.session_id = pos[1];
    out.input = pos[2];
    return out;
  }
  if (command == "send") {
    if (absl::Status s = CheckCount(pos, 2, 2, "send SESSION \"MESSAGE\" [-o OUT.mp4] [--detach]"); !s.ok()) return s;
    out.command = Command::kSend;
    out.session_id = pos[1];
    out.message = pos[2];
    out.detach = raw.detach;
    out.asset_id = raw.asset.value_or("");
    if (out.detach && !out.output.empty()) {
      return UsageError("--detach returns before the render ends, so it cannot download: drop -o, "
                        "then 'beatframe watch JOB -o OUT.mp4'");
    }
    return out;
  }
  if (command == "status") {
    if (absl::Status s = CheckCount(pos, 1, 1, "status SESSION"); !s.ok()) return s;
    out.command = Command::kStatus;
    out.session_id = pos[1];
    return out;
  }
  if (command == "watch") {
    if (absl::Status s = CheckCount(pos, 1, 2, "watch [SESSION] JOB [-o OUT.mp4]"); !s.ok()) return s;
    out.command = Command::kWatch;
    if (pos.size() == 3) out.session_id = pos[1];
    out.job_id = pos.back();
    return out;
  }
  // chat
  if (absl::Status s = CheckCount(pos, 0, 1, "chat [SESSION]"); !s.ok()) return s;
  out.command = Command::kChat;
  if (pos.size() == 2) out.session_id = pos[1];
  return out;
}

std::string SessionHelpText(absl::string_view topic) {
  if (topic == "session") return kSessionHelp;
  if (topic == "upload") return kUploadHelp;
  if (topic == "send") return kSendHelp;
  if (topic == "status") return kStatusHelp;
  if (topic == "watch") return kWatchHelp;
  if (topic == "chat") return kChatHelp;
  return "";
}

}  // namespace beatframe::client
