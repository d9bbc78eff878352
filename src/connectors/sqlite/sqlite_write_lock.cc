#include "connectors/sqlite/sqlite_write_lock.h"

#include <filesystem>
#include <map>

namespace ferry {

std::shared_ptr<std::mutex> SqliteFileMutex(const std::string& path) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::shared_ptr<std::mutex>> registry;
  std::error_code ec;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(path, ec);
  std::string key = ec ? path : canonical.string();
  std::lock_guard lock(registry_mutex);
  std::shared_ptr<std::mutex>& mutex = registry[key];
  if (!mutex) mutex = std::make_shared<std::mutex>();
  return mutex;
}

Result<SqliteDatabase> OpenSqliteForWriting(const std::string& path) {
  SqliteDatabase::Options options;
  options.create = true;
  options.busy_timeout_ms = kSqliteBusyTimeoutMs;
  FERRY_ASSIGN_OR_RETURN(SqliteDatabase db, SqliteDatabase::Open(path, options));
  FERRY_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = OFF; PRAGMA synchronous = NORMAL"));
  return db;
}

Status HeldElsewhere(const std::string& path) {
  return Status::Timeout("another process holds the write lock of SQLite file " + path +
                         " past the busy timeout (a writer, or in a rollback journal mode a "
                         "reader): stop it, or wait until it is done and run the same command "
                         "again");
}

Result<SqliteWriteTransaction> SqliteWriteTransaction::Begin(SqliteDatabase& db,
                                                             std::shared_ptr<std::mutex> mutex) {
  std::unique_lock lock(*mutex);
  Status begun = db.Exec("BEGIN IMMEDIATE");
  if (!begun.ok()) {
    if (begun.code() == StatusCode::kTimeout) return HeldElsewhere(db.path());
    return begun.WithContext("beginning a write transaction in " + db.path());
  }
  return SqliteWriteTransaction(&db, std::move(mutex), std::move(lock));
}

SqliteWriteTransaction::SqliteWriteTransaction(SqliteWriteTransaction&& other) noexcept
    : db_(other.db_), mutex_(std::move(other.mutex_)), lock_(std::move(other.lock_)) {
  other.db_ = nullptr;
}

SqliteWriteTransaction::~SqliteWriteTransaction() { (void)Rollback(); }

Status SqliteWriteTransaction::Commit() {
  if (db_ == nullptr) return Status::Internal("commit of a finished SQLite transaction");
  Status s = db_->Exec("COMMIT");
  if (!s.ok()) {
    std::string path = db_->path();
    (void)Rollback();  // forgets db_
    if (s.code() == StatusCode::kTimeout) return HeldElsewhere(path);
    return s.WithContext("committing to " + path);
  }
  db_ = nullptr;
  if (lock_.owns_lock()) lock_.unlock();
  return Status::OK();
}

Status SqliteWriteTransaction::Rollback() {
  Status s;
  if (db_ != nullptr && db_->InTransaction()) s = db_->Exec("ROLLBACK");
  db_ = nullptr;
  if (lock_.owns_lock()) lock_.unlock();
  return s;
}

}  // namespace ferry
