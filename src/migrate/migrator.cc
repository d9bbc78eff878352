#include "migrate/migrator.h"

#include <algorithm>

namespace ferry::migrate {
namespace {

using Clock = std::chrono::steady_clock;

std::string Name(const Migration& m) {
  return std::to_string(m.version) + " (" + m.description + ")";
}

int64_t Nanoseconds(Clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - since).count();
}

}  // namespace

int64_t Migrator::NewestApplied(const std::vector<MigrationStatus>& statuses) {
  int64_t newest = -1;
  for (const MigrationStatus& s : statuses) {
    if (s.applied) newest = std::max(newest, s.version);
  }
  return newest;
}

Result<std::vector<MigrationStatus>> Migrator::StatusesForChange(bool dry_run,
                                                                 std::optional<LockGuard>* guard) {
  if (dry_run) return Statuses();
  FERRY_RETURN_IF_ERROR(lock_.Acquire());
  guard->emplace(lock_);
  return LockedStatuses();
}

Migrator::Migrator(const std::vector<Migration>& migrations, MigrationDatabase& db,
                   MigrationLock& lock, IgnoredChars ignored, StepCallback on_step)
    : migrations_(migrations),
      db_(db),
      lock_(lock),
      ignored_(std::move(ignored)),
      on_step_(std::move(on_step)) {}

Result<std::vector<MigrationStatus>> Migrator::Statuses() {
  FERRY_ASSIGN_OR_RETURN(std::vector<AppliedMigration> applied, db_.ListApplied());
  return CompareWithHistory(migrations_, applied, ignored_);
}

// REQUIRES: the lock is held. Creates the history table first.
Result<std::vector<MigrationStatus>> Migrator::LockedStatuses() {
  FERRY_RETURN_IF_ERROR(db_.EnsureHistoryTable());
  return Statuses();
}

Status Migrator::CheckTarget(std::optional<int64_t> target, bool allow_zero) const {
  if (!target || (allow_zero && *target == 0)) return Status::OK();
  for (const Migration& m : migrations_) {
    if (m.version == *target) return Status::OK();
  }
  return Status::InvalidArgument("target version " + std::to_string(*target) +
                                 " is not in the migrations folder; use one of the versions "
                                 "`ferry migrate info` lists" +
                                 std::string(allow_zero ? " (or 0 to revert everything)" : ""));
}

Status Migrator::CheckHistory(const std::vector<MigrationStatus>& statuses,
                              bool ignore_missing) const {
  std::string changed, missing;
  for (const MigrationStatus& s : statuses) {
    if (s.state == MigrationState::kFailed) {
      return Status::FailedPrecondition(
          "migration " + DescribeProblem(s) +
          ". ferry will not apply anything after it. Either fix the database and the file by "
          "hand, then run `ferry migrate repair` (it removes the failed record) and `ferry "
          "migrate run` to apply it again; or run `ferry migrate revert` to run its down "
          "script.");
    }
    if (s.state == MigrationState::kChanged) changed += "\n  " + DescribeProblem(s);
    if (s.state == MigrationState::kMissing && !ignore_missing)
      missing += "\n  " + DescribeProblem(s);
  }
  if (!changed.empty()) {
    return Status::FailedPrecondition(
        "applied migrations changed since they were applied:" + changed +
        "\nRestore the applied version of these files (e.g. from version control), or, after "
        "review, record their new checksums with `ferry migrate repair`.");
  }
  if (!missing.empty()) {
    return Status::FailedPrecondition(
        "applied migrations are missing from the migrations folder:" + missing +
        "\nRestore the files (check --source), or pass --ignore-missing to go on without them.");
  }
  return Status::OK();
}

Status Migrator::CheckNoOtherHistory(const std::vector<MigrationStatus>& statuses) {
  for (const MigrationStatus& s : statuses) {
    if (s.applied) return Status::OK();
  }
  FERRY_ASSIGN_OR_RETURN(std::vector<ForeignHistory> found, FindForeignHistories(db_));
  if (found.empty()) return Status::OK();
  return Status::FailedPrecondition(TakeOverAdvice(found));
}

Status Migrator::CheckOrder(const std::vector<const MigrationStatus*>& pending,
                            const std::vector<MigrationStatus>& statuses) const {
  int64_t newest = NewestApplied(statuses);
  for (const MigrationStatus* p : pending) {
    if (p->version > newest) continue;
    return Status::FailedPrecondition(
        "migration " + std::to_string(p->version) + " (" + p->description +
        ") is pending but older than the newest applied migration " + std::to_string(newest) +
        " (it was probably merged after that one was deployed). Check that it does not conflict "
        "with the newer ones, then run again with --out-of-order to apply it, or give it a "
        "version above " +
        std::to_string(newest) + ".");
  }
  return Status::OK();
}

