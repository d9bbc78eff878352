// Folders and databases of other migration tools: golang-migrate folders with
// up-only versions, and databases whose history golang-migrate, Flyway, dbmate
// or Diesel kept (`ferry migrate baseline --from-history`), on PostgreSQL and SQLite.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>

#include "migrate_test_util.h"

namespace ferry::testing {
namespace {
namespace fs = std::filesystem;

void SqliteExec(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

// A golang-migrate folder: version 2 has no .down.sql, as golang-migrate allows.
void WriteGolangMigrateFolder(const fs::path& dir) {
  WriteFile(dir / "000001_create_users.up.sql", "CREATE TABLE users (id INT PRIMARY KEY);\n");
  WriteFile(dir / "000001_create_users.down.sql", "DROP TABLE users;\n");
  WriteFile(dir / "000002_seed_users.up.sql", "INSERT INTO users VALUES (1);\n");
  WriteFile(dir / "000003_create_posts.up.sql", "CREATE TABLE posts (id INT PRIMARY KEY);\n");
  WriteFile(dir / "000003_create_posts.down.sql", "DROP TABLE posts;\n");
}

std::string Checksum(const fs::path& file) { return Sha384Hex(ReadFile(file)); }

class MigrateOtherToolsPgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PgServerUrl().empty()) GTEST_SKIP() << "FERRY_TEST_PG_URL is not set: run scripts/test";
    db_ = std::make_unique<ScratchPgDatabase>("mother");
    ASSERT_TRUE(db_->ok()) << db_->error();
    WriteGolangMigrateFolder(dir());
  }
  fs::path dir() const { return tmp_.path() / "migrations"; }
  CommandResult Run(const std::vector<std::string>& args) {
    return Migrate(args, db_->url(), dir());
  }
  // The schema golang-migrate left after applying versions 1 and 2.
  void AppliedByOtherTool() {
    db_->QueryValue("CREATE TABLE users (id INT PRIMARY KEY)");
    db_->QueryValue("INSERT INTO users VALUES (1)");
  }
  std::vector<std::string> Expected(std::initializer_list<const char*> files) {
    std::vector<std::string> rows;
    for (const char* f : files) {
      std::string name = f;
      int version = std::stoi(name.substr(0, 6));
      std::string description = name.substr(7, name.size() - 7 - 7);
      std::replace(description.begin(), description.end(), '_', ' ');
      rows.push_back(std::to_string(version) + "|" + description + "|1|" + Checksum(dir() / f));
    }
    return rows;
  }

  TempDir tmp_;
  std::unique_ptr<ScratchPgDatabase> db_;
};

