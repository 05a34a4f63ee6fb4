#include "service/storage.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "engine/common/status_macros.h"
#include "service/error_reasons.h"
#include "service/id_generator.h"

namespace beatframe::service {
namespace fs = std::filesystem;

namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS sessions (
  session_id      TEXT PRIMARY KEY,
  label           TEXT NOT NULL,
  created_unix_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS assets (
  asset_id        TEXT PRIMARY KEY,
  session_id      TEXT NOT NULL REFERENCES sessions(session_id),
  file_name       TEXT NOT NULL,
  format          TEXT NOT NULL,
  codec           TEXT NOT NULL,
  duration_s      REAL NOT NULL,
  sample_rate_hz  INTEGER NOT NULL,
  channels        INTEGER NOT NULL,
  size_bytes      INTEGER NOT NULL,
  sha256          TEXT NOT NULL,
  title           TEXT NOT NULL,
  artist          TEXT NOT NULL,
  album           TEXT NOT NULL,
  path            TEXT NOT NULL,
  created_unix_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
  job_id          TEXT PRIMARY KEY,
  session_id      TEXT NOT NULL REFERENCES sessions(session_id),
  asset_id        TEXT NOT NULL,
  prompt          TEXT NOT NULL,
  aspect          TEXT NOT NULL,
  output_id       TEXT NOT NULL,
  state           TEXT NOT NULL,
  stage           INTEGER NOT NULL,
  fraction        REAL NOT NULL,
  error_code      INTEGER NOT NULL,
  error_message   TEXT NOT NULL,
  created_unix_ms INTEGER NOT NULL,
  updated_unix_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS outputs (
  output_id       TEXT PRIMARY KEY,
  session_id      TEXT NOT NULL REFERENCES sessions(session_id),
  job_id          TEXT NOT NULL,
  path            TEXT NOT NULL,
  size_bytes      INTEGER NOT NULL,
  sha256          TEXT NOT NULL,
  duration_s      REAL NOT NULL,
  width           INTEGER NOT NULL,
  height          INTEGER NOT NULL,
  fps_num         INTEGER NOT NULL,
  fps_den         INTEGER NOT NULL,
  style           TEXT NOT NULL,
  palette         TEXT NOT NULL,
  tempo_bpm       REAL NOT NULL,
  beat_count      INTEGER NOT NULL,
  created_unix_ms INTEGER NOT NULL
);
)sql";

// Added after the first release: created here for new databases and added
// to older ones by CreateSchema (ALTER TABLE ADD COLUMN), so both end alike.
constexpr char kTokensSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS tokens (
  token_hash      TEXT PRIMARY KEY,
  created_unix_ms INTEGER NOT NULL,
  expires_unix_ms INTEGER NOT NULL,
  credits         INTEGER NOT NULL
);
)sql";

struct AddedColumn {
  const char* table;
  const char* column;
  const char* declaration;
};
constexpr AddedColumn kAddedColumns[] = {
    {"sessions", "owner", "TEXT NOT NULL DEFAULT ''"},
    {"jobs", "contact_sheet_id", "TEXT NOT NULL DEFAULT ''"},
    {"jobs", "credits", "INTEGER NOT NULL DEFAULT 0"},
    {"jobs", "spec", "TEXT NOT NULL DEFAULT ''"},
    // Montage images and clips.
    {"assets", "kind", "TEXT NOT NULL DEFAULT ''"},
    {"assets", "width", "INTEGER NOT NULL DEFAULT 0"},
    {"assets", "height", "INTEGER NOT NULL DEFAULT 0"},
};

absl::Status MakeDirs(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return absl::InternalError(absl::StrCat("create directory '", dir.string(), "': ", ec.message()));
  return absl::OkStatus();
}

}  // namespace

int64_t NowUnixMs() { return absl::ToUnixMillis(absl::Now()); }

