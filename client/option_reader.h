// The option loop that every `beatframe` command line goes through (args.cc
// for render and analyze, session_args.cc for the session commands), so the
// rules for "--name value", "--name=value", "--", -h and --server are written
// once and every command reads them the same way. A command lists the other
// options it knows in an OptionTable, each bound to where its value goes.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beatframe::client {

// INVALID_ARGUMENT with `message`, which is shown to the user as is.
absl::Status UsageError(absl::string_view message);

// What every command line has, whatever its command.
struct CommonOptions {
  bool help = false;                  // -h or --help anywhere
  std::optional<std::string> server;  // --server
  // The command word and its arguments, in order: every token that is not an
  // option, "-" (stdin by convention), and everything after "--".
  std::vector<std::string> positionals;
};

// A command's own options. The pointers must outlive ReadOptions.
class OptionTable {
 public:
  // A switch without a value: "--json". "--json=x" is an unknown option.
  OptionTable& Flag(absl::string_view name, bool* set);
  // An option with a value, "--name value" or "--name=value" (only long
  // names take "="); when given twice, the last one wins.
  OptionTable& Value(std::initializer_list<absl::string_view> names, std::optional<std::string>* value);
  // A repeatable option with a value; the values in the order given.
  OptionTable& List(absl::string_view name, std::vector<std::string>* values);

 private:
  friend absl::Status ReadOptions(const std::vector<std::string>& args, const OptionTable& options,
                                  CommonOptions* common);
  using Target = std::variant<bool*, std::optional<std::string>*, std::vector<std::string>*>;
  struct Entry {
    std::vector<std::string> names;
    Target target;
  };
  // The entry that `name` selects; nullptr for none.
  const Entry* Find(absl::string_view name) const;

  std::vector<Entry> entries_;
};

// Walks `args` (argv without the program name): fills `common` and the
// targets of `options`. A usage error for an option that neither knows, or
// one whose value is missing; stops at the first.
absl::Status ReadOptions(const std::vector<std::string>& args, const OptionTable& options, CommonOptions* common);

// The server to call: --server, else `env_server` ($BEATFRAME_SERVER), else
// kDefaultServer. A usage error for an empty --server.
absl::StatusOr<std::string> ResolveServer(const CommonOptions& common, absl::string_view env_server);

// A usage error naming `option` when it is `present` on the command line of
// `command`, which it does not apply to: so a typo is not silently ignored.
absl::Status RejectOption(bool present, absl::string_view option, absl::string_view command);

}  // namespace beatframe::client
