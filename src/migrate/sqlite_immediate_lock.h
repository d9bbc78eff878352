// The migration lock on SQLite: a BEGIN IMMEDIATE transaction.
//
// BEGIN IMMEDIATE takes SQLite's RESERVED lock, which only one connection can
// hold, so a second deployer waits in its own BEGIN IMMEDIATE (busy timeout)
// until the first commits. Migrations nest in it as savepoints; Release()
// commits them all.
#ifndef FERRY_MIGRATE_SQLITE_IMMEDIATE_LOCK_H_
#define FERRY_MIGRATE_SQLITE_IMMEDIATE_LOCK_H_

#include "connectors/sqlite/sqlite_database.h"
#include "migrate/migration_lock.h"

namespace ferry::migrate {

class SqliteImmediateLock : public MigrationLock {
 public:
  // `db` must outlive the lock; the migrations run on the same handle.
  SqliteImmediateLock(SqliteDatabase& db, LockOptions options)
      : db_(db), options_(std::move(options)) {}

  Status Acquire() override;
  Status Release() override;
  bool IsTransaction() const override { return true; }

 private:
  SqliteDatabase& db_;
  LockOptions options_;
  bool held_ = false;
};

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_SQLITE_IMMEDIATE_LOCK_H_
