// The command words of the `beatframe` CLI, listed once: which words parse as
// session commands (session_args.h), which help topics exist, and what the
// usage errors offer when the command is missing or unknown all read this.
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace beatframe::client {

struct CommandName {
  absl::string_view word;   // the word that selects the command: "session"
  absl::string_view typed;  // how it is typed, for messages: "session create"
  bool is_session;          // parsed by session_args.h; else by args.cc
};

// In the order 'beatframe --help' lists them.
inline constexpr CommandName kCommandNames[] = {
    {"render", "render", false}, {"analyze", "analyze", false}, {"session", "session create", true},
    {"upload", "upload", true},  {"send", "send", true},        {"status", "status", true},
    {"watch", "watch", true},    {"chat", "chat", true},
};

// The command selected by `word`; nullptr when there is none.
const CommandName* FindCommand(absl::string_view word);

// Every command as typed, for usage errors:
// "render, analyze, session create, upload, send, status, watch or chat".
std::string CommandList();

}  // namespace beatframe::client
