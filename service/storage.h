// The service's persistent state under one data directory:
//   DIR/beatframe.db                                   SQLite (WAL): sessions, assets, outputs, jobs
//   DIR/sessions/<session>/assets/<asset_id><ext>      validated uploads
//   DIR/sessions/<session>/outputs/<output_id>.mp4     finished renders
//   DIR/tmp/                                           uploads in flight; emptied on startup
// Thread-safe: one connection, every call serialised by a mutex.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "service/records.h"
#include "service/sqlite_db.h"

namespace beatframe::service {

// Message stored for jobs found 'queued' or 'running' when the server starts.
inline constexpr char kRestartedJobMessage[] = "server restarted during the render; generate again";

class Storage {
 public:
  // Creates the layout and schema if needed, then recovers from an earlier
  // run: removes stale temp and .partial files and marks unfinished jobs
  // failed (INTERNAL, kRestartedJobMessage).
  static absl::StatusOr<std::unique_ptr<Storage>> Open(const std::string& data_dir);

  const std::string& data_dir() const { return data_dir_; }

  // A fresh unique path under DIR/tmp; the caller creates and removes the file.
  std::string NewTempPath(const std::string& prefix) const;
  std::string AssetPath(const std::string& session_id, const std::string& asset_id,
                        const std::string& extension) const;
  std::string OutputPath(const std::string& session_id, const std::string& output_id) const;

  // Sessions. CheckSession is NOT_FOUND for an unknown id.
  absl::Status CreateSession(const SessionRecord& session);
  absl::Status CheckSession(const std::string& session_id);

  // Moves the validated file at `temp_path` to AssetPath(...) and records it.
  // `record.path` is filled in here. On failure the temp file is removed.
  absl::StatusOr<AssetRecord> CommitAsset(const std::string& temp_path, AssetRecord record);
  // NOT_FOUND unless the asset exists in that session.
  absl::StatusOr<AssetRecord> GetAsset(const std::string& session_id, const std::string& asset_id);

  absl::Status InsertOutput(const OutputRecord& output);
  // NOT_FOUND unless the output exists in that session.
  absl::StatusOr<OutputRecord> GetOutput(const std::string& session_id, const std::string& output_id);

  absl::Status InsertJob(const JobRecord& job);
  // Records a state change (and its stage, fraction and error, if any).
  absl::Status UpdateJob(const JobRecord& job);
  // NOT_FOUND unless the job exists in that session.
  absl::StatusOr<JobRecord> GetJob(const std::string& session_id, const std::string& job_id);

 private:
  Storage(std::string data_dir, std::unique_ptr<SqliteDb> db) : data_dir_(std::move(data_dir)), db_(std::move(db)) {}
  absl::Status CreateSchema();
  absl::Status Recover();

  const std::string data_dir_;
  std::mutex mu_;
  std::unique_ptr<SqliteDb> db_;  // guarded by mu_
};

// Milliseconds since the Unix epoch, for created/updated columns and events.
int64_t NowUnixMs();

}  // namespace beatframe::service
