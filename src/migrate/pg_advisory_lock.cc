#include "migrate/pg_advisory_lock.h"

#include <optional>
#include <thread>

namespace ferry::migrate {
namespace {

constexpr std::chrono::milliseconds kPollInterval{100};

}  // namespace

// zlib is not among ferry's dependencies, and the bitwise form is short.
uint32_t Crc32(std::string_view bytes) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char byte : bytes) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

int64_t SqlxAdvisoryLockKey(std::string_view database_name) {
  return int64_t{0x3d32ad9e} * static_cast<int64_t>(Crc32(database_name));
}

Status PgAdvisoryLock::Acquire() {
  if (held_) return Status::OK();
  FERRY_ASSIGN_OR_RETURN(PgResult name, conn_.Exec("SELECT current_database()"));
  std::string database(name.Get(0, 0));
  key_ = SqlxAdvisoryLockKey(database);
  std::optional<std::string> params[] = {std::to_string(key_)};
  FERRY_ASSIGN_OR_RETURN(PgResult tried,
                         conn_.ExecParams("SELECT pg_try_advisory_lock($1)", params));
  if (tried.Get(0, 0) != "t") {
    FERRY_RETURN_IF_ERROR(Wait(key_, database, DescribeHolder(key_)));
  }
  held_ = true;
  return Status::OK();
}

// Polls with pg_try_advisory_lock instead of blocking in pg_advisory_lock: a
// session blocked there sits in an open transaction, which CREATE INDEX
// CONCURRENTLY in the holder's `-- no-transaction` migration waits for, and the
// two would deadlock.
Status PgAdvisoryLock::Wait(int64_t key, const std::string& database, const std::string& holder) {
  std::string limit =
      options_.timeout.count() > 0
          ? "up to " + std::to_string(options_.timeout.count()) + " ms (--lock-timeout)"
          : "without a time limit (set one with --lock-timeout)";
  if (options_.on_wait) {
    options_.on_wait("waiting for another migration of database '" + database +
                     "' to finish: its migration lock (PostgreSQL advisory lock " +
                     std::to_string(key) + ", the one sqlx-cli also takes) is held by " +
                     (holder.empty() ? "another session" : holder) + "; waiting " + limit);
  }
  auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  std::optional<std::string> params[] = {std::to_string(key)};
  while (options_.timeout.count() == 0 || std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(kPollInterval);
    FERRY_ASSIGN_OR_RETURN(PgResult tried,
                           conn_.ExecParams("SELECT pg_try_advisory_lock($1)", params));
    if (tried.Get(0, 0) == "t") return Status::OK();
  }
  std::string still = DescribeHolder(key);
  return Status::Timeout(
      "gave up waiting for the migration lock of database '" + database + "' after " +
      std::to_string(options_.timeout.count()) + " ms: it is held by " +
      (still.empty() ? "another session" : still) +
      ". Try again once that migration has finished; if no migration is running, that session is "
      "stuck and can be ended with SELECT pg_terminate_backend(<pid>).");
}

std::string PgAdvisoryLock::DescribeHolder(int64_t key) {
  uint64_t unsigned_key = static_cast<uint64_t>(key);
  std::optional<std::string> params[] = {std::to_string(unsigned_key >> 32),
                                         std::to_string(unsigned_key & 0xFFFFFFFFu)};
  Result<PgResult> holder = conn_.ExecParams(
      "SELECT a.pid, coalesce(nullif(a.application_name, ''), '?'), "
      "coalesce(host(a.client_addr), 'a local socket'), "
      "to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') "
      "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::oid "
      "AND l.objid = $2::oid AND l.objsubid = 1",
      params);
  if (!holder.ok() || holder->rows() == 0) return "";
  return "pid " + std::string(holder->Get(0, 0)) + " (application '" +
         std::string(holder->Get(0, 1)) + "' from " + std::string(holder->Get(0, 2)) +
         ", connected since " + std::string(holder->Get(0, 3)) + " UTC)";
}

Status PgAdvisoryLock::Release() {
  if (!held_) return Status::OK();
  held_ = false;
  if (conn_.IsBroken()) return Status::OK();  // the server dropped the session and its lock
  std::optional<std::string> params[] = {std::to_string(key_)};
  return conn_.ExecParams("SELECT pg_advisory_unlock($1)", params).status();
}

}  // namespace ferry::migrate
