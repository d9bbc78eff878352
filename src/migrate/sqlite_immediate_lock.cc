#include "migrate/sqlite_immediate_lock.h"

#include <climits>

namespace ferry::migrate {

namespace {

std::string Limit(std::chrono::milliseconds timeout) {
  return timeout.count() > 0 ? "up to " + std::to_string(timeout.count()) + " ms (--lock-timeout)"
                             : std::string("without a time limit (set one with --lock-timeout)");
}

}  // namespace

// Tries once without waiting, so that a wait can be announced, then waits in
// SQLite's busy handler.
Status SqliteImmediateLock::Acquire() {
  if (held_) return Status::OK();
  sqlite3_busy_timeout(db_.get(), 0);
  Status status = db_.Exec("BEGIN IMMEDIATE");
  if (status.code() == StatusCode::kTimeout) {
    if (options_.on_wait) {
      options_.on_wait("waiting for the write lock of " + db_.path() +
                       " (BEGIN IMMEDIATE), which another migration or writer holds; waiting " +
                       Limit(options_.timeout));
    }
    long long wait = options_.timeout.count() > 0 ? options_.timeout.count() : INT_MAX;
    sqlite3_busy_timeout(db_.get(), static_cast<int>(std::min<long long>(wait, INT_MAX)));
    status = db_.Exec("BEGIN IMMEDIATE");
  }
  sqlite3_busy_timeout(db_.get(), 5000);
  if (status.code() == StatusCode::kTimeout) {
    return Status::Timeout("gave up waiting for the write lock of " + db_.path() + " after " +
                           std::to_string(options_.timeout.count()) +
                           " ms: another process keeps a write transaction open; try again when "
                           "it has finished");
  }
  FERRY_RETURN_IF_ERROR(status);
  held_ = true;
  return Status::OK();
}

Status SqliteImmediateLock::Release() {
  if (!held_) return Status::OK();
  held_ = false;
  if (!db_.InTransaction()) return Status::OK();
  return db_.Exec("COMMIT");
}

}  // namespace ferry::migrate
