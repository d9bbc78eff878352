// The migration lock as a row in a table, for servers without advisory locks
// (CockroachDB). Untested against CockroachDB itself; tested on PostgreSQL.
//
// The table `_ferry_migrate_lock` holds at most one row (id = 1). Acquire inserts
// it (INSERT … ON CONFLICT DO NOTHING) and, while another holder's row is there,
// polls every 200 ms. A deployer that dies leaves its row: the timeout message
// says how to remove it.
#ifndef FERRY_MIGRATE_TABLE_LOCK_H_
#define FERRY_MIGRATE_TABLE_LOCK_H_

#include <string>

#include "connectors/postgres/pg_connection.h"
#include "migrate/migration_lock.h"

namespace ferry::migrate {

inline constexpr std::string_view kLockTable = "_ferry_migrate_lock";

class TableLock : public MigrationLock {
 public:
  // `conn` must outlive the lock. `holder` names this process in the row.
  TableLock(PgConnection& conn, LockOptions options, std::string holder)
      : conn_(conn), options_(std::move(options)), holder_(std::move(holder)) {}

  Status Acquire() override;
  Status Release() override;

 private:
  // Inserts the row; returns false when another holder has it (and its name).
  Result<bool> TryInsert(std::string* other_holder);

  PgConnection& conn_;
  LockOptions options_;
  std::string holder_;
  bool held_ = false;
};

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_TABLE_LOCK_H_
