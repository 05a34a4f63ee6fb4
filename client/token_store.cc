#include "client/token_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace beatframe::client {
namespace fs = std::filesystem;

std::string DefaultTokenPath() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
  if (xdg != nullptr && xdg[0] == '/') return (fs::path(xdg) / "beatframe" / "token").string();
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') return (fs::path(home) / ".config" / "beatframe" / "token").string();
  return "";
}

absl::StatusOr<StoredToken> LoadToken(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("no token at '", path, "'"));
  StoredToken stored;
  std::string expires;
  std::getline(in, stored.token);
  std::getline(in, expires);
  stored.token = std::string(absl::StripAsciiWhitespace(stored.token));
  if (stored.token.empty()) return absl::NotFoundError(absl::StrCat("no token in '", path, "'"));
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(expires), &stored.expires_unix_ms)) stored.expires_unix_ms = 0;
  return stored;
}

absl::Status SaveToken(const std::string& path, const StoredToken& token) {
  const fs::path dir = fs::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty() && !fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return absl::InternalError(absl::StrCat("cannot create '", dir.string(), "': ", ec.message()));
    ::chmod(dir.c_str(), 0700);
  }
  const std::string temp = absl::StrCat(path, ".tmp.", ::getpid());
  // Created 0600 from the start: the token is never readable by others, not
  // even for a moment.
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return absl::ErrnoToStatus(errno, absl::StrCat("cannot write '", temp, "'"));
  const std::string text = absl::StrCat(token.token, "\n", token.expires_unix_ms, "\n");
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool closed = ::close(fd) == 0;
  if (!written || !closed || std::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    return absl::ErrnoToStatus(error, absl::StrCat("cannot write the token to '", path, "'"));
  }
  return absl::OkStatus();
}

}  // namespace beatframe::client
