#include "connectors/sqlite/sqlite_database.h"

#include <filesystem>
#include <string>

namespace ferry {

Status SqliteStatement::Check(int rc, std::string_view what) {
  if (rc == SQLITE_OK) return Status::OK();
  sqlite3* db = sqlite3_db_handle(stmt_.get());
  return Status::DataError(std::string(what) + ": " + sqlite3_errmsg(db));
}

Result<bool> SqliteStatement::Step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_.get());
  std::string message = sqlite3_errmsg(db);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    return Status::Timeout("database is locked: " + message);
  if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) return Status::Corruption(message);
  return Status::DataError(message);
}

Status SqliteStatement::Reset() { return Check(sqlite3_reset(stmt_.get()), "reset"); }

Status SqliteStatement::BindInt64(int index, int64_t value) {
  return Check(sqlite3_bind_int64(stmt_.get(), index, value), "bind");
}
Status SqliteStatement::BindText(int index, std::string_view value) {
  return Check(sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8),
               "bind");
}
Status SqliteStatement::BindBlob(int index, std::string_view value) {
  return Check(
      sqlite3_bind_blob64(stmt_.get(), index, value.data(), value.size(), SQLITE_TRANSIENT),
      "bind");
}
Status SqliteStatement::BindNull(int index) {
  return Check(sqlite3_bind_null(stmt_.get(), index), "bind");
}

std::string_view SqliteStatement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_.get(), column);
  int size = sqlite3_column_bytes(stmt_.get(), column);
  return text == nullptr ? std::string_view()
                         : std::string_view(reinterpret_cast<const char*>(text), size);
}

std::string_view SqliteStatement::ColumnBlob(int column) const {
  const void* blob = sqlite3_column_blob(stmt_.get(), column);
  int size = sqlite3_column_bytes(stmt_.get(), column);
  return blob == nullptr ? std::string_view()
                         : std::string_view(static_cast<const char*>(blob), size);
}

namespace {

// What the path is before SQLite sees it: SQLite calls a directory "disk I/O
// error", opens a 0-byte file as an empty database and creates a missing one.
Status CheckPath(const std::string& path, const SqliteDatabase::Options& options) {
  std::error_code ec;
  std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) {
    return Status::InvalidArgument("sqlite:" + path +
                                   " is a directory, not a SQLite database file (give the path "
                                   "of the database file itself)");
  }
  if (!std::filesystem::exists(status)) {
    if (options.create && !options.read_only) return Status::OK();
    return Status::NotFound("SQLite database '" + path + "' does not exist (check the path)");
  }
  if (options.read_only && std::filesystem::is_regular_file(status) &&
      std::filesystem::file_size(path, ec) == 0 && !ec) {
    return Status::InvalidArgument("sqlite:" + path +
                                   " is empty (0 bytes): no tables to read (check the path; a "
                                   "SQLite database file is never empty)");
  }
  return Status::OK();
}

}  // namespace

Result<SqliteDatabase> SqliteDatabase::Open(const std::string& path, Options options) {
  FERRY_RETURN_IF_ERROR(CheckPath(path, options));
  int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (options.create && !options.read_only) flags |= SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_NOMUTEX;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteDbHandle db(raw);
  if (rc != SQLITE_OK) {
    std::string message = raw ? sqlite3_errmsg(raw) : "out of memory";
    return Status::IoError("cannot open SQLite database '" + path + "': " + message);
  }
  sqlite3_extended_result_codes(db.get(), 1);
  if (options.busy_timeout_ms > 0) sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);
  // A file that is not a database fails on first read; check now for a clear message.
  rc = sqlite3_exec(db.get(), "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    return Status::Corruption("'" + path +
                              "' is not a usable SQLite database: " + sqlite3_errmsg(db.get()));
  }
  return SqliteDatabase(std::move(db), path);
}

Status SqliteDatabase::Exec(std::string_view sql, int* error_offset) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
  CHandle<char, &sqlite3_free> owned(message);
  if (rc == SQLITE_OK) return Status::OK();
  if (error_offset != nullptr) *error_offset = sqlite3_error_offset(db_.get());
  std::string what = owned ? owned.get() : sqlite3_errstr(rc);
  if ((rc & 0xff) == SQLITE_BUSY) return Status::Timeout("database is locked: " + what);
  return Status::DataError(what);
}

Result<SqliteStatement> SqliteDatabase::Prepare(std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  int rc =
      sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), 0, &raw, nullptr);
  SqliteStmtHandle stmt(raw);
  if (rc != SQLITE_OK) return Status::DataError(LastError());
  return SqliteStatement(std::move(stmt));
}

std::string SqliteDatabase::LastError() const {
  return std::string(sqlite3_errmsg(db_.get())) + " (code " +
         std::to_string(sqlite3_extended_errcode(db_.get())) + ")";
}

}  // namespace ferry
