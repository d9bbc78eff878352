// sqlx's own migration folders (../shared/datasets/sqlx-migrations/sqlx) apply,
// revert where reversible, and re-apply, on PostgreSQL and SQLite; the history
// rows equal the ones sqlx-cli writes (checksums computed here with OpenSSL).
#include <gtest/gtest.h>

#include <functional>

#include "migrate_test_util.h"

namespace ferry::testing {
namespace {
namespace fs = std::filesystem;

struct DatasetCase {
  const char* name;
  const char* cwd;         // relative to the dataset: where ferry runs
  const char* migrations;  // relative to cwd
  bool via_sqlx_toml;      // the folder is named by cwd/sqlx.toml, not --source
  bool reversible;
};

void PrintTo(const DatasetCase& c, std::ostream* os) { *os << c.name; }

using History = std::function<std::vector<std::string>()>;

// Applies, checks rows and info, reverts everything and re-applies (or re-runs
// as a no-op when the folder is not reversible).
void ApplyRevertReapply(const DatasetCase& c, const fs::path& dataset, const std::string& url,
                        const History& history) {
  fs::path cwd = dataset / c.cwd;
  fs::path folder = cwd / c.migrations;
  std::optional<fs::path> source;
  if (!c.via_sqlx_toml) source = folder;
  std::vector<std::string> expected = ExpectedHistory(folder);
  ASSERT_FALSE(expected.empty()) << folder;

  CommandResult run = Migrate({"run"}, url, source, cwd);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Count(run.out, "Applied "), static_cast<int>(expected.size())) << run.out;
  EXPECT_EQ(history(), expected);

  CommandResult info = Migrate({"info", "--json"}, url, source, cwd);
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_EQ(Count(info.out, "\"state\": \"applied\""), static_cast<int>(expected.size()))
      << info.out;
  EXPECT_EQ(Count(info.out, "\"state\": \"pending\""), 0) << info.out;
  EXPECT_EQ(Migrate({"validate"}, url, source, cwd).exit_code, 0);

  if (!c.reversible) {
    CommandResult again = Migrate({"run"}, url, source, cwd);
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("Nothing to apply"), std::string::npos) << again.out;
    EXPECT_EQ(history(), expected);
    return;
  }
  // One revert undoes the newest migration only.
  for (size_t left = expected.size(); left > 0; --left) {
    CommandResult revert = Migrate({"revert"}, url, source, cwd);
    ASSERT_EQ(revert.exit_code, 0) << revert.err;
    EXPECT_EQ(Count(revert.out, "Reverted "), 1) << revert.out;
    EXPECT_EQ(history(), std::vector<std::string>(expected.begin(), expected.begin() + left - 1));
  }
  CommandResult none = Migrate({"revert"}, url, source, cwd);
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find("No migrations available to revert"), std::string::npos) << none.out;
  CommandResult reapply = Migrate({"run"}, url, source, cwd);
  ASSERT_EQ(reapply.exit_code, 0) << reapply.err;
  EXPECT_EQ(history(), expected);
}

class PgDatasetTest : public ::testing::TestWithParam<DatasetCase> {};

TEST_P(PgDatasetTest, AppliesRevertsAndReapplies) {
  FERRY_REQUIRE_PG();
  FERRY_REQUIRE_SQLX_DATASET(dataset);
  ScratchPgDatabase db("mds");
  ASSERT_TRUE(db.ok()) << db.error();
  ApplyRevertReapply(GetParam(), dataset, db.url(), [&] { return PgHistory(db); });
}

INSTANTIATE_TEST_SUITE_P(
    Sqlx, PgDatasetTest,
    ::testing::Values(
        DatasetCase{"TestsPostgres", "tests/postgres", "migrations", false, false},
        DatasetCase{"TestsPostgresSimple", "tests/postgres", "migrations_simple", false, false},
        DatasetCase{"TestsPostgresReversible", "tests/postgres", "migrations_reversible", false,
                    true},
        DatasetCase{"TestsMigrateSimple", "tests/migrate", "migrations_simple", false, false},
        DatasetCase{"TestsMigrateReversible", "tests/migrate", "migrations_reversible", false,
                    true},
        DatasetCase{"CliReversible", "sqlx-cli/tests", "migrations_reversible", false, true},
        DatasetCase{"AxumSocial", "examples/postgres/axum-social-with-tests", "migrations", false,
                    false},
        DatasetCase{"Files", "examples/postgres/files", "migrations", false, false},
        DatasetCase{"Json", "examples/postgres/json", "migrations", false, false},
        DatasetCase{"MockableTodos", "examples/postgres/mockable-todos", "migrations", false,
                    false},
        DatasetCase{"Todos", "examples/postgres/todos", "migrations", false, false},
        DatasetCase{"Transaction", "examples/postgres/transaction", "migrations", false, false},
        DatasetCase{"MultiDatabase", "examples/postgres/multi-database", "src/migrations", true,
                    false},
        DatasetCase{"MultiDatabaseAccounts", "examples/postgres/multi-database/accounts",
                    "migrations", true, false},
        DatasetCase{"MultiDatabasePayments", "examples/postgres/multi-database/payments",
                    "migrations", true, false},
        DatasetCase{"PreferredCrates", "examples/postgres/preferred-crates", "src/migrations", true,
                    false}),
    [](const auto& info) { return std::string(info.param.name); });