TEST_F(MigrateOtherToolsPgTest, UpOnlyVersionsAreListedAppliedAndRevertRefusesJustThem) {
  CommandResult info = Run({"info"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("seed users"), std::string::npos) << info.out;
  ASSERT_EQ(Run({"validate"}).exit_code, 0);
  CommandResult run = Run({"run"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(PgHistory(*db_), Expected({"000001_create_users.up.sql", "000002_seed_users.up.sql",
                                       "000003_create_posts.up.sql"}));
  ASSERT_EQ(Run({"revert"}).exit_code, 0);  // 3 has its .down.sql
  CommandResult two = Run({"revert"});
  EXPECT_EQ(two.exit_code, 1);
  EXPECT_NE(two.err.find("cannot revert migration 2 (seed users): " +
                         (dir() / "000002_seed_users.down.sql").string() + " is missing"),
            std::string::npos)
      << two.err;
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM _sqlx_migrations"), "2");
}

TEST_F(MigrateOtherToolsPgTest, RevertToZeroOnAnEmptyDatabaseAgreesWithPlainRevert) {
  CommandResult plain = Run({"revert"});
  CommandResult all = Run({"revert", "--target-version", "0"});
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(all.exit_code, plain.exit_code) << all.err;
  EXPECT_NE(plain.out.find("No migrations available to revert"), std::string::npos) << plain.out;
  EXPECT_EQ(all.out, plain.out);
  EXPECT_EQ(Run({"revert", "--target-version", "0", "--dry-run"}).out, plain.out);
}

TEST_F(MigrateOtherToolsPgTest, GolangMigrateDatabaseIsDetectedAndTakenOver) {
  AppliedByOtherTool();
  db_->QueryValue(
      "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT "
      "NULL)");
  db_->QueryValue("INSERT INTO schema_migrations VALUES (2, false)");
  CommandResult run = Run({"run"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("golang-migrate (table schema_migrations: version 2)"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("ferry migrate baseline --from-history golang-migrate"), std::string::npos)
      << run.err;
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM users"), "1");  // nothing ran twice
  CommandResult info = Run({"info"});
  EXPECT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.err.find("--from-history golang-migrate"), std::string::npos) << info.err;
  EXPECT_EQ(Run({"validate"}).exit_code, 1);
  CommandResult revert = Run({"revert"});
  EXPECT_EQ(revert.exit_code, 0) << revert.err;
  EXPECT_NE(revert.err.find("--from-history golang-migrate"), std::string::npos) << revert.err;

  CommandResult baseline = Run({"baseline", "--from-history", "golang-migrate"});
  ASSERT_EQ(baseline.exit_code, 0) << baseline.err;
  EXPECT_EQ(Count(baseline.out, "Baselined"), 2) << baseline.out;
  EXPECT_EQ(PgHistory(*db_), Expected({"000001_create_users.up.sql", "000002_seed_users.up.sql"}));
  CommandResult rest = Run({"run"});
  ASSERT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM _sqlx_migrations"), "3");
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM users"), "1");
  EXPECT_EQ(Run({"validate"}).exit_code, 0);
}

TEST_F(MigrateOtherToolsPgTest, DirtyGolangMigrateStateIsRefusedWithAReason) {
  AppliedByOtherTool();
  db_->QueryValue(
      "CREATE TABLE schema_migrations (version bigint NOT NULL, dirty boolean NOT NULL)");
  db_->QueryValue("INSERT INTO schema_migrations VALUES (2, true)");
  CommandResult baseline = Run({"baseline", "--from-history", "golang-migrate"});
  EXPECT_EQ(baseline.exit_code, 1);
  EXPECT_NE(baseline.err.find("marks version 2 dirty"), std::string::npos) << baseline.err;
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM _sqlx_migrations"), "0");
  // A version the other tool applied must exist as a file here.
  db_->QueryValue("UPDATE schema_migrations SET version = 7, dirty = false");
  CommandResult missing = Run({"baseline", "--from-history", "golang-migrate"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("applied version(s) 7 but no file"), std::string::npos) << missing.err;
  CommandResult absent = Run({"baseline", "--from-history", "flyway"});
  EXPECT_EQ(absent.exit_code, 1);
  EXPECT_NE(absent.err.find("no flyway history"), std::string::npos) << absent.err;
}

TEST_F(MigrateOtherToolsPgTest, FlywayHistoryIsTakenOver) {
  AppliedByOtherTool();
  db_->QueryValue(
      "CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50), "
      "description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT "
      "NULL, checksum INT, installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL "
      "DEFAULT now(), execution_time INT NOT NULL, success BOOLEAN NOT NULL)");
  db_->QueryValue(
      "INSERT INTO flyway_schema_history VALUES "
      "(1, '1', 'create users', 'SQL', 'V1__create_users.sql', 1, 'me', now(), 5, true), "
      "(2, '2', 'seed users', 'SQL', 'V2__seed_users.sql', 2, 'me', now(), 5, true)");
  CommandResult run = Run({"run", "--dry-run"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--from-history flyway"), std::string::npos) << run.err;
  CommandResult baseline = Run({"baseline", "--from-history", "flyway"});
  ASSERT_EQ(baseline.exit_code, 0) << baseline.err;
  EXPECT_EQ(PgHistory(*db_), Expected({"000001_create_users.up.sql", "000002_seed_users.up.sql"}));
}

TEST_F(MigrateOtherToolsPgTest, DbmateAndDieselHistoriesAreTakenOver) {
  AppliedByOtherTool();
  db_->QueryValue("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)");
  db_->QueryValue("INSERT INTO schema_migrations VALUES ('1'), ('2')");
  CommandResult run = Run({"run"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("dbmate (table schema_migrations: 2 version(s) applied, newest 2)"),
            std::string::npos)
      << run.err;
  // Refused as golang-migrate: this table has no dirty column.
  EXPECT_EQ(Run({"baseline", "--from-history", "golang-migrate"}).exit_code, 1);
  ASSERT_EQ(Run({"baseline", "--from-history", "dbmate"}).exit_code, 0);
  EXPECT_EQ(PgHistory(*db_), Expected({"000001_create_users.up.sql", "000002_seed_users.up.sql"}));

  ScratchPgDatabase diesel("mdiesel");
  ASSERT_TRUE(diesel.ok()) << diesel.error();
  diesel.QueryValue(
      "CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, "
      "run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
  diesel.QueryValue("INSERT INTO __diesel_schema_migrations (version) VALUES ('1')");
  CommandResult d = Migrate({"baseline", "--from-history", "diesel"}, diesel.url(), dir());
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_EQ(PgHistory(diesel), Expected({"000001_create_users.up.sql"}));
}

TEST_F(MigrateOtherToolsPgTest, UnrelatedOtherHistoryCanBeIgnored) {
  db_->QueryValue("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)");
  db_->QueryValue("INSERT INTO schema_migrations VALUES ('20200101000000')");
  EXPECT_EQ(Run({"run"}).exit_code, 1);
  CommandResult run = Run({"run", "--ignore-other-history"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM _sqlx_migrations"), "3");
}

TEST_F(MigrateOtherToolsPgTest, BadUtf8IsReportedOnItsLineAndByteColumn) {
  WriteFile(dir() / "000004_bad.up.sql", "CREATE TABLE bad (\n  name text DEFAULT 'caf\xE9'\n);\n");
  CommandResult run = Run({"run"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find((dir() / "000004_bad.up.sql").string() +
                         ", line 2, byte column 25: byte 0xe9, which is not valid UTF-8"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM _sqlx_migrations"), "0");  // checked first
}

TEST(MigrateOtherToolsSqliteTest, GolangMigrateAndDbmateHistoriesAreTakenOver) {
  TempDir tmp;
  fs::path dir = tmp.path() / "migrations";
  WriteGolangMigrateFolder(dir);
  fs::path golang = tmp.path() / "golang.db";
  SqliteExec(golang,
             "CREATE TABLE users (id INT PRIMARY KEY); INSERT INTO users VALUES (1);"
             "CREATE TABLE schema_migrations (version uint64, dirty bool);"
             "INSERT INTO schema_migrations VALUES (2, 0);");
  std::string url = "sqlite:" + golang.string();
  CommandResult run = Migrate({"run"}, url, dir);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--from-history golang-migrate"), std::string::npos) << run.err;
  ASSERT_EQ(Migrate({"baseline", "--from-history", "golang-migrate"}, url, dir).exit_code, 0);
  CommandResult rest = Migrate({"run"}, url, dir);
  ASSERT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_EQ(SqliteRows(golang, "SELECT version FROM _sqlx_migrations ORDER BY version"),
            (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(SqliteRows(golang, "SELECT count(*) FROM users"), std::vector<std::string>{"1"});

  SqliteExec(golang, "UPDATE schema_migrations SET dirty = 1; DELETE FROM _sqlx_migrations;");
  CommandResult dirty = Migrate({"baseline", "--from-history", "golang-migrate"}, url, dir);
  EXPECT_EQ(dirty.exit_code, 1);
  EXPECT_NE(dirty.err.find("dirty"), std::string::npos) << dirty.err;

  fs::path dbmate = tmp.path() / "dbmate.db";
  SqliteExec(dbmate,
             "CREATE TABLE schema_migrations (version varchar(128) primary key);"
             "INSERT INTO schema_migrations VALUES ('1');");
  ASSERT_EQ(
      Migrate({"baseline", "--from-history", "dbmate"}, "sqlite:" + dbmate.string(), dir).exit_code,
      0);
  EXPECT_EQ(SqliteHistory(dbmate),
            (std::vector<std::string>{"1|create users|1|" +
                                      Checksum(dir / "000001_create_users.up.sql")}));
}

TEST(MigrateOtherToolsSqliteTest, RevertToZeroOnAnEmptyDatabaseAgreesWithPlainRevert) {
  TempDir tmp;
  fs::path dir = tmp.path() / "migrations";
  WriteGolangMigrateFolder(dir);
  fs::path file = tmp.path() / "empty.db";
  SqliteExec(file, "CREATE TABLE unrelated (x INT);");
  std::string url = "sqlite:" + file.string();
  CommandResult plain = Migrate({"revert"}, url, dir);
  CommandResult all = Migrate({"revert", "--target-version", "0"}, url, dir);
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(all.exit_code, plain.exit_code) << all.err;
  EXPECT_EQ(all.out, plain.out);
}

// sqlx's reversible folder with one .down.sql removed, as a golang-migrate user may have it.
TEST(MigrateOtherToolsSqliteTest, SqlxFolderWithoutOneDownScriptRunsAndRevertsDownToIt) {
  FERRY_REQUIRE_SQLX_DATASET(dataset);
  TempDir tmp;
  fs::path dir = tmp.path() / "migrations";
  CopyTree(dataset / "sqlx-cli/tests/migrations_reversible", dir);
  fs::remove(dir / "20230301000000_test3.down.sql");
  fs::path file = tmp.path() / "app.db";
  std::string url = "sqlite:" + file.string();
  ASSERT_EQ(Migrate({"info"}, url, dir).exit_code, 1);  // the file does not exist yet
  CommandResult run = Migrate({"run"}, url, dir);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(SqliteHistory(file), ExpectedHistory(dir));
  ASSERT_EQ(Migrate({"validate"}, url, dir).exit_code, 0);
  CommandResult all = Migrate({"revert", "--target-version", "0"}, url, dir);
  EXPECT_EQ(all.exit_code, 1);
  EXPECT_NE(all.err.find("20230301000000_test3.down.sql is missing"), std::string::npos) << all.err;
  EXPECT_NE(all.err.find("--target-version 20230301000000"), std::string::npos) << all.err;
  EXPECT_EQ(SqliteHistory(file).size(), 5u);  // nothing was reverted
  ASSERT_EQ(Migrate({"revert", "--target-version", "20230301000000"}, url, dir).exit_code, 0);
  EXPECT_EQ(SqliteHistory(file).size(), 3u);
}

}  // namespace
}  // namespace ferry::testing
