// Helpers for the `ferry migrate` integration tests. Expected history rows are
// computed here from the files, independently of ferry's own code: SHA-384 by
// OpenSSL directly, descriptions by sqlx's rule spelled out again.
#ifndef FERRY_TESTS_MIGRATE_TEST_UTIL_H_
#define FERRY_TESTS_MIGRATE_TEST_UTIL_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "test_util.h"

namespace ferry::testing {

// ../shared/datasets/sqlx-migrations/sqlx, or nullopt when absent.
std::optional<std::filesystem::path> SqlxDatasetDir();

#define FERRY_REQUIRE_SQLX_DATASET(var)                                                    \
  auto var##_opt = ::ferry::testing::SqlxDatasetDir();                                     \
  if (!var##_opt) GTEST_SKIP() << "../shared/datasets/sqlx-migrations is absent: skipped"; \
  const std::filesystem::path var = *var##_opt

// Lower-case hex of SHA-384 of `bytes` (OpenSSL's SHA384, not ferry's code).
std::string Sha384Hex(const std::string& bytes);

// The rows sqlx-cli writes for the migrations of `dir`, as
// "version|description|success|checksum-hex", ordered by version.
std::vector<std::string> ExpectedHistory(const std::filesystem::path& dir);

// The same four columns read from a database's history table.
std::vector<std::string> PgHistory(const ScratchPgDatabase& db,
                                   const std::string& table = "_sqlx_migrations");
std::vector<std::string> SqliteHistory(const std::filesystem::path& file);

// All rows of `sql` on a SQLite file, columns joined by '|'.
std::vector<std::string> SqliteRows(const std::filesystem::path& file, const std::string& sql);

// Copies a folder recursively.
void CopyTree(const std::filesystem::path& from, const std::filesystem::path& to);

// Runs `ferry migrate <args...> -D url [--source source]`.
CommandResult Migrate(const std::vector<std::string>& args, const std::string& url,
                      const std::optional<std::filesystem::path>& source,
                      const std::optional<std::filesystem::path>& cwd = std::nullopt);

// How often `needle` occurs in `text`.
int Count(const std::string& text, const std::string& needle);

}  // namespace ferry::testing

#endif  // FERRY_TESTS_MIGRATE_TEST_UTIL_H_
