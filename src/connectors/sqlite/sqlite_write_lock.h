// SqliteWriteLock: one writer at a time per SQLite file within this process,
// and BEGIN IMMEDIATE with a busy timeout against other processes.
//
// SQLite allows one write transaction per database file. Threads of one ferry
// process that write the same file (chunk writers, the run store) take the
// file's process-wide mutex first, so they queue here instead of spinning in
// SQLite's busy handler; another process holding the file's write lock is
// waited for up to kSqliteBusyTimeoutMs, then reported by name.
// Thread-safe.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_WRITE_LOCK_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_WRITE_LOCK_H_

#include <memory>
#include <mutex>
#include <string>

#include "connectors/sqlite/sqlite_database.h"

namespace ferry {

inline constexpr int kSqliteBusyTimeoutMs = 60000;

// The mutex of the file at `path` (the same object for every spelling of the
// path that names the same file). Never freed: a process writes few files.
std::shared_ptr<std::mutex> SqliteFileMutex(const std::string& path);

// Opens `path` for writing (creating it when missing) with the busy timeout,
// foreign keys not enforced on this connection (checked after the load) and
// synchronous=NORMAL. The user's persistent settings are left alone.
Result<SqliteDatabase> OpenSqliteForWriting(const std::string& path);

// Timeout saying that another process keeps `path` locked, and what to do.
Status HeldElsewhere(const std::string& path);

// A write transaction: takes the file's mutex, then BEGIN IMMEDIATE. Rolls
// back on destruction unless committed.
class SqliteWriteTransaction {
 public:
  // Timeout naming the file when another process kept its write lock past
  // the busy timeout.
  static Result<SqliteWriteTransaction> Begin(SqliteDatabase& db,
                                              std::shared_ptr<std::mutex> mutex);
  SqliteWriteTransaction(SqliteWriteTransaction&& other) noexcept;
  SqliteWriteTransaction& operator=(SqliteWriteTransaction&&) = delete;
  ~SqliteWriteTransaction();

  Status Commit();
  Status Rollback();

 private:
  SqliteWriteTransaction(SqliteDatabase* db, std::shared_ptr<std::mutex> mutex,
                         std::unique_lock<std::mutex> lock)
      : db_(db), mutex_(std::move(mutex)), lock_(std::move(lock)) {}
  SqliteDatabase* db_;
  std::shared_ptr<std::mutex> mutex_;
  std::unique_lock<std::mutex> lock_;
};

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_WRITE_LOCK_H_