Result<int> Migrator::Run(const RunOptions& options) {
  FERRY_RETURN_IF_ERROR(CheckTarget(options.target_version, /*allow_zero=*/false));
  std::optional<LockGuard> guard;
  FERRY_ASSIGN_OR_RETURN(std::vector<MigrationStatus> statuses,
                         StatusesForChange(options.dry_run, &guard));
  FERRY_RETURN_IF_ERROR(CheckHistory(statuses, options.ignore_missing));
  if (!options.ignore_other_history) FERRY_RETURN_IF_ERROR(CheckNoOtherHistory(statuses));
  int64_t newest = NewestApplied(statuses);
  if (options.target_version && *options.target_version < newest) {
    return Status::InvalidArgument("target version " + std::to_string(*options.target_version) +
                                   " is older than the newest applied migration " +
                                   std::to_string(newest) +
                                   "; to go back, use `ferry migrate revert --target-version " +
                                   std::to_string(*options.target_version) + "`");
  }
  std::vector<const MigrationStatus*> pending;
  for (const MigrationStatus& s : statuses) {
    if (s.state != MigrationState::kPending) continue;
    if (options.target_version && s.version > *options.target_version) continue;
    pending.push_back(&s);
  }
  if (!options.out_of_order) FERRY_RETURN_IF_ERROR(CheckOrder(pending, statuses));
  // Before anything runs, so that a bad file stops the run where it starts.
  for (const MigrationStatus* p : pending) FERRY_RETURN_IF_ERROR(CheckScriptText(p->migration->up));
  for (const MigrationStatus* p : pending) {
    if (options.dry_run) {
      Report(Step::Action::kApply, true, *p->migration, &p->migration->up, {});
    } else {
      FERRY_RETURN_IF_ERROR(Apply(*p->migration));
    }
  }
  if (!options.dry_run) FERRY_RETURN_IF_ERROR(lock_.Release());
  return static_cast<int>(pending.size());
}

Status Migrator::Apply(const Migration& m) {
  if (m.up.no_transaction) return ApplyOutsideTransaction(m);
  FERRY_RETURN_IF_ERROR(db_.Begin());
  auto start = Clock::now();
  Status status = db_.ExecuteScript(m.up, /*in_transaction=*/true);
  int64_t elapsed = Nanoseconds(start);
  if (status.ok()) {
    status = db_.InsertApplied({m.version, m.description, "", true, m.checksum, elapsed});
  }
  if (status.ok()) status = db_.Commit();
  if (!status.ok()) {
    db_.Rollback();
    return Status(status.code(), "migration " + Name(m) +
                                     " failed and was rolled back; the database is as it was "
                                     "before it:\n" +
                                     status.message() +
                                     "\nFix the file and run `ferry migrate run` again.");
  }
  Report(Step::Action::kApply, false, m, &m.up, std::chrono::nanoseconds(elapsed));
  return Status::OK();
}

Status Migrator::ExecuteOutsideTransaction(const MigrationScript& script) {
  if (lock_.IsTransaction()) FERRY_RETURN_IF_ERROR(lock_.Release());
  Status status = db_.ExecuteScript(script, /*in_transaction=*/false);
  if (lock_.IsTransaction()) {
    Status relocked = lock_.Acquire();
    if (status.ok()) status = relocked;
  }
  return status;
}

// The history row goes in first with success = false, so that a failure (or a
// crash) in the middle of the script is recorded and stops later runs.
Status Migrator::ApplyOutsideTransaction(const Migration& m) {
  FERRY_RETURN_IF_ERROR(db_.InsertApplied({m.version, m.description, "", false, m.checksum, -1}));
  auto start = Clock::now();
  Status status = ExecuteOutsideTransaction(m.up);
  int64_t elapsed = Nanoseconds(start);
  FERRY_RETURN_IF_ERROR(db_.SetOutcome(m.version, status.ok(), elapsed));
  if (!status.ok()) {
    return Status::FailedPrecondition(
        "migration " + Name(m) +
        " failed outside a transaction (`-- no-transaction`): the statements before the failing "
        "one stay applied, and the migration is recorded with success = false.\n" +
        status.message() +
        "\nTo go on, either fix the database and the file, run `ferry migrate repair` (it removes "
        "the failed record) and `ferry migrate run` again; or run `ferry migrate revert` to run "
        "its down script.");
  }
  Report(Step::Action::kApply, false, m, &m.up, std::chrono::nanoseconds(elapsed));
  return Status::OK();
}

void Migrator::Report(Step::Action action, bool dry_run, const Migration& m,
                      const MigrationScript* script, std::chrono::nanoseconds elapsed) {
  if (on_step_) on_step_(Step{action, dry_run, &m, script, elapsed});
}

}  // namespace ferry::migrate
