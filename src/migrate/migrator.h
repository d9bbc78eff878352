// Applies, reverts and reconciles migrations against one database.
//
//   Migrator migrator(migrations, db, lock, ignored, on_step);
//   FERRY_RETURN_IF_ERROR(migrator.Run({.target_version = 20240101000000}).status());
//
// Every command that writes takes the lock first and reads the history after,
// so two deployers never apply a migration twice. Each migration runs in its own
// transaction together with its history row, unless its script starts with
// `-- no-transaction`: then its row is written first with success = false and
// set to true once the script succeeded, so a failure or a crash stays visible.
// Not thread-safe.
#ifndef FERRY_MIGRATE_MIGRATOR_H_
#define FERRY_MIGRATE_MIGRATOR_H_

#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "ferry/status.h"
#include "migrate/checksum.h"
#include "migrate/foreign_history.h"
#include "migrate/migration.h"
#include "migrate/migration_database.h"
#include "migrate/migration_lock.h"
#include "migrate/migration_status.h"

namespace ferry::migrate {

// One migration that was (or, in a dry run, would be) applied or reverted.
struct Step {
  enum class Action { kApply, kRevert, kBaseline };
  Action action = Action::kApply;
  bool dry_run = false;
  const Migration* migration = nullptr;
  const MigrationScript* script = nullptr;  // what ran or would run; null for kBaseline
  std::chrono::nanoseconds elapsed{0};
};

struct RunOptions {
  std::optional<int64_t> target_version;  // apply up to and including it
  bool dry_run = false;                   // print, change nothing
  bool out_of_order = false;              // allow pending versions older than the newest applied
  bool ignore_missing = false;            // allow applied versions without a file
  bool ignore_other_history = false;      // run although another tool's history is found
};

struct RevertOptions {
  std::optional<int64_t> target_version;  // revert every applied version above it (0: all)
  bool dry_run = false;
};

// What `repair` changed in the history.
struct RepairChange {
  int64_t version = 0;
  std::string description;
  std::string what;  // "checksum updated (…)" or "failed record removed"
};

class Migrator {
 public:
  using StepCallback = std::function<void(const Step&)>;

  // Every argument must outlive the migrator. `on_step` runs after each step.
  Migrator(const std::vector<Migration>& migrations, MigrationDatabase& db, MigrationLock& lock,
           IgnoredChars ignored, StepCallback on_step);

  // Applies pending migrations in version order. Refuses (FailedPrecondition)
  // when a migration failed, changed or is missing, or a pending one is older
  // than the newest applied (without out_of_order). Returns the steps taken.
  Result<int> Run(const RunOptions& options);
  // Runs down scripts newest first: one, or all above target_version.
  Result<int> Revert(const RevertOptions& options);
  // The state of every migration; reads only, takes no lock.
  Result<std::vector<MigrationStatus>> Statuses();
  // Records the current checksum of changed migrations and removes failed records.
  Result<std::vector<RepairChange>> Repair();
  // Records every migration up to `version` as applied without running it.
  // Refuses when the history is not empty.
  Result<int> Baseline(int64_t version);
  // Records what `tool` applied (its history table, checked against the files,
  // see foreign_history.h) without running anything. Refuses when ferry's
  // history is not empty, the tool's table is absent, or the tool's state is
  // refused (e.g. dirty).
  Result<int> BaselineFromHistory(HistoryTool tool);
  // Other tools' histories when ferry's records nothing (else empty); reads only.
  Result<std::vector<ForeignHistory>> OtherHistories();

 private:
  Result<std::vector<MigrationStatus>> LockedStatuses();
  // For run and revert: takes the deployers' lock (held until *guard dies)
  // unless `dry_run`, then reads every migration's state.
  Result<std::vector<MigrationStatus>> StatusesForChange(bool dry_run,
                                                         std::optional<LockGuard>* guard);
  // The newest applied version, -1 when none is.
  static int64_t NewestApplied(const std::vector<MigrationStatus>& statuses);
  Status CheckHistory(const std::vector<MigrationStatus>& statuses, bool ignore_missing) const;
  Status CheckOrder(const std::vector<const MigrationStatus*>& pending,
                    const std::vector<MigrationStatus>& statuses) const;
  Status CheckTarget(std::optional<int64_t> target, bool allow_zero) const;
  // Refuses to run from the start on a database another tool manages.
  Status CheckNoOtherHistory(const std::vector<MigrationStatus>& statuses);
  // REQUIRES: the lock is held. Refuses when the history records anything, then
  // records `chosen` as applied (in one transaction).
  Result<int> RecordBaseline(const std::vector<MigrationStatus>& statuses,
                             const std::vector<const Migration*>& chosen);
  Status Apply(const Migration& m);
  Status ApplyOutsideTransaction(const Migration& m);
  Status RevertOne(const Migration& m);
  // Runs `script` outside any transaction, letting go of a transactional lock meanwhile.
  Status ExecuteOutsideTransaction(const MigrationScript& script);
  void Report(Step::Action action, bool dry_run, const Migration& m, const MigrationScript* script,
              std::chrono::nanoseconds elapsed);

  const std::vector<Migration>& migrations_;
  MigrationDatabase& db_;
  MigrationLock& lock_;
  IgnoredChars ignored_;
  StepCallback on_step_;
};

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_MIGRATOR_H_
