#include "migrate/sqlite_migration_database.h"

#include "migrate/sql_script.h"

namespace ferry::migrate {
namespace {

// sqlx-sqlite/src/migrate.rs, ensure_migrations_table.
constexpr std::string_view kCreateHistoryTable = R"(
CREATE TABLE IF NOT EXISTS {table} (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    success BOOLEAN NOT NULL,
    checksum BLOB NOT NULL,
    execution_time BIGINT NOT NULL
);
)";

}  // namespace

// SQLite cannot create schemas; like sqlx, accept those that are attached already.
Status SqliteMigrationDatabase::EnsureHistoryTable() {
  for (const std::string& schema : history_.create_schemas) {
    if (!db_.Exec("PRAGMA " + schema + ".schema_version").ok()) {
      return Status::InvalidArgument("cannot create schema " + schema +
                                     " in SQLite (that needs an attached database file); remove "
                                     "it from create-schemas in sqlx.toml");
    }
  }
  return db_.Exec(Sql(kCreateHistoryTable));
}

Result<std::vector<AppliedMigration>> SqliteMigrationDatabase::ListApplied() {
  size_t dot = history_.table.find('.');
  std::string schema = dot == std::string::npos ? "main" : history_.table.substr(0, dot);
  std::string name = dot == std::string::npos ? history_.table : history_.table.substr(dot + 1);
  FERRY_ASSIGN_OR_RETURN(
      SqliteStatement exists,
      db_.Prepare("SELECT 1 FROM " + schema + ".sqlite_schema WHERE type = 'table' AND name = ?1"));
  FERRY_RETURN_IF_ERROR(exists.BindText(1, name));
  FERRY_ASSIGN_OR_RETURN(bool found, exists.Step());
  if (!found) return std::vector<AppliedMigration>{};
  FERRY_ASSIGN_OR_RETURN(SqliteStatement rows,
                         db_.Prepare(Sql("SELECT version, description, installed_on, success, "
                                         "checksum, execution_time FROM {table} "
                                         "ORDER BY version")));
  std::vector<AppliedMigration> applied;
  while (true) {
    FERRY_ASSIGN_OR_RETURN(bool row, rows.Step());
    if (!row) break;
    AppliedMigration m;
    m.version = rows.ColumnInt64(0);
    m.description = rows.ColumnText(1);
    m.installed_on = rows.ColumnText(2);
    m.success = rows.ColumnInt64(3) != 0;
    m.checksum = rows.ColumnBlob(4);
    m.execution_time_ns = rows.ColumnInt64(5);
    applied.push_back(std::move(m));
  }
  return applied;
}

Status SqliteMigrationDatabase::Begin() {
  savepoint_ = db_.InTransaction();
  return db_.Exec(savepoint_ ? "SAVEPOINT ferry_migration" : "BEGIN");
}

Status SqliteMigrationDatabase::Commit() {
  return db_.Exec(savepoint_ ? "RELEASE ferry_migration" : "COMMIT");
}

void SqliteMigrationDatabase::Rollback() {
  if (!db_.InTransaction()) return;  // SQLite already rolled back after a fatal error
  if (savepoint_) {
    (void)db_.Exec("ROLLBACK TO ferry_migration");
    (void)db_.Exec("RELEASE ferry_migration");
  } else {
    (void)db_.Exec("ROLLBACK");
  }
}

// Prepares and steps one statement at a time, as sqlite3_exec does, but keeps
// where each statement starts so an error can name its line.
Status SqliteMigrationDatabase::ExecuteScript(const MigrationScript& script, bool) {
  std::string_view body = script.body();
  const char* begin = body.data();
  const char* end = begin + body.size();
  const char* next = begin;
  while (next < end) {
    const char* start = next;
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_.get(), start, static_cast<int>(end - start), &raw, &next);
    SqliteStmtHandle statement(raw);
    if (rc == SQLITE_OK && statement != nullptr) {
      while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
      }
      if (rc == SQLITE_DONE) rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK) {
      size_t offset = static_cast<size_t>(start - begin);
      int in_statement = sqlite3_error_offset(db_.get());
      bool exact = in_statement >= 0;
      if (exact) {
        offset += in_statement;
      } else if (auto spans = SplitStatements(body.substr(offset)); !spans.empty()) {
        offset += spans.front().code_offset;
      }
      return Status::DataError(DescribeScriptFailure(script, offset, db_.LastError(), exact));
    }
    if (statement == nullptr) break;  // only whitespace or comments remain
  }
  return Status::OK();
}