class SqliteDatasetTest : public ::testing::TestWithParam<DatasetCase> {};

TEST_P(SqliteDatasetTest, AppliesRevertsAndReapplies) {
  FERRY_REQUIRE_SQLX_DATASET(dataset);
  TempDir dir;
  fs::path file = dir.path() / "app.db";
  ApplyRevertReapply(GetParam(), dataset, "sqlite:" + file.string(),
                     [&] { return SqliteHistory(file); });
}

// Left out: examples/sqlite/extension needs SQLite extensions loaded, and
// tests/migrate/migrations_simple calls CONCAT(), which SQLite has only since 3.44
// (Debian 12 ships 3.40); both apply on PostgreSQL above.
INSTANTIATE_TEST_SUITE_P(
    Sqlx, SqliteDatasetTest,
    ::testing::Values(
        DatasetCase{"TestsSqlite", "tests/sqlite", "migrations", false, false},
        DatasetCase{"TestsSqliteSimple", "tests/sqlite", "migrations_simple", false, false},
        DatasetCase{"TestsSqliteReversible", "tests/sqlite", "migrations_reversible", false, true},
        DatasetCase{"TestsSqliteNoTx", "tests/sqlite", "migrations_no_tx", false, false},
        DatasetCase{"TestsSqliteNoTxReversible", "tests/sqlite", "migrations_no_tx_reversible",
                    false, true},
        DatasetCase{"TestsMigrateReversible", "tests/migrate", "migrations_reversible", false,
                    true},
        DatasetCase{"CliReversible", "sqlx-cli/tests", "migrations_reversible", false, true},
        DatasetCase{"Todos", "examples/sqlite/todos", "migrations", false, false},
        // Run from the variant's own folder, away from the sqlx.toml beside them.
        DatasetCase{"IgnoredCharsLf", "sqlx-cli/tests/ignored-chars/LF", ".", false, false},
        DatasetCase{"IgnoredCharsCrlf", "sqlx-cli/tests/ignored-chars/CRLF", ".", false, false},
        DatasetCase{"IgnoredCharsBom", "sqlx-cli/tests/ignored-chars/BOM", ".", false, false},
        DatasetCase{"IgnoredCharsTabs", "sqlx-cli/tests/ignored-chars/oops-all-tabs", ".", false,
                    false}),
    [](const auto& info) { return std::string(info.param.name); });

// The no-transaction folder creates a database, which CREATE DATABASE refuses
// inside a transaction: it must run outside one.
TEST(PgDatasetNoTxTest, CreateDatabaseRunsOutsideATransaction) {
  FERRY_REQUIRE_PG();
  FERRY_REQUIRE_SQLX_DATASET(dataset);
  ScratchPgDatabase db("mnotx");
  ASSERT_TRUE(db.ok()) << db.error();
  db.QueryValue("DROP DATABASE IF EXISTS test_db");
  fs::path folder = dataset / "tests/postgres/migrations_no_tx";
  CommandResult run = Migrate({"run"}, db.url(), folder);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(PgHistory(db), ExpectedHistory(folder));
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM pg_database WHERE datname = 'test_db'"), "1");
  db.QueryValue("DROP DATABASE IF EXISTS test_db");
}

// multi-tenant keeps three folders in one database, each with its own history
// table in its own schema (sqlx.toml: table-name, create-schemas).
TEST(PgDatasetMultiTenantTest, ThreeHistoriesInOneDatabase) {
  FERRY_REQUIRE_PG();
  FERRY_REQUIRE_SQLX_DATASET(dataset);
  ScratchPgDatabase db("mtenant");
  ASSERT_TRUE(db.ok()) << db.error();
  fs::path root = dataset / "examples/postgres/multi-tenant";
  struct Part {
    fs::path cwd, folder;
    std::string table;
  };
  std::vector<Part> parts = {
      {root / "accounts", root / "accounts/migrations", "accounts._sqlx_migrations"},
      {root / "payments", root / "payments/migrations", "payments._sqlx_migrations"},
      {root, root / "src/migrations", "_sqlx_migrations"}};
  for (const Part& part : parts) {
    CommandResult run = Migrate({"run"}, db.url(), std::nullopt, part.cwd);
    ASSERT_EQ(run.exit_code, 0) << part.cwd << ": " << run.err;
    EXPECT_EQ(PgHistory(db, part.table), ExpectedHistory(part.folder)) << part.table;
  }
  for (const Part& part : parts) {
    CommandResult validate = Migrate({"validate"}, db.url(), std::nullopt, part.cwd);
    EXPECT_EQ(validate.exit_code, 0) << part.cwd << ": " << validate.out << validate.err;
  }
}

}  // namespace
}  // namespace ferry::testing
