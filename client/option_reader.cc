#include "client/option_reader.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/args.h"

namespace beatframe::client {

absl::Status UsageError(absl::string_view message) { return absl::InvalidArgumentError(message); }

OptionTable& OptionTable::Flag(absl::string_view name, bool* set) {
  entries_.push_back({{std::string(name)}, set});
  return *this;
}

OptionTable& OptionTable::Value(std::initializer_list<absl::string_view> names,
                                std::optional<std::string>* value) {
  entries_.push_back({std::vector<std::string>(names.begin(), names.end()), value});
  return *this;
}

OptionTable& OptionTable::List(absl::string_view name, std::vector<std::string>* values) {
  entries_.push_back({{std::string(name)}, values});
  return *this;
}

const OptionTable::Entry* OptionTable::Find(absl::string_view name) const {
  for (const Entry& entry : entries_) {
    if (std::find(entry.names.begin(), entry.names.end(), name) != entry.names.end()) return &entry;
  }
  return nullptr;
}

absl::Status ReadOptions(const std::vector<std::string>& args, const OptionTable& options, CommonOptions* common) {
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& token = args[i];
    if (options_done || token == "-" || !absl::StartsWith(token, "-")) {
      common->positionals.push_back(token);
      continue;
    }
    if (token == "--") {
      options_done = true;
      continue;
    }
    // "--name=value" carries its value; "-o=x" is the (unknown) option "-o=x".
    std::string name = token;
    std::optional<std::string> inline_value;
    if (const size_t eq = token.find('='); absl::StartsWith(token, "--") && eq != std::string::npos) {
      name = token.substr(0, eq);
      inline_value = token.substr(eq + 1);
    }
    if (name == "-h" || name == "--help") {
      common->help = true;
      continue;
    }
    std::optional<OptionTable::Target> target;
    if (name == "--server") {
      target = &common->server;
    } else if (const OptionTable::Entry* entry = options.Find(name); entry != nullptr) {
      target = entry->target;
    }
    // A flag takes no value, so "--json=x" is no known option.
    if (!target.has_value() || (std::holds_alternative<bool*>(*target) && inline_value.has_value())) {
      return UsageError(absl::StrCat("unknown option '", token, "'"));
    }
    if (bool* const* flag = std::get_if<bool*>(&*target)) {
      **flag = true;
      continue;
    }
    std::string value;
    if (inline_value.has_value()) {
      value = *std::move(inline_value);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return UsageError(absl::StrCat("option '", name, "' needs a value"));
    }
    if (std::optional<std::string>* const* slot = std::get_if<std::optional<std::string>*>(&*target)) {
      **slot = std::move(value);
    } else {
      std::get<std::vector<std::string>*>(*target)->push_back(std::move(value));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ResolveServer(const CommonOptions& common, absl::string_view env_server) {
  std::string server = common.server.value_or(env_server.empty() ? kDefaultServer : std::string(env_server));
  if (server.empty()) return UsageError("--server needs an address, e.g. 127.0.0.1:50051");
  return server;
}

absl::Status RejectOption(bool present, absl::string_view option, absl::string_view command) {
  if (!present) return absl::OkStatus();
  return UsageError(absl::StrCat("option '", option, "' does not apply to '", command, "'"));
}

}  // namespace beatframe::client
