#include "migrate/migration_target.h"

#include <unistd.h>

#include "migrate/pg_advisory_lock.h"
#include "migrate/pg_migration_database.h"
#include "migrate/sqlite_immediate_lock.h"
#include "migrate/sqlite_migration_database.h"
#include "migrate/table_lock.h"

namespace ferry::migrate {
namespace {

std::string ThisProcess() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return "ferry pid " + std::to_string(getpid()) + " on " + host;
}

Status OpenPostgres(const Endpoint& endpoint, LockKind kind, LockOptions options,
                    HistoryTableOptions history, MigrationTarget& target) {
  FERRY_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(endpoint, "ferry migrate"));
  target.pg = std::make_unique<PgConnection>(std::move(conn));
  // A deployer killed mid-migration leaves its backend running the statement,
  // holding the lock, until it notices the client is gone; PostgreSQL 14+ can
  // check every second. Older servers and CockroachDB lack the setting: fine.
  (void)target.pg->Run("SET client_connection_check_interval = '1s'");
  if (kind == LockKind::kAuto) {
    FERRY_ASSIGN_OR_RETURN(std::string version, target.pg->ServerVersionText());
    kind =
        version.find("CockroachDB") != std::string::npos ? LockKind::kTable : LockKind::kAdvisory;
  }
  target.db = std::make_unique<PgMigrationDatabase>(*target.pg, std::move(history));
  if (kind == LockKind::kTable) {
    target.lock = std::make_unique<TableLock>(*target.pg, std::move(options), ThisProcess());
  } else {
    target.lock = std::make_unique<PgAdvisoryLock>(*target.pg, std::move(options));
  }
  return Status::OK();
}

Status OpenSqlite(const Endpoint& endpoint, LockKind kind, LockOptions options,
                  HistoryTableOptions history, bool create, MigrationTarget& target) {
  if (kind != LockKind::kAuto) {
    return Status::InvalidArgument(
        "--lock applies to PostgreSQL; SQLite always locks with "
        "BEGIN IMMEDIATE");
  }
  SqliteDatabase::Options open;
  open.read_only = endpoint.read_only;
  open.create = create;
  open.busy_timeout_ms = 5000;
  FERRY_ASSIGN_OR_RETURN(SqliteDatabase db, SqliteDatabase::Open(endpoint.path, open));
  target.sqlite = std::make_unique<SqliteDatabase>(std::move(db));
  target.db = std::make_unique<SqliteMigrationDatabase>(*target.sqlite, std::move(history));
  target.lock = std::make_unique<SqliteImmediateLock>(*target.sqlite, std::move(options));
  return Status::OK();
}

}  // namespace

Result<LockKind> ParseLockKind(std::string_view text) {
  if (text == "auto") return LockKind::kAuto;
  if (text == "advisory") return LockKind::kAdvisory;
  if (text == "table") return LockKind::kTable;
  return Status::InvalidArgument("--lock must be auto, advisory or table, not '" +
                                 std::string(text) + "'");
}

Result<std::unique_ptr<MigrationTarget>> OpenMigrationTarget(const Endpoint& endpoint,
                                                             LockKind lock_kind,
                                                             LockOptions lock_options,
                                                             HistoryTableOptions history,
                                                             bool create) {
  auto target = std::make_unique<MigrationTarget>();
  if (endpoint.kind == EndpointKind::kPostgres) {
    FERRY_RETURN_IF_ERROR(
        OpenPostgres(endpoint, lock_kind, std::move(lock_options), std::move(history), *target));
  } else if (endpoint.kind == EndpointKind::kSqlite) {
    FERRY_RETURN_IF_ERROR(OpenSqlite(endpoint, lock_kind, std::move(lock_options),
                                     std::move(history), create, *target));
  } else {
    return Status::InvalidArgument(
        "ferry migrate works on PostgreSQL (postgres://…) and SQLite "
        "(sqlite:PATH) databases, not " +
        std::string(EndpointKindName(endpoint.kind)) + " (" + endpoint.Redacted() + ")");
  }
  return target;
}

}  // namespace ferry::migrate
