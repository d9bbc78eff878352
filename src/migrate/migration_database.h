// The database side of migrations: the history table and running scripts.
//
// The history table is sqlx's `_sqlx_migrations`, with exactly sqlx's columns
// (sqlx-postgres/src/migrate.rs and sqlx-sqlite/src/migrate.rs,
// `ensure_migrations_table`):
//
//   version BIGINT PRIMARY KEY, description TEXT NOT NULL,
//   installed_on TIMESTAMPTZ NOT NULL DEFAULT now()   (SQLite: TIMESTAMP … CURRENT_TIMESTAMP),
//   success BOOLEAN NOT NULL, checksum BYTEA NOT NULL (SQLite: BLOB),
//   execution_time BIGINT NOT NULL                     (nanoseconds)
//
// so that sqlx-cli and ferry can take turns on the same database. As in sqlx,
// sqlx.toml may rename the table (`table-name`, used in SQL as written, so it may
// be schema-qualified) and ask for schemas to create first (`create-schemas`).
// Implementations are not thread-safe; one per connection.
#ifndef FERRY_MIGRATE_MIGRATION_DATABASE_H_
#define FERRY_MIGRATE_MIGRATION_DATABASE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ferry/status.h"
#include "migrate/migration.h"

namespace ferry::migrate {

inline constexpr std::string_view kHistoryTable = "_sqlx_migrations";

struct HistoryTableOptions {
  std::string table{kHistoryTable};         // SQL text, e.g. accounts._sqlx_migrations
  std::vector<std::string> create_schemas;  // created (IF NOT EXISTS) before the table
};

// `sql` with every "{table}" replaced by `table`.
std::string WithTable(std::string_view sql, std::string_view table);

// One row of the history table.
struct AppliedMigration {
  int64_t version = 0;
  std::string description;
  std::string installed_on;  // UTC, "YYYY-MM-DD HH:MM:SS"
  bool success = false;
  std::string checksum;  // raw bytes
  int64_t execution_time_ns = 0;
};

class MigrationDatabase {
 public:
  virtual ~MigrationDatabase() = default;

  // The database for messages, without any password.
  virtual std::string Describe() const = 0;

  // Creates the schemas to create and the history table when they do not exist.
  virtual Status EnsureHistoryTable() = 0;
  // Every row ordered by version; empty when the table does not exist yet.
  virtual Result<std::vector<AppliedMigration>> ListApplied() = 0;

  // Starts a transaction (nested in the lock's transaction where there is one),
  // commits it, rolls it back. Rollback never fails.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;

  // Runs `script`. With `in_transaction` false the statements run one at a
  // time, each committed on its own. Errors name the file, the line of the
  // failing statement and the server's message with its position.
  virtual Status ExecuteScript(const MigrationScript& script, bool in_transaction) = 0;

  // History rows. Insert writes installed_on as the server's current time.
  virtual Status InsertApplied(const AppliedMigration& row) = 0;
  virtual Status SetOutcome(int64_t version, bool success, int64_t execution_time_ns) = 0;
  virtual Status SetChecksum(int64_t version, std::string_view checksum) = 0;
  virtual Status DeleteApplied(int64_t version) = 0;

  // For reading other tools' history tables (foreign_history.h). The column
  // names of table `name`, found as an unqualified name is; empty when there is
  // no such table. The default knows no tables.
  virtual Result<std::vector<std::string>> TableColumns(std::string_view name);
  // Every row of `sql`, each value as text (NULL: nullopt).
  using TextRows = std::vector<std::vector<std::optional<std::string>>>;
  virtual Result<TextRows> QueryText(std::string_view sql);
};

// The message for a script that failed at byte `offset` of its body(): the file,
// the line (and column, when `exact`: the server pointed at a character), the
// line's text and the server's `error`.
std::string DescribeScriptFailure(const MigrationScript& script, size_t offset,
                                  std::string_view error, bool exact = false);

// DataError when `script` holds a byte that is not UTF-8 or a NUL (which would
// end the script early), naming the file, the line and the byte's column.
Status CheckScriptText(const MigrationScript& script);

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_MIGRATION_DATABASE_H_
