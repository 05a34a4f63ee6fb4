// Entry point of the `beatframe` command: parses arguments, runs the command
// and maps the outcome to a message and an exit code (0 ok, 1 failure,
// 2 usage, 130 interrupted). main.cc only forwards argv and the environment.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace beatframe::client {

// Runs the CLI. `args` excludes the program name; `env_server` is
// $BEATFRAME_SERVER or empty. Results go to `out`, progress and errors to
// `err`. Handles SIGINT while a command runs.
int RunCli(const std::vector<std::string>& args, absl::string_view env_server, FILE* out = stdout,
           FILE* err = stderr);

// The error text for a failed command, without the "beatframe: " prefix:
// the status message, plus a hint when the server looks unreachable.
std::string FailureMessage(const absl::Status& status, absl::string_view server);

}  // namespace beatframe::client
