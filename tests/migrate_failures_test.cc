// Every way a migration can fail: the message names the file, the line and the
// server's error, says what to do, and the database is left as it was.
#include <gtest/gtest.h>

#include "migrate_test_util.h"

namespace ferry::testing {
namespace {
namespace fs = std::filesystem;

class MigrateFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PgServerUrl().empty()) GTEST_SKIP() << "FERRY_TEST_PG_URL is not set: run scripts/test";
    db_ = std::make_unique<ScratchPgDatabase>("mfail");
    ASSERT_TRUE(db_->ok()) << db_->error();
    WriteFile(dir() / "1_items.sql", "CREATE TABLE items (id INT PRIMARY KEY);\n");
  }
  fs::path dir() const { return tmp_.path(); }
  CommandResult Run(const std::vector<std::string>& args) {
    return Migrate(args, db_->url(), dir());
  }
  std::string Versions() {
    return db_->QueryRows("SELECT version, success FROM _sqlx_migrations ORDER BY version");
  }

  TempDir tmp_;
  std::unique_ptr<ScratchPgDatabase> db_;
};

TEST_F(MigrateFailureTest, FailingStatementIsNamedAndRolledBack) {
  WriteFile(dir() / "2_bad.sql",
            "CREATE TABLE tags (id INT);\nINSERT INTO items VALUES (1);\n\n"
            "INSERT INTO no_such_table VALUES (2);\n");
  CommandResult r = Run({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("migration 2 (bad) failed and was rolled back"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2_bad.sql, line 4, column 13: relation \"no_such_table\" does not exist "
                       "(SQLSTATE 42P01)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("4 | INSERT INTO no_such_table VALUES (2);"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Fix the file and run `ferry migrate run` again"), std::string::npos);
  EXPECT_EQ(Versions(), "1|t");
  EXPECT_EQ(db_->QueryValue("SELECT to_regclass('tags') IS NULL"), "t");
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM items"), "0");
}

TEST_F(MigrateFailureTest, RuntimeErrorWithoutPositionNamesTheStatementsLine) {
  WriteFile(dir() / "2_bad.sql", "INSERT INTO items VALUES (1);\n-- divide\nSELECT 1 / 0;\n");
  CommandResult r = Run({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("2_bad.sql, line 3: division by zero (SQLSTATE 22012)"), std::string::npos)
      << r.err;
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM items"), "0");
}

TEST_F(MigrateFailureTest, ConcurrentIndexInATransactionSuggestsNoTransaction) {
  WriteFile(dir() / "2_index.sql", "CREATE INDEX CONCURRENTLY items_id ON items (id);\n");
  CommandResult r = Run({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("CREATE INDEX CONCURRENTLY cannot run inside a transaction block"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("put `-- no-transaction` as the first line of 2_index.sql"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Versions(), "1|t");
  EXPECT_EQ(db_->QueryValue("SELECT to_regclass('items_id') IS NULL"), "t");
}

// Regression: COPY … FROM STDIN in a script must fail, not wait for data forever.
TEST_F(MigrateFailureTest, CopyFromStdinFailsInsteadOfHanging) {
  WriteFile(dir() / "2_copy.sql", "INSERT INTO items VALUES (1);\nCOPY items FROM STDIN;\n");
  CommandResult r = Run({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("2_copy.sql, line 2: COPY from stdin failed: COPY FROM STDIN is not "
                       "supported in migrations"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM items"), "0");
}

// Regression: PostgreSQL rejects a byte-order mark as a syntax error, so ferry
// leaves it out of what it sends (the checksum still covers the file's bytes),
// and a `-- no-transaction` line after it still counts.
TEST_F(MigrateFailureTest, AByteOrderMarkIsNotSentToTheServer) {
  std::string text =
      "\xEF\xBB\xBF-- no-transaction\nCREATE INDEX CONCURRENTLY items_id ON items (id);\n";
  WriteFile(dir() / "2_index.sql", text);
  CommandResult r = Run({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Versions(), "1|t\n2|t");
  EXPECT_EQ(
      db_->QueryValue("SELECT encode(checksum, 'hex') FROM _sqlx_migrations WHERE version = 2"),
      Sha384Hex(text));
  WriteFile(dir() / "3_bad.sql", "\xEF\xBB\xBFSELECT 1;\nSELECT nope;\n");
  CommandResult bad = Run({"run"});
  EXPECT_NE(bad.err.find("3_bad.sql, line 2, column 8: column \"nope\" does not exist"),
            std::string::npos)
      << bad.err;
}

TEST_F(MigrateFailureTest, FailedNoTransactionMigrationIsRecordedAndBlocksRun) {
  WriteFile(dir() / "2_outside.sql",
            "-- no-transaction\nCREATE INDEX CONCURRENTLY items_id ON items (id);\n"
            "CREATE INDEX CONCURRENTLY items_x ON items (x);\n");
  WriteFile(dir() / "3_later.sql", "CREATE TABLE later (id INT);\n");
  CommandResult r = Run({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("failed outside a transaction"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2_outside.sql, line 3: column \"x\" does not exist"), std::string::npos)
      << r.err;
  EXPECT_EQ(Versions(), "1|t\n2|f");
  EXPECT_EQ(db_->QueryValue("SELECT to_regclass('items_id') IS NOT NULL"), "t");

  CommandResult again = Run({"run"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("2 (outside): recorded as failed"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("`ferry migrate repair`"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("`ferry migrate revert`"), std::string::npos) << again.err;
  EXPECT_EQ(db_->QueryValue("SELECT to_regclass('later') IS NULL"), "t");
  EXPECT_EQ(Run({"validate"}).exit_code, 1);
  CommandResult info = Run({"info"});
  EXPECT_NE(info.out.find("failed"), std::string::npos) << info.out;

  // Fix the file (safe to re-run), repair, run.
  WriteFile(dir() / "2_outside.sql",
            "-- no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS items_id ON items (id);\n");
  CommandResult repair = Run({"repair"});
  EXPECT_EQ(repair.exit_code, 0) << repair.err;
  EXPECT_NE(repair.out.find("2 (outside): removed the failed record"), std::string::npos)
      << repair.out;
  CommandResult fixed = Run({"run"});
  EXPECT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_EQ(Versions(), "1|t\n2|t\n3|t");
}

TEST_F(MigrateFailureTest, FailedNoTransactionMigrationCanBeReverted) {
  fs::remove(dir() / "1_items.sql");
  WriteFile(dir() / "1_items.up.sql", "CREATE TABLE items (id INT PRIMARY KEY);\n");
  WriteFile(dir() / "1_items.down.sql", "DROP TABLE items;\n");
  WriteFile(dir() / "2_outside.up.sql",
            "-- no-transaction\nCREATE INDEX CONCURRENTLY items_id ON items (id);\nSELECT 1/0;\n");
  WriteFile(dir() / "2_outside.down.sql",
            "-- no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS items_id;\n");
  EXPECT_EQ(Run({"run"}).exit_code, 1);
  EXPECT_EQ(Versions(), "1|t\n2|f");
  CommandResult revert = Run({"revert"});
  EXPECT_EQ(revert.exit_code, 0) << revert.err;
  EXPECT_NE(revert.out.find("Reverted 2/revert outside"), std::string::npos) << revert.out;
  EXPECT_EQ(Versions(), "1|t");
  EXPECT_EQ(db_->QueryValue("SELECT to_regclass('items_id') IS NULL"), "t");
}

TEST_F(MigrateFailureTest, ChangedFileStopsRunUntilRepaired) {
  ASSERT_EQ(Run({"run"}).exit_code, 0);
  WriteFile(dir() / "1_items.sql", "CREATE TABLE items (id BIGINT PRIMARY KEY);\n");
  WriteFile(dir() / "2_next.sql", "CREATE TABLE next (id INT);\n");
  CommandResult r = Run({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("1 (items): " + (dir() / "1_items.sql").string() +
                       " changed since it was applied"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("content changed"), std::string::npos) << r.err;
  EXPECT_EQ(db_->QueryValue("SELECT to_regclass('next') IS NULL"), "t");
  CommandResult validate = Run({"validate"});
  EXPECT_EQ(validate.exit_code, 1);
  EXPECT_NE(validate.out.find("changed: 1 (items)"), std::string::npos) << validate.out;

  CommandResult repair = Run({"repair"});
  EXPECT_EQ(repair.exit_code, 0) << repair.err;
  EXPECT_NE(repair.out.find("1 (items): recorded the file's new checksum (content changed; was "),
            std::string::npos)
      << repair.out;
  EXPECT_EQ(db_->QueryValue("SELECT encode(checksum, 'hex') FROM _sqlx_migrations"),
            Sha384Hex(ReadFile(dir() / "1_items.sql")));
  EXPECT_EQ(Run({"validate"}).exit_code, 0);
  EXPECT_EQ(Run({"run"}).exit_code, 0);
}

TEST_F(MigrateFailureTest, MissingFileIsReportedAndCanBeIgnored) {
  WriteFile(dir() / "2_gone.sql", "CREATE TABLE gone (id INT);\n");
  ASSERT_EQ(Run({"run"}).exit_code, 0);
  fs::remove(dir() / "2_gone.sql");
  WriteFile(dir() / "3_next.sql", "CREATE TABLE next (id INT);\n");
  CommandResult validate = Run({"validate"});
  EXPECT_EQ(validate.exit_code, 1);
  EXPECT_NE(validate.out.find("missing: 2 (gone): applied on"), std::string::npos) << validate.out;
  CommandResult r = Run({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("pass --ignore-missing"), std::string::npos) << r.err;
  EXPECT_EQ(db_->QueryValue("SELECT to_regclass('next') IS NULL"), "t");
  EXPECT_EQ(Run({"run", "--ignore-missing"}).exit_code, 0);
  EXPECT_EQ(Versions(), "1|t\n2|t\n3|t");
}

TEST_F(MigrateFailureTest, OlderPendingMigrationNeedsOutOfOrder) {
  WriteFile(dir() / "3_newer.sql", "CREATE TABLE newer (id INT);\n");
  ASSERT_EQ(Run({"run"}).exit_code, 0);
  WriteFile(dir() / "2_merged_late.sql", "CREATE TABLE late (id INT);\n");
  CommandResult r = Run({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("migration 2 (merged late) is pending but older than the newest applied "
                       "migration 3"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--out-of-order"), std::string::npos);
  EXPECT_EQ(Versions(), "1|t\n3|t");
  EXPECT_EQ(Run({"run", "--out-of-order"}).exit_code, 0);
  EXPECT_EQ(Versions(), "1|t\n2|t\n3|t");
}

TEST_F(MigrateFailureTest, BadTargetVersionsChangeNothing) {
  WriteFile(dir() / "2_two.sql", "CREATE TABLE two (id INT);\n");
  CommandResult unknown = Run({"run", "--target-version", "7"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("target version 7 is not in the migrations folder"), std::string::npos)
      << unknown.err;
  ASSERT_EQ(Run({"run"}).exit_code, 0);
  CommandResult older = Run({"run", "--target-version", "1"});
  EXPECT_EQ(older.exit_code, 1);
  EXPECT_NE(older.err.find("`ferry migrate revert --target-version 1`"), std::string::npos)
      << older.err;
  CommandResult newer = Run({"revert", "--target-version", "3"});
  EXPECT_EQ(newer.exit_code, 1);
  EXPECT_EQ(Versions(), "1|t\n2|t");
}

TEST_F(MigrateFailureTest, IrreversibleMigrationIsNotReverted) {
  ASSERT_EQ(Run({"run"}).exit_code, 0);
  CommandResult r = Run({"revert"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot revert migration 1 (items)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("has no down script"), std::string::npos) << r.err;
  EXPECT_EQ(Versions(), "1|t");
}

TEST_F(MigrateFailureTest, MixedLayoutsAreRefused) {
  WriteFile(dir() / "2_two.up.sql", "CREATE TABLE two (id INT);\n");
  WriteFile(dir() / "2_two.down.sql", "DROP TABLE two;\n");
  CommandResult r = Run({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the migrations folder mixes layouts: 1_items.sql is simple"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(db_->QueryValue("SELECT to_regclass('_sqlx_migrations') IS NULL"), "t");
}

TEST(MigrateSqliteFailureTest, FailingStatementIsNamedAndRolledBack) {
  TempDir dir;
  WriteFile(dir.path() / "m/1_items.sql", "CREATE TABLE items (id INTEGER PRIMARY KEY);\n");
  WriteFile(
      dir.path() / "m/2_bad.sql",
      "INSERT INTO items VALUES (1);\nCREATE TABLE tags (id INT);\n  SELECT nope FROM items;\n");
  fs::path file = dir.path() / "app.db";
  CommandResult r = Migrate({"run"}, "sqlite:" + file.string(), dir.path() / "m");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("2_bad.sql, line 3, column 10: no such column: nope"), std::string::npos)
      << r.err;
  EXPECT_EQ(SqliteRows(file, "SELECT version FROM _sqlx_migrations"),
            std::vector<std::string>{"1"});
  EXPECT_EQ(SqliteRows(file, "SELECT count(*) FROM items"), std::vector<std::string>{"0"});
  EXPECT_EQ(SqliteRows(file, "SELECT count(*) FROM sqlite_schema WHERE name = 'tags'"),
            std::vector<std::string>{"0"});
}

}  // namespace
}  // namespace ferry::testing
