// A SQLite database handle and prepared statements, as RAII values with Status errors.
//
// Not thread-safe: one SqliteDatabase per thread (the library is built serialized,
// but ferry never shares a handle). Errors carry sqlite3_errmsg and the path.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_DATABASE_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_DATABASE_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/c_handle.h"
#include "ferry/status.h"

namespace ferry {

using SqliteDbHandle = CHandle<sqlite3, &sqlite3_close_v2>;
using SqliteStmtHandle = CHandle<sqlite3_stmt, &sqlite3_finalize>;

class SqliteStatement {
 public:
  explicit SqliteStatement(SqliteStmtHandle stmt) : stmt_(std::move(stmt)) {}

  // Advances to the next row. Returns true when a row is ready, false when done.
  Result<bool> Step();
  Status Reset();

  Status BindInt64(int index, int64_t value);  // 1-based index
  Status BindText(int index, std::string_view value);
  Status BindBlob(int index, std::string_view value);
  Status BindNull(int index);

  int ColumnCount() const { return sqlite3_column_count(stmt_.get()); }
  int ColumnType(int column) const { return sqlite3_column_type(stmt_.get(), column); }
  int64_t ColumnInt64(int column) const { return sqlite3_column_int64(stmt_.get(), column); }
  double ColumnDouble(int column) const { return sqlite3_column_double(stmt_.get(), column); }
  // Text or blob bytes, valid until the next Step/Reset.
  std::string_view ColumnText(int column) const;
  std::string_view ColumnBlob(int column) const;
  std::string_view ColumnName(int column) const { return sqlite3_column_name(stmt_.get(), column); }
  sqlite3_stmt* get() const { return stmt_.get(); }

 private:
  Status Check(int rc, std::string_view what);
  SqliteStmtHandle stmt_;
};

class SqliteDatabase {
 public:
  struct Options {
    bool read_only = false;
    bool create = false;  // create the file when missing (ignored when read_only)
    int busy_timeout_ms = 0;
  };
  // Fails with NotFound when the file is missing and !create (never creating
  // it then), InvalidArgument when the path is a directory or, read-only, a
  // 0-byte file (a source with nothing in it is a mistake, not an empty copy).
  static Result<SqliteDatabase> Open(const std::string& path, Options options);

  // Runs one or more statements; fills *error_offset (byte offset in sql of the failing
  // statement) when given.
  Status Exec(std::string_view sql, int* error_offset = nullptr);
  Result<SqliteStatement> Prepare(std::string_view sql);

  // The last error of this handle: "message (code N)".
  std::string LastError() const;
  int64_t Changes() const { return sqlite3_changes64(db_.get()); }
  bool InTransaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }
  const std::string& path() const { return path_; }
  sqlite3* get() const { return db_.get(); }

 private:
  SqliteDatabase(SqliteDbHandle db, std::string path)
      : db_(std::move(db)), path_(std::move(path)) {}
  SqliteDbHandle db_;
  std::string path_;
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_DATABASE_H_