absl::StatusOr<std::unique_ptr<Storage>> Storage::Open(const std::string& data_dir) {
  std::error_code ec;
  const fs::path root = fs::absolute(data_dir, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("data dir '", data_dir, "': ", ec.message()));
  BF_RETURN_IF_ERROR(MakeDirs(root / "tmp"));
  BF_RETURN_IF_ERROR(MakeDirs(root / "sessions"));
  BF_ASSIGN_OR_RETURN(auto db, SqliteDb::Open((root / "beatframe.db").string()));
  std::unique_ptr<Storage> storage(new Storage(root.string(), std::move(db)));
  BF_RETURN_IF_ERROR(storage->CreateSchema());
  BF_RETURN_IF_ERROR(storage->Recover());
  return storage;
}

absl::Status Storage::CreateSchema() {
  std::lock_guard<std::mutex> lock(mu_);
  // WAL lets readers and the writer overlap and survives a crash mid-write;
  // NORMAL sync is durable enough with WAL and much cheaper than FULL.
  BF_RETURN_IF_ERROR(db_->ExecScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"));
  BF_RETURN_IF_ERROR(db_->ExecScript(kSchema));
  BF_RETURN_IF_ERROR(db_->ExecScript(kTokensSchema));
  BF_RETURN_IF_ERROR(CreateDraftSchemaLocked());
  for (const AddedColumn& added : kAddedColumns) {
    BF_RETURN_IF_ERROR(AddColumnIfMissing(added.table, added.column, added.declaration));
  }
  // Credit balances and job lists look sessions up by owner and jobs by session.
  return db_->ExecScript(
      "CREATE INDEX IF NOT EXISTS sessions_by_owner ON sessions(owner);"
      "CREATE INDEX IF NOT EXISTS jobs_by_session ON jobs(session_id);");
}

absl::Status Storage::AddColumnIfMissing(const std::string& table, const std::string& column,
                                         const std::string& declaration) {
  bool present = false;
  // table_info cannot take a bound table name; callers pass constants only.
  BF_RETURN_IF_ERROR(db_->Run(absl::StrCat("PRAGMA table_info(", table, ")"), {},
                              [&](const SqlRow& row) { present = present || row.Text(1) == column; })
                         .status());
  if (present) return absl::OkStatus();
  return db_->ExecScript(absl::StrCat("ALTER TABLE ", table, " ADD COLUMN ", column, " ", declaration, ";"));
}

absl::Status Storage::Recover() {
  // Uploads that were streaming when the last run ended are incomplete.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(data_dir_) / "tmp", ec)) {
    fs::remove_all(entry.path(), ec);
  }
  // A render killed mid-way leaves its .partial file behind.
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(data_dir_) / "sessions", ec)) {
    if (entry.is_regular_file() && absl::EndsWith(entry.path().string(), ".partial")) {
      std::error_code remove_ec;
      fs::remove(entry.path(), remove_ec);
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  // Jobs with a stored spec are resumed by the JobManager; rows written before
  // specs were stored cannot be, so they fail as they used to.
  return db_->Run(
                "UPDATE jobs SET state = ?, stage = 8, error_code = 13, error_message = ?, updated_unix_ms = ? "
                "WHERE state IN (?, ?) AND spec = ''",
                {std::string(kJobFailed), std::string(kRestartedJobMessage), NowUnixMs(), std::string(kJobQueued),
                 std::string(kJobRunning)})
      .status();
}

std::string Storage::NewTempPath(const std::string& prefix) const {
  return (fs::path(data_dir_) / "tmp" / absl::StrCat(prefix, "-", NewRandomId(12), ".part")).string();
}

std::string Storage::AssetPath(const std::string& session_id, const std::string& asset_id,
                               const std::string& extension) const {
  return (fs::path(data_dir_) / "sessions" / session_id / "assets" / absl::StrCat(asset_id, extension)).string();
}

std::string Storage::OutputPath(const std::string& session_id, const std::string& output_id) const {
  return (fs::path(data_dir_) / "sessions" / session_id / "outputs" / absl::StrCat(output_id, ".mp4")).string();
}

absl::Status Storage::CreateSession(const SessionRecord& session) {
  const fs::path dir = fs::path(data_dir_) / "sessions" / session.session_id;
  BF_RETURN_IF_ERROR(MakeDirs(dir / "assets"));
  BF_RETURN_IF_ERROR(MakeDirs(dir / "outputs"));
  std::lock_guard<std::mutex> lock(mu_);
  return db_->Run("INSERT INTO sessions (session_id, label, created_unix_ms, owner) VALUES (?, ?, ?, ?)",
                  {session.session_id, session.label, session.created_unix_ms, session.owner})
      .status();
}

absl::Status Storage::CheckSession(const std::string& session_id, const std::string& owner) {
  bool found = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    BF_RETURN_IF_ERROR(db_->Run("SELECT 1 FROM sessions WHERE session_id = ? AND owner = ?", {session_id, owner},
                                [&](const SqlRow&) { found = true; })
                           .status());
  }
  if (!found) {
    // Another token's session looks exactly like one that does not exist.
    return WithReason(absl::NotFoundError(absl::StrCat("session '", session_id,
                                                       "' not found; create one with CreateSession first")),
                      kReasonSessionNotFound);
  }
  return absl::OkStatus();
}

