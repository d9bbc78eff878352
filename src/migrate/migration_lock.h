// The database-wide lock that keeps two deployers from migrating at once.
//
// Implementations: PgAdvisoryLock (PostgreSQL: a session advisory lock with the
// key sqlx uses, so ferry and sqlx-cli exclude each other), SqliteImmediateLock
// (SQLite: a BEGIN IMMEDIATE transaction the migrations nest in) and TableLock
// (CockroachDB, which has no advisory locks: a row in a lock table).
//
// The migrator acquires the lock, then reads the history, so whatever another
// deployer applied before is seen and never applied twice.
#ifndef FERRY_MIGRATE_MIGRATION_LOCK_H_
#define FERRY_MIGRATE_MIGRATION_LOCK_H_

#include <chrono>
#include <functional>
#include <string>

#include "ferry/status.h"

namespace ferry::migrate {

struct LockOptions {
  // How long Acquire waits for another holder; zero waits without limit.
  std::chrono::milliseconds timeout{0};
  // Called once, before waiting, with a sentence saying what is waited for.
  std::function<void(const std::string&)> on_wait;
};

class MigrationLock {
 public:
  virtual ~MigrationLock() = default;
  // Blocks until the lock is held, or fails with kTimeout saying who holds it.
  virtual Status Acquire() = 0;
  // Releases a held lock; does nothing when not held.
  virtual Status Release() = 0;
  // True when holding the lock is an open transaction (SQLite): a
  // `-- no-transaction` script then runs between Release() and Acquire().
  virtual bool IsTransaction() const { return false; }
};

// Acquires in the constructor's caller, releases when destroyed.
class LockGuard {
 public:
  explicit LockGuard(MigrationLock& lock) : lock_(lock) {}
  ~LockGuard() { (void)lock_.Release(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  MigrationLock& lock_;
};

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_MIGRATION_LOCK_H_
