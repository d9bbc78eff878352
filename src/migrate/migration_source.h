// Finds and reads the migrations of a folder (see migration.h for the layouts).
#ifndef FERRY_MIGRATE_MIGRATION_SOURCE_H_
#define FERRY_MIGRATE_MIGRATION_SOURCE_H_

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "ferry/status.h"
#include "migrate/checksum.h"
#include "migrate/migration.h"

namespace ferry::migrate {

// The parts of a name "<VERSION>_<rest>".
struct VersionedName {
  int64_t version = 0;
  std::string rest;
};

// Parses "<VERSION>_<rest>"; InvalidArgument naming `name` when VERSION is not a
// non-negative 64-bit integer or the '_' is missing. Diesel's VERSION
// "YYYY-MM-DD-HHMMSS" is read without its dashes, as Diesel records it.
Result<VersionedName> ParseVersionedName(std::string_view name);

// Reads every migration in `dir`, sorted by version, checksums computed with
// `ignored`. Files that do not end in ".sql" (README, .gitattributes) and hidden
// entries are skipped. Fails with a message naming the file when: the folder is
// missing; a name has no valid VERSION; two migrations share a version; layouts
// are mixed; a down script lacks its up script; a file cannot be read. An up script
// without a down script is read (golang-migrate allows it): only `revert` needs one.
Result<std::vector<Migration>> LoadMigrations(const std::filesystem::path& dir,
                                              const IgnoredChars& ignored = {});

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_MIGRATION_SOURCE_H_
