// The service's persistent state under one data directory:
//   DIR/beatframe.db                                   SQLite (WAL): sessions, assets, outputs, jobs, tokens
//   DIR/sessions/<session>/assets/<asset_id><ext>      validated uploads
//   DIR/sessions/<session>/outputs/<output_id>.mp4     finished renders
//   DIR/tmp/                                           uploads in flight; emptied on startup
// Thread-safe: one connection, every call serialised by a mutex.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "service/draft_records.h"
#include "service/records.h"
#include "service/sqlite_db.h"

namespace beatframe::service {

// Message stored for jobs found 'queued' or 'running' when the server starts
// that cannot be resumed (rows from before job specs were stored).
inline constexpr char kRestartedJobMessage[] = "server restarted during the render; generate again";

// A token's credits (see the Credits message in beatframe.proto).
struct CreditBalance {
  int64_t total = 0;   // what the token holds
  int64_t frozen = 0;  // held by its queued and running jobs
  int64_t available() const { return total - frozen; }
};

class Storage {
 public:
  // Creates the layout and schema if needed (adding columns that databases of
  // earlier versions lack), then recovers from an earlier run: removes stale
  // temp and .partial files and marks unfinished jobs without a stored spec
  // failed (INTERNAL, kRestartedJobMessage). Unfinished jobs with a spec stay
  // as they are for the JobManager to resume (ListUnfinishedJobs).
  static absl::StatusOr<std::unique_ptr<Storage>> Open(const std::string& data_dir);

  const std::string& data_dir() const { return data_dir_; }

  // A fresh unique path under DIR/tmp; the caller creates and removes the file.
  std::string NewTempPath(const std::string& prefix) const;
  std::string AssetPath(const std::string& session_id, const std::string& asset_id,
                        const std::string& extension) const;
  std::string OutputPath(const std::string& session_id, const std::string& output_id) const;

  // Sessions. CheckSession is NOT_FOUND (reason SESSION_NOT_FOUND) for an
  // unknown id and for a session of another owner (token hash): to a caller
  // the two must look the same.
  absl::Status CreateSession(const SessionRecord& session);
  absl::Status CheckSession(const std::string& session_id, const std::string& owner);

  // Moves the validated file at `temp_path` to AssetPath(...) and records it.
  // `record.path` is filled in here. On failure the temp file is removed.
  absl::StatusOr<AssetRecord> CommitAsset(const std::string& temp_path, AssetRecord record);
  // NOT_FOUND unless the asset exists in that session.
  absl::StatusOr<AssetRecord> GetAsset(const std::string& session_id, const std::string& asset_id);

  absl::Status InsertOutput(const OutputRecord& output);
  // NOT_FOUND unless the output exists in that session.
  absl::StatusOr<OutputRecord> GetOutput(const std::string& session_id, const std::string& output_id);

  // Records a new job and so freezes its `credits` for the session's owner:
  // RESOURCE_EXHAUSTED (reason OUT_OF_CREDITS) when the owner has fewer
  // available. The check and the insert are one atomic step.
  absl::Status InsertJob(const JobRecord& job);
  // Records a state change (and its stage, fraction and error, if any). With
  // `charge_credits` > 0 (a job that succeeded) the session's owner is charged
  // that many credits in the same transaction.
  absl::Status UpdateJob(const JobRecord& job, int64_t charge_credits = 0);
  // NOT_FOUND unless the job exists in that session.
  absl::StatusOr<JobRecord> GetJob(const std::string& session_id, const std::string& job_id);
  // The session's jobs, newest first, at most `limit`.
  absl::StatusOr<std::vector<JobRecord>> ListJobs(const std::string& session_id, int limit);
  // Jobs still queued or running (left by an earlier run), oldest first.
  absl::StatusOr<std::vector<JobRecord>> ListUnfinishedJobs();

  // Tokens (storage_tokens.cc). GetToken is NOT_FOUND for an unknown hash.
  absl::Status InsertToken(const TokenRecord& token);
  absl::StatusOr<TokenRecord> GetToken(const std::string& token_hash);
  absl::StatusOr<CreditBalance> GetCredits(const std::string& token_hash);

  // Drafts (storage_drafts.cc). InsertDraftRevisions stores new revisions of
  // one draft (all of the same session and asset, ascending) and makes the
  // last one current, in one transaction. GetDraftRevisions returns them in
  // order (none for a track without a draft); ListDrafts a session's drafts,
  // most recently changed first.
  absl::Status InsertDraftRevisions(const std::vector<DraftRevisionRecord>& revisions);
  absl::StatusOr<std::vector<DraftRevisionRecord>> GetDraftRevisions(const std::string& session_id,
                                                                     const std::string& asset_id);
  absl::StatusOr<std::vector<DraftRecord>> ListDrafts(const std::string& session_id);
  // The ids of a session's assets, newest upload first.
  absl::StatusOr<std::vector<std::string>> ListAssetIds(const std::string& session_id);

 private:
  Storage(std::string data_dir, std::unique_ptr<SqliteDb> db) : data_dir_(std::move(data_dir)), db_(std::move(db)) {}
  absl::Status CreateSchema();
  // ALTER TABLE ADD COLUMN when `table` lacks `column`; requires mu_.
  absl::Status AddColumnIfMissing(const std::string& table, const std::string& column,
                                  const std::string& declaration);
  absl::Status Recover();
  // CreditBalance of `token_hash`; requires mu_.
  absl::StatusOr<CreditBalance> CreditsLocked(const std::string& token_hash);
  // The drafts tables (storage_drafts.cc); requires mu_.
  absl::Status CreateDraftSchemaLocked();

  const std::string data_dir_;
  std::mutex mu_;
  std::unique_ptr<SqliteDb> db_;  // guarded by mu_
};

// Milliseconds since the Unix epoch, for created/updated columns and events.
int64_t NowUnixMs();

}  // namespace beatframe::service