Status SqliteMigrationDatabase::InsertApplied(const AppliedMigration& row) {
  FERRY_ASSIGN_OR_RETURN(SqliteStatement insert,
                         db_.Prepare(Sql("INSERT INTO {table} "
                                         "(version, description, success, checksum, "
                                         "execution_time) VALUES (?1, ?2, ?3, ?4, ?5)")));
  FERRY_RETURN_IF_ERROR(insert.BindInt64(1, row.version));
  FERRY_RETURN_IF_ERROR(insert.BindText(2, row.description));
  FERRY_RETURN_IF_ERROR(insert.BindInt64(3, row.success ? 1 : 0));
  FERRY_RETURN_IF_ERROR(insert.BindBlob(4, row.checksum));
  FERRY_RETURN_IF_ERROR(insert.BindInt64(5, row.execution_time_ns));
  return insert.Step().status();
}

Status SqliteMigrationDatabase::SetOutcome(int64_t version, bool success,
                                           int64_t execution_time_ns) {
  FERRY_ASSIGN_OR_RETURN(SqliteStatement update,
                         db_.Prepare(Sql("UPDATE {table} SET success = ?1, "
                                         "execution_time = ?2 WHERE version = ?3")));
  FERRY_RETURN_IF_ERROR(update.BindInt64(1, success ? 1 : 0));
  FERRY_RETURN_IF_ERROR(update.BindInt64(2, execution_time_ns));
  FERRY_RETURN_IF_ERROR(update.BindInt64(3, version));
  return update.Step().status();
}

Status SqliteMigrationDatabase::SetChecksum(int64_t version, std::string_view checksum) {
  FERRY_ASSIGN_OR_RETURN(SqliteStatement update,
                         db_.Prepare(Sql("UPDATE {table} SET checksum = ?1 WHERE version = ?2")));
  FERRY_RETURN_IF_ERROR(update.BindBlob(1, checksum));
  FERRY_RETURN_IF_ERROR(update.BindInt64(2, version));
  return update.Step().status();
}

Status SqliteMigrationDatabase::DeleteApplied(int64_t version) {
  FERRY_ASSIGN_OR_RETURN(SqliteStatement erase,
                         db_.Prepare(Sql("DELETE FROM {table} WHERE version = ?1")));
  FERRY_RETURN_IF_ERROR(erase.BindInt64(1, version));
  return erase.Step().status();
}

Result<std::vector<std::string>> SqliteMigrationDatabase::TableColumns(std::string_view name) {
  FERRY_ASSIGN_OR_RETURN(SqliteStatement info,
                         db_.Prepare("SELECT name FROM pragma_table_info(?1)"));
  FERRY_RETURN_IF_ERROR(info.BindText(1, name));
  std::vector<std::string> columns;
  while (true) {
    FERRY_ASSIGN_OR_RETURN(bool row, info.Step());
    if (!row) break;
    columns.emplace_back(info.ColumnText(0));
  }
  return columns;
}

Result<MigrationDatabase::TextRows> SqliteMigrationDatabase::QueryText(std::string_view sql) {
  FERRY_ASSIGN_OR_RETURN(SqliteStatement query, db_.Prepare(std::string(sql)));
  TextRows out;
  while (true) {
    FERRY_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    auto& values = out.emplace_back();
    for (int column = 0; column < query.ColumnCount(); ++column) {
      if (query.ColumnType(column) == SQLITE_NULL) {
        values.emplace_back(std::nullopt);
      } else {
        values.emplace_back(std::string(query.ColumnText(column)));
      }
    }
  }
  return out;
}

}  // namespace ferry::migrate
