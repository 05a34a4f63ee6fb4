// Storage: the drafts and draft_revisions tables (one draft per session and
// audio track, each revision's draft as JSON), and the asset listing drafts
// need to find a session's tracks. Sessions and assets are in storage.cc.
#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
#include "service/storage.h"

namespace beatframe::service {
namespace {

// New tables only (CREATE IF NOT EXISTS), so databases of earlier versions
// gain them on their first open after an upgrade and nothing else changes.
constexpr char kDraftSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS drafts (
  session_id      TEXT NOT NULL REFERENCES sessions(session_id),
  asset_id        TEXT NOT NULL,
  revision        INTEGER NOT NULL,
  created_unix_ms INTEGER NOT NULL,
  updated_unix_ms INTEGER NOT NULL,
  PRIMARY KEY (session_id, asset_id)
);
CREATE TABLE IF NOT EXISTS draft_revisions (
  session_id      TEXT NOT NULL,
  asset_id        TEXT NOT NULL,
  number          INTEGER NOT NULL,
  parent          INTEGER NOT NULL,
  description     TEXT NOT NULL,
  draft_json      TEXT NOT NULL,
  created_unix_ms INTEGER NOT NULL,
  PRIMARY KEY (session_id, asset_id, number),
  FOREIGN KEY (session_id, asset_id) REFERENCES drafts(session_id, asset_id)
);
CREATE INDEX IF NOT EXISTS assets_by_session ON assets(session_id);
)sql";

}  // namespace

absl::Status Storage::CreateDraftSchemaLocked() { return db_->ExecScript(kDraftSchema); }

absl::Status Storage::InsertDraftRevisions(const std::vector<DraftRevisionRecord>& revisions) {
  if (revisions.empty()) return absl::OkStatus();
  const DraftRevisionRecord& last = revisions.back();
  std::lock_guard<std::mutex> lock(mu_);
  // One transaction: the draft row never names a revision that is not stored.
  BF_RETURN_IF_ERROR(db_->ExecScript("BEGIN IMMEDIATE;"));
  absl::Status status =
      db_->Run("INSERT INTO drafts (session_id, asset_id, revision, created_unix_ms, updated_unix_ms) "
               "VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id, asset_id) DO UPDATE SET "
               "revision = excluded.revision, updated_unix_ms = excluded.updated_unix_ms",
               {last.session_id, last.asset_id, last.number, revisions.front().created_unix_ms,
                last.created_unix_ms})
          .status();
  for (size_t i = 0; status.ok() && i < revisions.size(); ++i) {
    const DraftRevisionRecord& r = revisions[i];
    status = db_->Run("INSERT INTO draft_revisions (session_id, asset_id, number, parent, description, draft_json, "
                      "created_unix_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      {r.session_id, r.asset_id, r.number, r.parent, r.description, r.draft_json, r.created_unix_ms})
                 .status();
  }
  if (!status.ok()) {
    db_->ExecScript("ROLLBACK;").IgnoreError();
    return status;
  }
  return db_->ExecScript("COMMIT;");
}

absl::StatusOr<std::vector<DraftRevisionRecord>> Storage::GetDraftRevisions(const std::string& session_id,
                                                                            const std::string& asset_id) {
  std::vector<DraftRevisionRecord> revisions;
  std::lock_guard<std::mutex> lock(mu_);
  BF_RETURN_IF_ERROR(db_->Run("SELECT session_id, asset_id, number, parent, description, draft_json, created_unix_ms "
                              "FROM draft_revisions WHERE session_id = ? AND asset_id = ? ORDER BY number",
                              {session_id, asset_id},
                              [&](const SqlRow& row) {
                                revisions.push_back(DraftRevisionRecord{row.Text(0), row.Text(1), row.Int(2),
                                                                        row.Int(3), row.Text(4), row.Text(5),
                                                                        row.Int(6)});
                              })
                         .status());
  return revisions;
}

absl::StatusOr<std::vector<DraftRecord>> Storage::ListDrafts(const std::string& session_id) {
  std::vector<DraftRecord> drafts;
  std::lock_guard<std::mutex> lock(mu_);
  BF_RETURN_IF_ERROR(db_->Run("SELECT session_id, asset_id, revision, created_unix_ms, updated_unix_ms FROM drafts "
                              "WHERE session_id = ? ORDER BY updated_unix_ms DESC, rowid DESC",
                              {session_id},
                              [&](const SqlRow& row) {
                                drafts.push_back(
                                    DraftRecord{row.Text(0), row.Text(1), row.Int(2), row.Int(3), row.Int(4)});
                              })
                         .status());
  return drafts;
}

absl::StatusOr<std::vector<std::string>> Storage::ListAssetIds(const std::string& session_id) {
  std::vector<std::string> ids;
  std::lock_guard<std::mutex> lock(mu_);
  BF_RETURN_IF_ERROR(db_->Run("SELECT asset_id FROM assets WHERE session_id = ? "
                              "ORDER BY created_unix_ms DESC, rowid DESC",
                              {session_id}, [&](const SqlRow& row) { ids.push_back(row.Text(0)); })
                         .status());
  return ids;
}

}  // namespace beatframe::service
