// The `ferry migrate` subcommands from the user's side: help, add, dry runs,
// baseline, the directory layout, JSON output and the lock-table variant.
#include <gtest/gtest.h>
#include <simdjson.h>

#include "migrate_test_util.h"

namespace ferry::testing {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> Names(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) names.push_back(fs::relative(entry.path(), dir).string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(MigrateCommandsTest, EverySubcommandHasHelp) {
  for (const char* sub : {"run", "revert", "info", "validate", "repair", "baseline", "add"}) {
    CommandResult r = RunFerry({"migrate", sub, "--help"});
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find("--source"), std::string::npos) << sub << r.out;
  }
  CommandResult run = RunFerry({"migrate", "run", "--help"});
  for (const char* option : {"--database-url", "--json", "--target-version", "--dry-run",
                             "--lock-timeout", "--out-of-order"}) {
    EXPECT_NE(run.out.find(option), std::string::npos) << option;
  }
  EXPECT_EQ(RunFerry({"migrate", "run", "--no-such-flag"}).exit_code, 2);
  EXPECT_EQ(RunFerry({"migrate", "baseline", "-D", "sqlite:x.db"}).exit_code, 2);
}

TEST(MigrateCommandsTest, AddNumbersSequentiallyOrByTimestampAsSqlxDoes) {
  TempDir dir;
  fs::path m = dir.path() / "migrations";
  ASSERT_EQ(RunFerry({"migrate", "add", "--source", m.string(), "-s", "create users"}).exit_code,
            0);
  ASSERT_EQ(RunFerry({"migrate", "add", "--source", m.string(), "add", "email"}).exit_code, 0);
  EXPECT_EQ(Names(m), (std::vector<std::string>{"0001_create_users.sql", "0002_add_email.sql"}));
  EXPECT_EQ(ReadFile(m / "0001_create_users.sql"), "-- Add migration script here\n");

  fs::path t = dir.path() / "timestamps";
  CommandResult r = RunFerry({"migrate", "add", "--source", t.string(), "-r", "users"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> names = Names(t);
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0].size(), std::string("20241221000000_users.down.sql").size()) << names[0];
  EXPECT_TRUE(names[1].ends_with("_users.up.sql")) << names[1];
  EXPECT_EQ(ReadFile(t / names[1]), "-- Add up migration script here\n");
  // The folder is reversible: a new migration follows its layout.
  ASSERT_EQ(RunFerry({"migrate", "add", "--source", t.string(), "posts"}).exit_code, 0);
  EXPECT_EQ(Names(t).size(), 4u);
}

TEST(MigrateCommandsTest, AddInTheDirectoryLayout) {
  TempDir dir;
  fs::path m = dir.path() / "m";
  ASSERT_EQ(
      RunFerry({"migrate", "add", "--source", m.string(), "--directory", "-s", "users"}).exit_code,
      0);
  ASSERT_EQ(RunFerry({"migrate", "add", "--source", m.string(), "posts"}).exit_code, 0);
  EXPECT_EQ(Names(m), (std::vector<std::string>{"0001_users/down.sql", "0001_users/up.sql",
                                                "0002_posts/down.sql", "0002_posts/up.sql"}));
  fs::path simple = dir.path() / "simple";
  ASSERT_EQ(RunFerry({"migrate", "add", "--source", simple.string(), "users"}).exit_code, 0);
  for (const char* layout : {"-r", "--directory"}) {
    CommandResult mixed = RunFerry({"migrate", "add", "--source", simple.string(), layout, "x"});
    EXPECT_EQ(mixed.exit_code, 1) << layout;
    EXPECT_NE(mixed.err.find("never mixes layouts"), std::string::npos) << mixed.err;
  }
  EXPECT_EQ(Names(simple).size(), 1u);
}

class MigratePgCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PgServerUrl().empty()) GTEST_SKIP() << "FERRY_TEST_PG_URL is not set: run scripts/test";
    db_ = std::make_unique<ScratchPgDatabase>("mcmd");
    ASSERT_TRUE(db_->ok()) << db_->error();
    WriteFile(dir() / "0001_users/up.sql", "CREATE TABLE users (id INT PRIMARY KEY);\n");
    WriteFile(dir() / "0001_users/down.sql", "DROP TABLE users;\n");
    WriteFile(dir() / "0002_posts/up.sql", "CREATE TABLE posts (id INT PRIMARY KEY);\n");
    WriteFile(dir() / "0002_posts/down.sql", "DROP TABLE posts;\n");
  }
  fs::path dir() const { return tmp_.path() / "m"; }
  CommandResult Run(const std::vector<std::string>& args) {
    return Migrate(args, db_->url(), dir());
  }
  std::string Tables() {
    return db_->QueryRows(
        "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
        "WHERE schemaname = 'public'");
  }

  TempDir tmp_;
  std::unique_ptr<ScratchPgDatabase> db_;
};

