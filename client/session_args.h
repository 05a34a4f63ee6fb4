// Command-line parsing and help for the session commands of the `beatframe`
// CLI: session create, upload, send, status, watch and chat. args.cc hands
// argv here when its command word is one of them. Pure, like args.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/args.h"

namespace beatframe::client {

// Whether the command word of `args` (the first token that is not --server
// or its value, nor another option) is a session command. A guess: it does
// not know which other options take a value, so in "-o upload render a.mp3"
// it takes upload for the command; ParseSessionArgs has the last word.
bool IsSessionCommand(const std::vector<std::string>& args);

// Parses a session command line (argv without the program name).
// INVALID_ARGUMENT with a message for the user on any usage error; nullopt
// when, once its options have taken their values, the command word is not a
// session command after all (or there is none): the caller parses it as a
// render or analyze command line instead.
absl::StatusOr<std::optional<CliArgs>> ParseSessionArgs(const std::vector<std::string>& args,
                                                        absl::string_view env_server);

// A session command's help text; "" when `topic` is not one.
std::string SessionHelpText(absl::string_view topic);

}  // namespace beatframe::client
