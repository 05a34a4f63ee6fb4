#include "client/job_index.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "client/token_store.h"

namespace beatframe::client {

std::string DefaultJobIndexPath() {
  const std::string token_path = DefaultTokenPath();
  if (token_path.empty()) return "";
  return (std::filesystem::path(token_path).parent_path() / "jobs").string();
}

absl::Status RememberJob(const std::string& path, const std::string& job_id, const std::string& session_id) {
  if (path.empty()) return absl::FailedPreconditionError("no config directory for the job index");
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (!dir.empty() && !std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  }
  std::ofstream out(path, std::ios::app);
  out << job_id << ' ' << session_id << '\n';
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write the job index '", path, "'"));
  return absl::OkStatus();
}

absl::StatusOr<std::string> SessionOfJob(const std::string& path, const std::string& job_id) {
  std::ifstream in(path);
  std::string job, session, found;
  while (in >> job >> session) {
    if (job == job_id) found = session;
  }
  if (found.empty()) return absl::NotFoundError(absl::StrCat("job '", job_id, "' was not started from here"));
  return found;
}

}  // namespace beatframe::client
