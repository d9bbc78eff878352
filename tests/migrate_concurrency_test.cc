// Two deployers at once: each migration is applied exactly once and both succeed.
#include <gtest/gtest.h>

#include <thread>

#include "migrate_test_util.h"

namespace ferry::testing {
namespace {
namespace fs = std::filesystem;

// Every migration but the first appends a row to deploy_log, which has no key,
// so a migration applied twice leaves two rows.
void WritePgMigrations(const fs::path& dir) {
  WriteFile(dir / "1_log.sql", "CREATE TABLE deploy_log (version INT NOT NULL);\n");
  WriteFile(dir / "2_slow.sql", "SELECT pg_sleep(0.2);\nINSERT INTO deploy_log VALUES (2);\n");
  WriteFile(dir / "3_more.sql", "INSERT INTO deploy_log VALUES (3);\n");
  WriteFile(dir / "4_outside.sql",
            "-- no-transaction\nINSERT INTO deploy_log VALUES (4);\n"
            "CREATE INDEX CONCURRENTLY deploy_log_version ON deploy_log (version);\n");
}

std::pair<CommandResult, CommandResult> RunTwice(const std::string& url, const fs::path& dir,
                                                 const std::vector<std::string>& args = {"run"}) {
  CommandResult first, second;
  std::thread other([&] { second = Migrate(args, url, dir); });
  first = Migrate(args, url, dir);
  other.join();
  return {first, second};
}

TEST(MigrateConcurrencyTest, TwoPostgresDeployersApplyEachMigrationOnce) {
  FERRY_REQUIRE_PG();
  TempDir dir;
  WritePgMigrations(dir.path());
  for (int round = 0; round < 20; ++round) {
    ScratchPgDatabase db("mconc");
    ASSERT_TRUE(db.ok()) << db.error();
    auto [first, second] = RunTwice(db.url(), dir.path());
    ASSERT_EQ(first.exit_code, 0) << "round " << round << ": " << first.err;
    ASSERT_EQ(second.exit_code, 0) << "round " << round << ": " << second.err;
    EXPECT_EQ(Count(first.out + second.out, "Applied "), 4) << first.out << second.out;
    EXPECT_EQ(db.QueryRows("SELECT version, count(*) FROM deploy_log GROUP BY version "
                           "ORDER BY version"),
              "2|1\n3|1\n4|1")
        << "round " << round;
    EXPECT_EQ(db.QueryValue("SELECT count(*) FROM _sqlx_migrations WHERE success"), "4");
  }
}

// The lock-table variant (CockroachDB's), including the race to create the table.
TEST(MigrateConcurrencyTest, TwoDeployersWithTheLockTableApplyEachMigrationOnce) {
  FERRY_REQUIRE_PG();
  TempDir dir;
  WritePgMigrations(dir.path());
  for (int round = 0; round < 5; ++round) {
    ScratchPgDatabase db("mconct");
    ASSERT_TRUE(db.ok()) << db.error();
    auto [first, second] = RunTwice(db.url(), dir.path(), {"run", "--lock", "table"});
    ASSERT_EQ(first.exit_code, 0) << "round " << round << ": " << first.err;
    ASSERT_EQ(second.exit_code, 0) << "round " << round << ": " << second.err;
    EXPECT_EQ(db.QueryRows("SELECT version, count(*) FROM deploy_log GROUP BY version "
                           "ORDER BY version"),
              "2|1\n3|1\n4|1")
        << "round " << round;
    EXPECT_EQ(db.QueryValue("SELECT count(*) FROM _ferry_migrate_lock"), "0");
  }
}

TEST(MigrateConcurrencyTest, TwoSqliteDeployersApplyEachMigrationOnce) {
  TempDir dir;
  WriteFile(dir.path() / "m/1_log.sql", "CREATE TABLE deploy_log (version INT NOT NULL);\n");
  // Each step keeps SQLite busy for a few tens of milliseconds, so the two
  // deployers overlap and one waits in BEGIN IMMEDIATE.
  for (int v = 2; v <= 6; ++v) {
    WriteFile(dir.path() / "m" / (std::to_string(v) + "_step.sql"),
              "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) "
              "SELECT count(*) FROM c;\nINSERT INTO deploy_log VALUES (" +
                  std::to_string(v) + ");\n");
  }
  for (int round = 0; round < 10; ++round) {
    fs::path file = dir.path() / ("app" + std::to_string(round) + ".db");
    std::string url = "sqlite:" + file.string();
    auto [first, second] = RunTwice(url, dir.path() / "m");
    ASSERT_EQ(first.exit_code, 0) << "round " << round << ": " << first.err;
    ASSERT_EQ(second.exit_code, 0) << "round " << round << ": " << second.err;
    EXPECT_EQ(SqliteRows(file, "SELECT count(*), count(DISTINCT version) FROM deploy_log"),
              std::vector<std::string>{"5|5"})
        << "round " << round;
  }
}

}  // namespace
}  // namespace ferry::testing
