// The Migrator commands that walk back or rewrite the history: revert, repair, baseline.
#include <algorithm>

#include "migrate/migrator.h"

namespace ferry::migrate {
namespace {

using Clock = std::chrono::steady_clock;

std::string Name(int64_t version, const std::string& description) {
  return std::to_string(version) + " (" + description + ")";
}

// Why `m`, which has no down script, cannot be reverted, naming the file to write.
// `newer` tells whether newer migrations were to be reverted before it.
Status NoDownScript(const Migration& m, bool newer) {
  std::string name = "cannot revert migration " + Name(m.version, m.description) + ": ";
  const std::filesystem::path& up = m.up.path;
  if (m.layout == MigrationLayout::kSimple) {
    return Status::FailedPrecondition(
        name + up.string() +
        " has no down script. Write the reverse by hand, or use the reversible layout "
        "(<VERSION>_<DESC>.up.sql + .down.sql) for migrations you may revert.");
  }
  std::filesystem::path down = up.parent_path() / "down.sql";
  if (m.layout == MigrationLayout::kReversible) {
    std::string file = up.filename().string();
    down = up.parent_path() / (file.substr(0, file.size() - 7) + ".down.sql");
  }
  std::string advice = "Nothing was reverted. Write the down script";
  if (newer) {
    advice +=
        ", or revert only the migrations newer than it with `ferry migrate revert "
        "--target-version " +
        std::to_string(m.version) + "`";
  }
  return Status::FailedPrecondition(name + down.string() + " is missing (only " +
                                    up.filename().string() + " exists). " + advice + ".");
}

// The applied migrations `revert` undoes, newest first.
Result<std::vector<const MigrationStatus*>> ToRevert(const std::vector<MigrationStatus>& statuses,
                                                     std::optional<int64_t> target) {
  std::vector<const MigrationStatus*> out;
  for (auto it = statuses.rbegin(); it != statuses.rend(); ++it) {
    if (!it->applied) continue;
    if (target ? it->version <= *target : !out.empty()) continue;
    if (it->state == MigrationState::kMissing) {
      return Status::FailedPrecondition("cannot revert " + DescribeProblem(*it) +
                                        ": restore its files (check --source)");
    }
    if (!it->migration->down) return NoDownScript(*it->migration, !out.empty());
    out.push_back(&*it);
  }
  return out;
}

}  // namespace

Result<int> Migrator::Revert(const RevertOptions& options) {
  FERRY_RETURN_IF_ERROR(CheckTarget(options.target_version, /*allow_zero=*/true));
  std::optional<LockGuard> guard;
  FERRY_ASSIGN_OR_RETURN(std::vector<MigrationStatus> statuses,
                         StatusesForChange(options.dry_run, &guard));
  int64_t newest = NewestApplied(statuses);
  // Target 0 means "everything": with nothing applied there is nothing to do, as
  // for a plain revert, not a target in the future.
  bool everything = options.target_version == 0;
  if (options.target_version && *options.target_version > newest && !everything) {
    return Status::InvalidArgument("target version " + std::to_string(*options.target_version) +
                                   " is newer than the newest applied migration " +
                                   (newest < 0 ? std::string("(none)") : std::to_string(newest)) +
                                   "; to go forward, use `ferry migrate run`");
  }
  FERRY_ASSIGN_OR_RETURN(std::vector<const MigrationStatus*> steps,
                         ToRevert(statuses, options.target_version));
  for (const MigrationStatus* s : steps)
    FERRY_RETURN_IF_ERROR(CheckScriptText(*s->migration->down));
  for (const MigrationStatus* s : steps) {
    if (options.dry_run) {
      Report(Step::Action::kRevert, true, *s->migration, &*s->migration->down, {});
    } else {
      FERRY_RETURN_IF_ERROR(RevertOne(*s->migration));
    }
  }
  if (!options.dry_run) FERRY_RETURN_IF_ERROR(lock_.Release());
  return static_cast<int>(steps.size());
}

Status Migrator::RevertOne(const Migration& m) {
  const MigrationScript& down = *m.down;
  auto start = Clock::now();
  Status status;
  if (down.no_transaction) {
    status = ExecuteOutsideTransaction(down);
    if (status.ok()) status = db_.DeleteApplied(m.version);
  } else {
    FERRY_RETURN_IF_ERROR(db_.Begin());
    status = db_.ExecuteScript(down, /*in_transaction=*/true);
    if (status.ok()) status = db_.DeleteApplied(m.version);
    if (status.ok()) status = db_.Commit();
    if (!status.ok()) db_.Rollback();
  }
  if (!status.ok()) {
    std::string state = down.no_transaction
                            ? "it ran outside a transaction, so the statements before the failing "
                              "one stay applied; the migration is still recorded as applied"
                            : "it was rolled back; the database is as it was before it";
    return Status(status.code(), "reverting migration " + Name(m.version, m.description) +
                                     " failed (" + state + "):\n" + status.message() +
                                     "\nFix the down script and run `ferry migrate revert` again.");
  }
  Report(Step::Action::kRevert, false, m, &down, Clock::now() - start);
  return Status::OK();
}

Result<std::vector<RepairChange>> Migrator::Repair() {
  FERRY_RETURN_IF_ERROR(lock_.Acquire());
  LockGuard guard(lock_);
  FERRY_ASSIGN_OR_RETURN(std::vector<MigrationStatus> statuses, LockedStatuses());
  std::vector<RepairChange> changes;
  for (const MigrationStatus& s : statuses) {
    if (s.state == MigrationState::kChanged) {
      FERRY_RETURN_IF_ERROR(db_.SetChecksum(s.version, s.migration->checksum));
      changes.push_back({s.version, s.description,
                         "recorded the file's new checksum (" + s.reason + "; was " +
                             HexEncode(s.applied->checksum).substr(0, 16) + "…, now " +
                             HexEncode(s.migration->checksum).substr(0, 16) + "…)"});
    } else if (s.state == MigrationState::kFailed) {
      FERRY_RETURN_IF_ERROR(db_.DeleteApplied(s.version));
      changes.push_back({s.version, s.description,
                         "removed the failed record; `ferry migrate run` will apply it again"});
    }
  }
  FERRY_RETURN_IF_ERROR(lock_.Release());
  return changes;
}

Result<int> Migrator::RecordBaseline(const std::vector<MigrationStatus>& statuses,
                                     const std::vector<const Migration*>& chosen) {
  for (const MigrationStatus& s : statuses) {
    if (!s.applied) continue;
    return Status::FailedPrecondition(
        "the history already records migration " + Name(s.version, s.description) +
        "; baseline is only for a database whose schema exists but was never migrated by "
        "ferry. Use `ferry migrate info` to see where it stands.");
  }
  FERRY_RETURN_IF_ERROR(db_.Begin());
  for (const Migration* m : chosen) {
    Status inserted = db_.InsertApplied({m->version, m->description, "", true, m->checksum, 0});
    if (!inserted.ok()) {
      db_.Rollback();
      return inserted;
    }
  }
  Status committed = db_.Commit();
  if (!committed.ok()) {
    db_.Rollback();
    return committed;
  }
  for (const Migration* m : chosen) Report(Step::Action::kBaseline, false, *m, nullptr, {});
  FERRY_RETURN_IF_ERROR(lock_.Release());
  return static_cast<int>(chosen.size());
}

Result<int> Migrator::Baseline(int64_t version) {
  FERRY_RETURN_IF_ERROR(CheckTarget(version, /*allow_zero=*/false));
  FERRY_RETURN_IF_ERROR(lock_.Acquire());
  LockGuard guard(lock_);
  FERRY_ASSIGN_OR_RETURN(std::vector<MigrationStatus> statuses, LockedStatuses());
  std::vector<const Migration*> chosen;
  for (const Migration& m : migrations_) {
    if (m.version <= version) chosen.push_back(&m);
  }
  return RecordBaseline(statuses, chosen);
}

Result<int> Migrator::BaselineFromHistory(HistoryTool tool) {
  FERRY_RETURN_IF_ERROR(lock_.Acquire());
  LockGuard guard(lock_);
  FERRY_ASSIGN_OR_RETURN(std::vector<MigrationStatus> statuses, LockedStatuses());
  FERRY_ASSIGN_OR_RETURN(std::optional<ForeignHistory> history, ReadForeignHistory(db_, tool));
  if (!history) {
    FERRY_ASSIGN_OR_RETURN(std::vector<ForeignHistory> others, FindForeignHistories(db_));
    std::string instead;
    for (const ForeignHistory& h : others) instead += (instead.empty() ? "" : ", ") + h.Summary();
    return Status::NotFound(
        "no " + std::string(ToolName(tool)) + " history in " + db_.Describe() +
        (instead.empty() ? ": its table was not found (check --database-url and the search_path)"
                         : "; found instead: " + instead) +
        ". Name the tool that managed this database, or use `ferry migrate baseline --version V`");
  }
  FERRY_ASSIGN_OR_RETURN(std::vector<const Migration*> chosen,
                         MigrationsToRecord(*history, migrations_));
  return RecordBaseline(statuses, chosen);
}

Result<std::vector<ForeignHistory>> Migrator::OtherHistories() {
  FERRY_ASSIGN_OR_RETURN(std::vector<AppliedMigration> applied, db_.ListApplied());
  if (!applied.empty()) return std::vector<ForeignHistory>{};
  return FindForeignHistories(db_);
}

}  // namespace ferry::migrate
