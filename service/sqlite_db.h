// A thin RAII wrapper over one SQLite connection: parameterised statements
// only, errors as absl::Status. Storage builds the service's tables on it.
// Not thread-safe by itself; Storage serialises access with its own mutex.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct sqlite3;
struct sqlite3_stmt;

namespace beatframe::service {

// A value bound to a '?' placeholder, in order.
using SqlValue = std::variant<std::nullptr_t, int64_t, double, std::string>;

// Read access to the current result row inside a Query callback.
class SqlRow {
 public:
  explicit SqlRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
  int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;

 private:
  sqlite3_stmt* stmt_;
};

class SqliteDb {
 public:
  // Opens (creating if needed) the database file at `path`.
  static absl::StatusOr<std::unique_ptr<SqliteDb>> Open(const std::string& path);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Runs one or more statements without parameters (schema, pragmas).
  absl::Status ExecScript(const std::string& sql);

  // Runs one statement with `params` bound in order and calls `on_row` for
  // every result row. Returns the number of rows changed (for writes).
  absl::StatusOr<int64_t> Run(std::string_view sql, std::initializer_list<SqlValue> params = {},
                              const std::function<void(const SqlRow&)>& on_row = nullptr);

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  absl::Status Error(int rc, std::string_view what) const;

  sqlite3* db_;
};

}  // namespace beatframe::service
