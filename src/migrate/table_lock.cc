#include "migrate/table_lock.h"

#include <chrono>
#include <optional>
#include <thread>

namespace ferry::migrate {

Result<bool> TableLock::TryInsert(std::string* other_holder) {
  std::optional<std::string> params[] = {holder_};
  FERRY_ASSIGN_OR_RETURN(
      PgResult inserted,
      conn_.ExecParams("INSERT INTO _ferry_migrate_lock (id, holder) VALUES (1, $1) "
                       "ON CONFLICT (id) DO NOTHING RETURNING id",
                       params));
  if (inserted.rows() == 1) return true;
  FERRY_ASSIGN_OR_RETURN(
      PgResult row,
      conn_.Exec("SELECT holder || ' since ' || to_char(acquired_at AT TIME ZONE 'UTC', "
                 "'YYYY-MM-DD HH24:MI:SS') || ' UTC' FROM _ferry_migrate_lock WHERE id = 1"));
  *other_holder = row.rows() == 1 ? std::string(row.Get(0, 0)) : "";
  return false;
}

Status TableLock::Acquire() {
  if (held_) return Status::OK();
  constexpr std::string_view kCreate =
      "CREATE TABLE IF NOT EXISTS _ferry_migrate_lock (id INT PRIMARY KEY CHECK (id = 1), "
      "holder TEXT NOT NULL, acquired_at TIMESTAMPTZ NOT NULL DEFAULT now())";
  // Two first deployers can race to create the table; the loser's retry sees it.
  if (!conn_.Run(kCreate).ok()) FERRY_RETURN_IF_ERROR(conn_.Run(kCreate));
  auto start = std::chrono::steady_clock::now();
  bool told = false;
  std::string other;
  while (true) {
    FERRY_ASSIGN_OR_RETURN(bool got, TryInsert(&other));
    if (got) break;
    if (!told && options_.on_wait) {
      options_.on_wait("waiting for another migration to finish: the lock row in " +
                       std::string(kLockTable) + " is held by " + other);
      told = true;
    }
    auto waited = std::chrono::steady_clock::now() - start;
    if (options_.timeout.count() > 0 && waited >= options_.timeout) {
      return Status::Timeout("gave up waiting for the migration lock after " +
                             std::to_string(options_.timeout.count()) +
                             " ms: " + std::string(kLockTable) + " is held by " + other +
                             ". If that deployer is gone, remove its row with DELETE FROM " +
                             std::string(kLockTable) + ";");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  held_ = true;
  return Status::OK();
}

Status TableLock::Release() {
  if (!held_) return Status::OK();
  held_ = false;
  std::optional<std::string> params[] = {holder_};
  return conn_.ExecParams("DELETE FROM _ferry_migrate_lock WHERE holder = $1", params).status();
}

}  // namespace ferry::migrate
