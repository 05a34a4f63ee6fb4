// The CLI's session commands as library functions: session create, upload,
// send, status, watch and chat (args in session_args.h). Results go to
// io.out (ids alone on their last line, so scripts can `tail -n1`), progress
// bars to io.err.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/args.h"
#include "client/client.h"
#include "client/commands.h"

namespace beatframe::client {

// Runs args.command, one of kSessionCreate .. kChat.
absl::Status RunSessionCommand(BeatframeClient& client, const CliArgs& args, const CommandIo& io);

// What one `send` did.
struct SendOutcome {
  std::string job_id;        // "" when the message started no render
  std::string output_path;   // where the video was downloaded; "" for none
};

// Sends `message` to the session (about `asset_id`'s draft; "" for the
// newest track), prints the reply and any new draft summary, follows a render
// with a progress bar and downloads it to `output` (when not empty). With
// `detach`, returns as soon as the render has started, printing its job id
// alone on the last line.
absl::StatusOr<SendOutcome> SendMessage(BeatframeClient& client, const std::string& session_id,
                                        const std::string& asset_id, const std::string& message,
                                        const std::string& output, bool detach, const CommandIo& io);

// The first "beatframe-N.mp4" (N = 1, 2, ...) in `dir` that does not exist.
std::string NextNumberedOutput(const std::string& dir);

}  // namespace beatframe::client
