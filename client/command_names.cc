#include "client/command_names.h"

#include <iterator>

#include "absl/strings/str_cat.h"

namespace beatframe::client {

const CommandName* FindCommand(absl::string_view word) {
  for (const CommandName& command : kCommandNames) {
    if (command.word == word) return &command;
  }
  return nullptr;
}

std::string CommandList() {
  constexpr size_t kCount = std::size(kCommandNames);
  std::string list;
  for (size_t i = 0; i < kCount; ++i) {
    const absl::string_view separator = i == 0 ? "" : (i + 1 == kCount ? " or " : ", ");
    absl::StrAppend(&list, separator, kCommandNames[i].typed);
  }
  return list;
}

}  // namespace beatframe::client