TEST_F(MigratePgCommandsTest, DryRunPrintsTheSqlAndChangesNothing) {
  CommandResult r = Run({"run", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(
      r.out.find("-- Would apply 1/migrate users from " + (dir() / "0001_users/up.sql").string() +
                 "\nCREATE TABLE users (id INT PRIMARY KEY);\n"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("CREATE TABLE posts"), std::string::npos);
  EXPECT_EQ(Tables(), "<null>");
  ASSERT_EQ(Run({"run"}).exit_code, 0);
  CommandResult revert = Run({"revert", "--dry-run", "--target-version", "0"});
  ASSERT_EQ(revert.exit_code, 0) << revert.err;
  EXPECT_LT(revert.out.find("DROP TABLE posts"), revert.out.find("DROP TABLE users")) << revert.out;
  EXPECT_EQ(Tables(), "_sqlx_migrations,posts,users");
}

TEST_F(MigratePgCommandsTest, DirectoryLayoutRunsAndReverts) {
  CommandResult run = Run({"run", "--target-version", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Tables(), "_sqlx_migrations,users");
  ASSERT_EQ(Run({"run"}).exit_code, 0);
  EXPECT_EQ(PgHistory(*db_), (std::vector<std::string>{
                                 "1|users|1|" + Sha384Hex(ReadFile(dir() / "0001_users/up.sql")),
                                 "2|posts|1|" + Sha384Hex(ReadFile(dir() / "0002_posts/up.sql"))}));
  ASSERT_EQ(Run({"revert", "--target-version", "0"}).exit_code, 0);
  EXPECT_EQ(Tables(), "_sqlx_migrations");
}

TEST_F(MigratePgCommandsTest, InfoShowsEveryState) {
  ASSERT_EQ(Run({"run", "--target-version", "1"}).exit_code, 0);
  CommandResult info = Run({"info"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("VERSION  DESCRIPTION  STATE     INSTALLED ON (UTC)"), std::string::npos)
      << info.out;
  EXPECT_NE(info.out.find("users        applied"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("posts        pending"), std::string::npos) << info.out;
  CommandResult json = Run({"info", "--json"});
  EXPECT_NE(json.out.find("\"version\": 2, \"description\": \"posts\", \"state\": \"pending\", "
                          "\"file\": "),
            std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find("\"installed_on\": null"), std::string::npos);
}

TEST_F(MigratePgCommandsTest, RunJsonListsTheSteps) {
  CommandResult r = Run({"run", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("{\"dry_run\": false, \"steps\": [", 0), 0u) << r.out;
  EXPECT_EQ(Count(r.out, "\"action\": \"apply\""), 2) << r.out;
  EXPECT_NE(r.out.find("\"elapsed_ms\": "), std::string::npos);
}

// Every --json output is one valid JSON document.
TEST_F(MigratePgCommandsTest, JsonOutputsParse) {
  simdjson::dom::parser parser;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", "--json", "--dry-run"},
        {"run", "--json"},
        {"info", "--json"},
        {"validate", "--json"},
        {"repair", "--json"},
        {"revert", "--json", "--dry-run"}}) {
    CommandResult r = Run(args);
    ASSERT_EQ(r.exit_code, 0) << args[0] << r.err;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << args[0] << ": " << r.out;
  }
  simdjson::dom::element info;
  ASSERT_EQ(parser.parse(Run({"info", "--json"}).out).get(info), simdjson::SUCCESS);
  simdjson::dom::array migrations;
  ASSERT_EQ(info["migrations"].get(migrations), simdjson::SUCCESS);
  ASSERT_EQ(migrations.size(), 2u);
  std::string_view state;
  ASSERT_EQ(migrations.at(1)["state"].get(state), simdjson::SUCCESS);
  EXPECT_EQ(state, "applied");
  int64_t time = 0;
  ASSERT_EQ(migrations.at(1)["execution_time_ns"].get(time), simdjson::SUCCESS);
  EXPECT_GT(time, 0);
}

TEST_F(MigratePgCommandsTest, RunJsonListsTheStepsBeforeAnError) {
  WriteFile(dir() / "0003_bad/up.sql", "SELECT 1 / 0;\n");
  CommandResult r = Run({"run", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << r.out;
  simdjson::dom::array steps;
  ASSERT_EQ(doc["steps"].get(steps), simdjson::SUCCESS);
  EXPECT_EQ(steps.size(), 2u);
  std::string_view error;
  ASSERT_EQ(doc["error"].get(error), simdjson::SUCCESS);
  EXPECT_NE(error.find("migration 3 (bad) failed"), std::string_view::npos) << error;
}

TEST_F(MigratePgCommandsTest, BaselineMarksAnExistingSchema) {
  db_->QueryValue("CREATE TABLE users (id INT PRIMARY KEY)");
  CommandResult b = Run({"baseline", "--version", "1"});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_NE(b.out.find("Baselined 1/migrate users"), std::string::npos) << b.out;
  CommandResult run = Run({"run"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Count(run.out, "Applied "), 1) << run.out;
  EXPECT_EQ(Tables(), "_sqlx_migrations,posts,users");
  CommandResult again = Run({"baseline", "--version", "2"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("the history already records migration 1 (users)"), std::string::npos)
      << again.err;
}

TEST_F(MigratePgCommandsTest, DatabaseUrlComesFromTheEnvironment) {
  CommandResult r =
      RunFerry({"migrate", "run", "--source", dir().string()}, {{"DATABASE_URL", db_->url()}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Tables(), "_sqlx_migrations,posts,users");
}

// The lock-table variant (for CockroachDB) also works on PostgreSQL.
TEST_F(MigratePgCommandsTest, LockTableWaitsForItsHolder) {
  ASSERT_EQ(Run({"run", "--lock", "table", "--target-version", "1"}).exit_code, 0);
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM _ferry_migrate_lock"), "0");
  db_->QueryValue("INSERT INTO _ferry_migrate_lock (id, holder) VALUES (1, 'deployer 7')");
  CommandResult r = Run({"run", "--lock", "table", "--lock-timeout", "0.3"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("held by deployer 7 since"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("DELETE FROM _ferry_migrate_lock"), std::string::npos) << r.err;
  EXPECT_EQ(Tables(), "_ferry_migrate_lock,_sqlx_migrations,users");
}

TEST(MigrateCommandsTest, PasswordsNeverPrint) {
  TempDir dir;
  WriteFile(dir.path() / "1_a.sql", "SELECT 1;\n");
  CommandResult r = Migrate({"run"}, "postgres://app:s3cret-pw@127.0.0.1:1/app", dir.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.find("s3cret-pw"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("***"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ferry::testing
