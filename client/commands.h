// The CLI's commands as library functions: each runs one user-visible
// workflow against a BeatframeClient and writes its results to the given
// streams. They return a Status; cli.cc turns it into a message and exit code.
#pragma once

#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "client/args.h"
#include "client/client.h"

namespace beatframe::client {

// Where a command writes: results to `out`, progress to `err` (drawn as a
// live bar when `err_is_tty`).
struct CommandIo {
  FILE* out = stdout;
  FILE* err = stderr;
  bool err_is_tty = false;
  // Where `chat` reads its lines.
  FILE* in = stdin;
};

// Local checks that need no server: INPUT is a readable regular file
// (NOT_FOUND / INVALID_ARGUMENT otherwise).
absl::Status CheckInputFile(const std::string& path);

// OUT's directory exists and OUT is not a directory (NOT_FOUND /
// INVALID_ARGUMENT), so a long render does not end in an unwritable path.
absl::Status CheckOutputPath(const std::string& path);

// session → upload → generate → download → summary on io.out.
absl::Status RunRender(BeatframeClient& client, const CliArgs& args, const CommandIo& io);

// session → upload → analyze → report (text or JSON) on io.out.
absl::Status RunAnalyze(BeatframeClient& client, const CliArgs& args, const CommandIo& io);

}  // namespace beatframe::client
