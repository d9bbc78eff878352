#include "migrate/migration_status.h"

#include <map>

namespace ferry::migrate {

std::string_view StateName(MigrationState state) {
  switch (state) {
    case MigrationState::kApplied:
      return "applied";
    case MigrationState::kPending:
      return "pending";
    case MigrationState::kChanged:
      return "changed";
    case MigrationState::kMissing:
      return "missing";
    case MigrationState::kFailed:
      return "failed";
  }
  return "unknown";
}

bool MigrationStatus::IsProblem() const {
  return state == MigrationState::kChanged || state == MigrationState::kMissing ||
         state == MigrationState::kFailed;
}

std::vector<MigrationStatus> CompareWithHistory(const std::vector<Migration>& migrations,
                                                const std::vector<AppliedMigration>& applied,
                                                const IgnoredChars& ignored) {
  std::map<int64_t, MigrationStatus> by_version;
  for (const Migration& m : migrations) {
    MigrationStatus& s = by_version[m.version];
    s.version = m.version;
    s.description = m.description;
    s.migration = &m;
  }
  for (const AppliedMigration& row : applied) {
    MigrationStatus& s = by_version[row.version];
    s.version = row.version;
    s.applied = row;
    if (s.migration == nullptr) {
      s.description = row.description;
      s.state = MigrationState::kMissing;
    } else if (!row.success) {
      s.state = MigrationState::kFailed;
    } else if (row.checksum != s.migration->checksum) {
      s.state = MigrationState::kChanged;
      s.reason = DescribeChecksumMismatch(s.migration->up.sql, row.checksum, ignored);
    } else {
      s.state = MigrationState::kApplied;
    }
  }
  std::vector<MigrationStatus> out;
  for (auto& [version, status] : by_version) out.push_back(std::move(status));
  return out;
}

std::string DescribeProblem(const MigrationStatus& s) {
  std::string name = std::to_string(s.version) + " (" + s.description + ")";
  switch (s.state) {
    case MigrationState::kChanged:
      return name + ": " + s.migration->up.path.string() + " changed since it was applied on " +
             s.applied->installed_on + " UTC: " + s.reason;
    case MigrationState::kMissing:
      return name + ": applied on " + s.applied->installed_on +
             " UTC, but no file in the migrations folder has this version";
    case MigrationState::kFailed:
      if (s.applied->execution_time_ns < 0) {
        return name + ": recorded as failed on " + s.applied->installed_on +
               " UTC (success = false, no execution time): another deployer may be applying it "
               "outside a transaction right now, or one died while applying it; the database "
               "may hold part of it";
      }
      return name + ": recorded as failed on " + s.applied->installed_on +
             " UTC (success = false); the database may hold part of it";
    default:
      return name + ": " + std::string(StateName(s.state));
  }
}

}  // namespace ferry::migrate
