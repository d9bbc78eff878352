// The state of every migration: the folder compared with the history table.
#ifndef FERRY_MIGRATE_MIGRATION_STATUS_H_
#define FERRY_MIGRATE_MIGRATION_STATUS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/checksum.h"
#include "migrate/migration.h"
#include "migrate/migration_database.h"

namespace ferry::migrate {

enum class MigrationState {
  kApplied,  // recorded with success, same checksum as the file
  kPending,  // in the folder, not recorded
  kChanged,  // recorded with success, but the file's checksum differs
  kMissing,  // recorded, but no file has that version any more
  kFailed,   // recorded with success = false (a `-- no-transaction` migration failed)
};

// "applied", "pending", "changed", "missing", "failed".
std::string_view StateName(MigrationState state);

struct MigrationStatus {
  int64_t version = 0;
  std::string description;  // from the file, or from the history for kMissing
  MigrationState state = MigrationState::kPending;
  const Migration* migration = nullptr;     // null for kMissing
  std::optional<AppliedMigration> applied;  // absent for kPending
  std::string reason;                       // kChanged: DescribeChecksumMismatch's words

  // True for the states `validate` reports: changed, missing, failed.
  bool IsProblem() const;
};

// One status per version found in either list, ordered by version.
std::vector<MigrationStatus> CompareWithHistory(const std::vector<Migration>& migrations,
                                                const std::vector<AppliedMigration>& applied,
                                                const IgnoredChars& ignored = {});

// One line for `validate` and errors, e.g.
// "20240101000000 (add users): changed since it was applied: content changed (file …)".
std::string DescribeProblem(const MigrationStatus& status);

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_MIGRATION_STATUS_H_
