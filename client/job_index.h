// Which session each job started from this computer belongs to, so that
// `beatframe watch JOB` works without the session id (WatchJob needs both).
// A text file beside the token (token_store.h): one "JOB SESSION" line per
// job, newest last.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace beatframe::client {

// $XDG_CONFIG_HOME/beatframe/jobs, else ~/.config/beatframe/jobs; "" when
// neither variable is set.
std::string DefaultJobIndexPath();

// Appends the pair, creating the file and its directory (mode 0700) as needed.
absl::Status RememberJob(const std::string& path, const std::string& job_id, const std::string& session_id);

// The session of `job_id` (its latest entry); NOT_FOUND when unknown.
absl::StatusOr<std::string> SessionOfJob(const std::string& path, const std::string& job_id);

}  // namespace beatframe::client