absl::StatusOr<AssetRecord> Storage::CommitAsset(const std::string& temp_path, AssetRecord record) {
  // The extension only helps people browsing the data dir; never trust it blindly.
  const bool plain = !record.format.empty() && record.format.size() <= 8 &&
                     std::all_of(record.format.begin(), record.format.end(),
                                 [](char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)); });
  record.path = AssetPath(record.session_id, record.asset_id, plain ? "." + record.format : ".audio");
  std::error_code ec;
  fs::rename(temp_path, record.path, ec);
  if (ec) {
    fs::remove(temp_path, ec);
    return absl::InternalError(absl::StrCat("store upload '", record.file_name, "': ", ec.message()));
  }
  absl::Status status;
  {
    std::lock_guard<std::mutex> lock(mu_);
    status = db_->Run(
                    "INSERT INTO assets (asset_id, session_id, file_name, format, codec, duration_s, "
                    "sample_rate_hz, channels, size_bytes, sha256, title, artist, album, path, created_unix_ms, "
                    "kind, width, height) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    {record.asset_id, record.session_id, record.file_name, record.format, record.codec,
                     record.duration_s, int64_t{record.sample_rate_hz}, int64_t{record.channels},
                     record.size_bytes, record.sha256, record.title, record.artist, record.album, record.path,
                     record.created_unix_ms, record.kind, int64_t{record.width}, int64_t{record.height}})
                 .status();
  }
  if (!status.ok()) {
    // Nothing refers to the file without its row: do not keep it.
    fs::remove(record.path, ec);
    return status;
  }
  return record;
}

absl::StatusOr<AssetRecord> Storage::GetAsset(const std::string& session_id, const std::string& asset_id) {
  AssetRecord record;
  bool found = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    BF_RETURN_IF_ERROR(db_->Run("SELECT asset_id, session_id, file_name, format, codec, duration_s, sample_rate_hz, "
                                "channels, size_bytes, sha256, title, artist, album, path, created_unix_ms, "
                                "kind, width, height "
                                "FROM assets WHERE session_id = ? AND asset_id = ?",
                                {session_id, asset_id},
                                [&](const SqlRow& row) {
                                  found = true;
                                  record = AssetRecord{row.Text(0), row.Text(1), row.Text(2),
                                                       row.Text(3), row.Text(4), row.Double(5),
                                                       static_cast<int>(row.Int(6)), static_cast<int>(row.Int(7)),
                                                       row.Int(8), row.Text(9), row.Text(10),
                                                       row.Text(11), row.Text(12), row.Text(13), row.Int(14),
                                                       row.Text(15), static_cast<int>(row.Int(16)),
                                                       static_cast<int>(row.Int(17))};
                                })
                           .status());
  }
  if (!found) {
    return absl::NotFoundError(absl::StrCat("asset '", asset_id, "' not found in session '", session_id,
                                            "'; upload it with UploadMedia first"));
  }
  return record;
}

}  // namespace beatframe::service
