// `ferry migrate add`: creates the files of a new migration, as sqlx-cli does.
#ifndef FERRY_MIGRATE_MIGRATION_ADD_H_
#define FERRY_MIGRATE_MIGRATION_ADD_H_

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "ferry/status.h"

namespace ferry::migrate {

struct AddOptions {
  std::string description;  // spaces become '_' in the file name
  bool reversible = false;  // .up.sql + .down.sql (or up.sql + down.sql in the directory layout)
  bool directory = false;   // <VERSION>_<DESC>/up.sql, down.sql for a new folder
  bool sequential = false;  // version = newest + 1
  bool timestamp = false;   // version = now in UTC, YYYYMMDDHHMMSS
};

// Creates the folder when needed and the new migration's file(s) in it; returns
// their paths. The layout follows the folder's existing migrations (asking for
// another one is an error, as folders never mix layouts). Without --sequential
// or --timestamp the versioning is inferred as sqlx-cli does: sequential when
// the newest two versions differ by 1 or the only one is 0 or 1, else a timestamp.
Result<std::vector<std::filesystem::path>> AddMigration(
    const std::filesystem::path& dir, const AddOptions& options,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_MIGRATION_ADD_H_
