// A versioned schema migration as read from the migrations folder.
//
// ferry reads the two sqlx layouts and one of its own, never mixed in one folder:
//   <VERSION>_<DESC>.sql                            simple: up only
//   <VERSION>_<DESC>.up.sql [+ <VERSION>_<DESC>.down.sql]  reversible (and golang-migrate's)
//   <VERSION>_<DESC>/up.sql [+ down.sql]            directory (and Diesel's)
// A down script may be missing (golang-migrate allows it); only revert needs it.
// VERSION is a non-negative 64-bit integer (sequential 1, 2, ... or a timestamp
// such as 20241221000000); sqlx's own test folders start at 0.
#ifndef FERRY_MIGRATE_MIGRATION_H_
#define FERRY_MIGRATE_MIGRATION_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::migrate {

enum class MigrationLayout { kSimple, kReversible, kDirectory };

// "simple (<VERSION>_<DESC>.sql)" and so on, for messages.
std::string_view LayoutName(MigrationLayout layout);

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One SQL file of a migration.
struct MigrationScript {
  std::filesystem::path path;
  std::string sql;  // the file's bytes, unchanged: what the checksum covers
  // The file starts with "-- no-transaction" (sqlx's rule), after any byte-order mark.
  bool no_transaction = false;

  // What runs on the server: `sql` without a leading UTF-8 byte-order mark, which
  // PostgreSQL rejects as a syntax error. Offsets in errors are relative to it.
  std::string_view body() const {
    std::string_view text = sql;
    return text.starts_with(kUtf8Bom) ? text.substr(kUtf8Bom.size()) : text;
  }
};

struct Migration {
  int64_t version = 0;
  // sqlx's rule: the file name after "<VERSION>_", without its suffix
  // (".sql", ".up.sql", ".down.sql"), with every '_' replaced by ' '.
  std::string description;
  MigrationLayout layout = MigrationLayout::kSimple;
  MigrationScript up;
  std::optional<MigrationScript> down;  // absent for simple migrations, and where no down file is
  // SHA-384 of the up script (after removing ignored characters, if configured):
  // 48 raw bytes, what sqlx stores in _sqlx_migrations.checksum.
  std::string checksum;

  bool reversible() const { return down.has_value(); }
};

// The first line of a script that asks to run it outside a transaction.
inline constexpr std::string_view kNoTransactionMarker = "-- no-transaction";

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_MIGRATION_H_
