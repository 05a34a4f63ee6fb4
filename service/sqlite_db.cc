#include "service/sqlite_db.h"

#include <sqlite3.h>

#include "absl/strings/str_cat.h"

namespace beatframe::service {

int64_t SqlRow::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

double SqlRow::Double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string SqlRow::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

absl::StatusOr<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return absl::InternalError(absl::StrCat("open database '", path, "': ", message));
  }
  // Several threads may touch the file through WAL checkpoints; wait rather than fail.
  sqlite3_busy_timeout(db, 5000);
  return std::unique_ptr<SqliteDb>(new SqliteDb(db));
}

SqliteDb::~SqliteDb() { sqlite3_close(db_); }

absl::Status SqliteDb::Error(int rc, std::string_view what) const {
  return absl::InternalError(absl::StrCat("database ", std::string(what), ": ", sqlite3_errmsg(db_), " (", rc, ")"));
}

absl::Status SqliteDb::ExecScript(const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    return absl::InternalError(absl::StrCat("database script: ", message));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> SqliteDb::Run(std::string_view sql, std::initializer_list<SqlValue> params,
                                      const std::function<void(const SqlRow&)>& on_row) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
  if (rc != SQLITE_OK) return Error(rc, absl::StrCat("prepare '", std::string(sql), "'"));
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, &sqlite3_finalize);

  int index = 1;
  for (const SqlValue& value : params) {
    if (std::holds_alternative<std::nullptr_t>(value)) {
      rc = sqlite3_bind_null(raw, index);
    } else if (const auto* i = std::get_if<int64_t>(&value)) {
      rc = sqlite3_bind_int64(raw, index, *i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(raw, index, *d);
    } else {
      const std::string& s = std::get<std::string>(value);
      rc = sqlite3_bind_text(raw, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
    if (rc != SQLITE_OK) return Error(rc, "bind");
    ++index;
  }
  const SqlRow row(raw);
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    if (on_row) on_row(row);
  }
  if (rc != SQLITE_DONE) return Error(rc, absl::StrCat("step '", std::string(sql), "'"));
  return static_cast<int64_t>(sqlite3_changes(db_));
}

}  // namespace beatframe::service
