// Command-line parsing for the `beatframe` CLI: turns argv into a CliArgs or a
// usage error. Pure (the environment's server address is passed in), so the
// exit-code rules are unit-tested without running anything.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "beatframe/v1/beatframe.pb.h"

namespace beatframe::client {

// Exit codes of the CLI.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;        // the request failed (server, file, network)
inline constexpr int kExitUsage = 2;          // the command line was wrong
inline constexpr int kExitInterrupted = 130;  // Ctrl-C, as shells report SIGINT

inline constexpr char kDefaultServer[] = "127.0.0.1:50051";
inline constexpr char kDefaultPrompt[] = "create a video with visuals synced to this music track";

// kSessionCreate .. kChat are the session commands (session_args.h).
enum class Command { kHelp, kRender, kAnalyze, kSessionCreate, kUpload, kSend, kStatus, kWatch, kChat };

struct CliArgs {
  Command command = Command::kHelp;
  // For kHelp: the command whose help to show; empty for the overview.
  std::string help_topic;
  // --server, else $BEATFRAME_SERVER, else kDefaultServer.
  std::string server;
  std::string input;
  // render only.
  std::string output;
  std::string prompt;
  beatframe::v1::AspectRatio aspect = beatframe::v1::ASPECT_RATIO_UNSPECIFIED;
  beatframe::v1::Resolution resolution = beatframe::v1::RESOLUTION_UNSPECIFIED;  // --resolution
  std::string title;                               // --title; "" keeps the default
  std::vector<beatframe::v1::Caption> captions;    // --caption, in the order given
  std::string lyrics;                              // --lyrics FILE.lrc|.srt; "" for none
  std::vector<std::string> media;                  // --media FILE (photos, clips), in the order given
  std::string preview;                             // --preview SHEET.png; "" for no contact sheet
  // analyze only.
  bool json = false;
  // Session commands (session_args.h): `input` is upload's FILE, `output`
  // send's and watch's -o, `label` session create's optional label.
  std::string session_id;  // upload, send, status; watch and chat when given
  std::string asset_id;    // send --asset: which track's draft; "" for the newest
  std::string message;     // send
  std::string job_id;      // watch
  std::string label;       // session create
  bool detach = false;     // send --detach
};

// Parses argv without the program name. `env_server` is $BEATFRAME_SERVER
// (empty when unset). Returns INVALID_ARGUMENT with a message meant for the
// user on any usage error; the caller exits with kExitUsage.
absl::StatusOr<CliArgs> ParseArgs(const std::vector<std::string>& args,
                                  absl::string_view env_server);

// "16:9", "9:16" or "1:1" → the API enum; INVALID_ARGUMENT otherwise.
absl::StatusOr<beatframe::v1::AspectRatio> ParseAspect(absl::string_view text);

// "1080p" or "720p" → the API enum; INVALID_ARGUMENT otherwise.
absl::StatusOr<beatframe::v1::Resolution> ParseResolution(absl::string_view text);

// "TEXT@START-END" → a caption; START and END are seconds ("12.5") or
// minutes:seconds ("1:02.5"). INVALID_ARGUMENT otherwise. The last '@'
// separates the text, so the text may contain '@'.
absl::StatusOr<beatframe::v1::Caption> ParseCaption(absl::string_view text);

// Help text: the overview for an empty topic, else the command's own.
std::string HelpText(absl::string_view topic);

}  // namespace beatframe::client
