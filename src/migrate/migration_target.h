// Opens the database a migration command works on, with the right lock.
#ifndef FERRY_MIGRATE_MIGRATION_TARGET_H_
#define FERRY_MIGRATE_MIGRATION_TARGET_H_

#include <memory>
#include <string_view>

#include "connectors/postgres/pg_connection.h"
#include "connectors/sqlite/sqlite_database.h"
#include "ferry/endpoint.h"
#include "migrate/migration_database.h"
#include "migrate/migration_lock.h"

namespace ferry::migrate {

enum class LockKind {
  kAuto,      // SQLite: BEGIN IMMEDIATE; CockroachDB: table; other PostgreSQL: advisory
  kAdvisory,  // PostgreSQL advisory lock (sqlx's key)
  kTable,     // a row in _ferry_migrate_lock
};

// Parses "auto", "advisory", "table".
Result<LockKind> ParseLockKind(std::string_view text);

// A connection with its MigrationDatabase and MigrationLock. Owns all three.
struct MigrationTarget {
  std::unique_ptr<PgConnection> pg;
  std::unique_ptr<SqliteDatabase> sqlite;
  std::unique_ptr<MigrationDatabase> db;
  std::unique_ptr<MigrationLock> lock;
};

// Connects to `endpoint`, keeping the history as `history` says (PostgreSQL family or SQLite). A
// missing SQLite file is created when `create` is true, else NotFound. Other endpoint kinds are
// InvalidArgument.
Result<std::unique_ptr<MigrationTarget>> OpenMigrationTarget(const Endpoint& endpoint,
                                                             LockKind lock_kind,
                                                             LockOptions lock_options,
                                                             HistoryTableOptions history,
                                                             bool create);

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_MIGRATION_TARGET_H_
