// The `[migrate]` part of sqlx.toml that changes what ferry reads or records.
//
// sqlx-cli reads ./sqlx.toml (or --config FILE); so does ferry. Honoured:
// `ignored-chars` (characters left out of checksums), `migrations-dir` (the
// default --source), `table-name` and `create-schemas` (see migration_database.h).
// Other sections and keys (`defaults`, `macros`, …) do not affect migrations.
#ifndef FERRY_MIGRATE_SQLX_CONFIG_H_
#define FERRY_MIGRATE_SQLX_CONFIG_H_

#include <filesystem>
#include <optional>
#include <string>

#include "ferry/status.h"
#include "migrate/checksum.h"
#include "migrate/migration_database.h"

namespace ferry::migrate {

struct SqlxConfig {
  IgnoredChars ignored_chars;
  std::optional<std::string> migrations_dir;
  HistoryTableOptions history;
};

// Parses the sqlx.toml at `path`. Errors name the file and the key.
Result<SqlxConfig> LoadSqlxConfig(const std::filesystem::path& path);

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_SQLX_CONFIG_H_
