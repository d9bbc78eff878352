#include "connectors/sqlite/sqlite_run_schema.h"

#include <string>

#include "connectors/sqlite/sqlite_write_lock.h"

namespace ferry {
namespace {

constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE IF NOT EXISTS _ferry_schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS _ferry_runs (
  run_id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  snapshot TEXT NOT NULL DEFAULT '',
  source_state TEXT NOT NULL DEFAULT '',
  snapshot_note TEXT NOT NULL DEFAULT '',
  mapping TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'loading'
    CHECK (state IN ('loading', 'finishing', 'done', 'abandoned')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  finished_at TEXT);
CREATE TABLE IF NOT EXISTS _ferry_run_options (
  run_id TEXT NOT NULL REFERENCES _ferry_runs ON DELETE CASCADE,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, name));
CREATE TABLE IF NOT EXISTS _ferry_tables (
  run_id TEXT NOT NULL REFERENCES _ferry_runs ON DELETE CASCADE,
  table_no INTEGER NOT NULL,
  source_name TEXT NOT NULL,
  target_name TEXT NOT NULL,
  chunk_by TEXT NOT NULL,
  estimated_rows INTEGER NOT NULL DEFAULT -1,
  created_sql TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, table_no));
CREATE TABLE IF NOT EXISTS _ferry_chunks (
  run_id TEXT NOT NULL,
  table_no INTEGER NOT NULL,
  chunk_no INTEGER NOT NULL,
  lower_int INTEGER,
  upper_int INTEGER,
  lower_key TEXT,
  upper_key TEXT,
  estimated_rows INTEGER NOT NULL DEFAULT -1,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done')),
  rows INTEGER,
  content_hash TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  worker TEXT,
  heartbeat_at REAL,
  started_at REAL,
  finished_at REAL,
  errors INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  PRIMARY KEY (run_id, table_no, chunk_no));
CREATE INDEX IF NOT EXISTS _ferry_chunks_by_state ON _ferry_chunks (run_id, state);
CREATE TABLE IF NOT EXISTS _ferry_workers (
  run_id TEXT NOT NULL,
  worker TEXT NOT NULL,
  process_start TEXT NOT NULL DEFAULT '',
  started_at REAL NOT NULL,
  heartbeat_at REAL NOT NULL,
  exited_at REAL,
  PRIMARY KEY (run_id, worker));
)sql";

}  // namespace

Result<bool> HasSqliteRunSchema(SqliteDatabase& db) {
  FERRY_ASSIGN_OR_RETURN(
      SqliteStatement stmt,
      db.Prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '_ferry_runs'"));
  return stmt.Step();
}

Status EnsureSqliteRunSchema(SqliteDatabase& db) {
  FERRY_ASSIGN_OR_RETURN(SqliteWriteTransaction txn,
                         SqliteWriteTransaction::Begin(db, SqliteFileMutex(db.path())));
  FERRY_RETURN_IF_ERROR(db.Exec(kVersion1));
  FERRY_ASSIGN_OR_RETURN(SqliteStatement version,
                         db.Prepare("SELECT coalesce(max(version), 0) FROM _ferry_schema_version"));
  FERRY_ASSIGN_OR_RETURN(bool row, version.Step());
  int64_t found = row ? version.ColumnInt64(0) : 0;
  if (found > kSqliteRunSchemaVersion) {
    return Status::FailedPrecondition(
        "the _ferry_ tables in " + db.path() + " have version " + std::to_string(found) +
        ", newer than this ferry understands (" + std::to_string(kSqliteRunSchemaVersion) +
        "): use a newer ferry");
  }
  FERRY_RETURN_IF_ERROR(version.Reset());
  if (found < kSqliteRunSchemaVersion) {
    FERRY_RETURN_IF_ERROR(
        db.Exec("DELETE FROM _ferry_schema_version; INSERT INTO "
                "_ferry_schema_version VALUES (" +
                std::to_string(kSqliteRunSchemaVersion) + ")"));
  }
  return txn.Commit().WithContext("creating the _ferry_ tables in " + db.path());
}

}  // namespace ferry
