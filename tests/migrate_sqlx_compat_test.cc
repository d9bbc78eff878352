// ferry and sqlx-cli share a database: same table, same rows, same lock, and
// sqlx's `ignored-chars` setting gives the results sqlx-cli's own tests expect.
#include <gtest/gtest.h>

#include "migrate/pg_advisory_lock.h"
#include "migrate_test_util.h"

namespace ferry::testing {
namespace {
namespace fs = std::filesystem;

// sqlx-postgres/src/migrate.rs, ensure_migrations_table, as sqlx-cli runs it.
constexpr char kSqlxPgTable[] = R"(
CREATE TABLE IF NOT EXISTS {table} (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
    success BOOLEAN NOT NULL,
    checksum BYTEA NOT NULL,
    execution_time BIGINT NOT NULL
);)";

std::string SqlxPgTable(const std::string& table) {
  std::string sql = kSqlxPgTable;
  return sql.replace(sql.find("{table}"), 7, table);
}

std::string ColumnsOf(const ScratchPgDatabase& db, const std::string& schema) {
  return db.QueryRows(
      "SELECT column_name, data_type, is_nullable, coalesce(column_default, ''), ordinal_position "
      "FROM information_schema.columns WHERE table_schema = '" +
      schema + "' AND table_name = '_sqlx_migrations' ORDER BY ordinal_position");
}

void WriteMigrations(const fs::path& dir) {
  WriteFile(dir / "1_create_users.sql", "CREATE TABLE users (id BIGINT PRIMARY KEY);\n");
  WriteFile(dir / "2_add_email.sql", "ALTER TABLE users ADD COLUMN email TEXT;\n");
}

TEST(MigrateSqlxCompatTest, HistoryTableHasSqlxsExactDefinition) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mcompat");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteMigrations(dir.path());
  ASSERT_EQ(Migrate({"run"}, db.url(), dir.path()).exit_code, 0);
  db.QueryValue("CREATE SCHEMA sqlx");
  db.QueryValue(SqlxPgTable("sqlx._sqlx_migrations"));
  std::string ours = ColumnsOf(db, "public");
  EXPECT_EQ(ours, ColumnsOf(db, "sqlx"));
  EXPECT_NE(ours.find("checksum|bytea|NO"), std::string::npos) << ours;
  EXPECT_EQ(db.QueryValue("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                          "WHERE conrelid = 'public._sqlx_migrations'::regclass"),
            "PRIMARY KEY (version)");
}

TEST(MigrateSqlxCompatTest, RowsAreTheOnesSqlxWrites) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mcompat");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteMigrations(dir.path());
  ASSERT_EQ(Migrate({"run"}, db.url(), dir.path()).exit_code, 0);
  std::vector<std::string> expected = {
      "1|create users|1|" + Sha384Hex("CREATE TABLE users (id BIGINT PRIMARY KEY);\n"),
      "2|add email|1|" + Sha384Hex("ALTER TABLE users ADD COLUMN email TEXT;\n")};
  EXPECT_EQ(PgHistory(db), expected);
  // execution_time is in nanoseconds (sqlx: elapsed.as_nanos()), installed_on is now().
  EXPECT_EQ(db.QueryValue("SELECT bool_and(execution_time > 0 AND execution_time < 60e9 AND "
                          "installed_on > now() - interval '1 minute') FROM _sqlx_migrations"),
            "t");
}

// A database that sqlx-cli migrated: its table and rows are read as applied,
// and only the new migration runs.
TEST(MigrateSqlxCompatTest, ReadsADatabaseMigratedBySqlx) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mcompat");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteMigrations(dir.path());
  db.QueryValue(SqlxPgTable("_sqlx_migrations"));
  db.QueryValue("CREATE TABLE users (id BIGINT PRIMARY KEY)");
  db.QueryValue(
      "INSERT INTO _sqlx_migrations (version, description, success, checksum, "
      "execution_time) VALUES (1, 'create users', TRUE, decode('" +
      Sha384Hex(ReadFile(dir.path() / "1_create_users.sql")) + "', 'hex'), 1234567)");
  CommandResult info = Migrate({"info", "--json"}, db.url(), dir.path());
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("\"version\": 1, \"description\": \"create users\", \"state\": "
                          "\"applied\""),
            std::string::npos)
      << info.out;
  EXPECT_NE(info.out.find("\"version\": 2, \"description\": \"add email\", \"state\": "
                          "\"pending\""),
            std::string::npos)
      << info.out;
  CommandResult run = Migrate({"run"}, db.url(), dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Count(run.out, "Applied "), 1) << run.out;
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM information_schema.columns "
                          "WHERE table_name = 'users' AND column_name = 'email'"),
            "1");
  EXPECT_EQ(Migrate({"validate"}, db.url(), dir.path()).exit_code, 0);
}

TEST(MigrateSqlxCompatTest, SqliteTableAndRowsAreSqlxs) {
  TempDir dir;
  WriteMigrations(dir.path() / "m");
  fs::path file = dir.path() / "app.db";
  ASSERT_EQ(Migrate({"run"}, "sqlite:" + file.string(), dir.path() / "m").exit_code, 0);
  // sqlx-sqlite/src/migrate.rs, ensure_migrations_table: declared types and defaults.
  EXPECT_EQ(SqliteRows(file,
                       "SELECT name, type, \"notnull\", coalesce(dflt_value, ''), pk "
                       "FROM pragma_table_info('_sqlx_migrations')"),
            (std::vector<std::string>{"version|BIGINT|0||1", "description|TEXT|1||0",
                                      "installed_on|TIMESTAMP|1|CURRENT_TIMESTAMP|0",
                                      "success|BOOLEAN|1||0", "checksum|BLOB|1||0",
                                      "execution_time|BIGINT|1||0"}));
  EXPECT_EQ(SqliteHistory(file), ExpectedHistory(dir.path() / "m"));
  EXPECT_EQ(SqliteRows(file,
                       "SELECT typeof(success), typeof(checksum), typeof(execution_time) "
                       "FROM _sqlx_migrations LIMIT 1"),
            std::vector<std::string>{"integer|blob|integer"});
}

// sqlx-cli takes pg_advisory_lock(0x3d32ad9e * crc32(database name)); while
// another session holds that key, ferry waits, says for what, and times out.
TEST(MigrateSqlxCompatTest, WaitsForSqlxsAdvisoryLock) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mlock");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteMigrations(dir.path());
  PgConnection holder = db.Connect();
  int64_t key = migrate::SqlxAdvisoryLockKey(db.name());
  ASSERT_TRUE(holder.Run("SELECT pg_advisory_lock(" + std::to_string(key) + ")").ok());
  CommandResult run = Migrate({"run", "--lock-timeout", "0.5"}, db.url(), dir.path());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("waiting for another migration of database '" + db.name()),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("advisory lock " + std::to_string(key)), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("pid " + std::to_string(holder.BackendPid())), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("gave up waiting"), std::string::npos) << run.err;
  EXPECT_EQ(db.QueryValue("SELECT to_regclass('users') IS NULL"), "t");
  ASSERT_TRUE(holder.Run("SELECT pg_advisory_unlock(" + std::to_string(key) + ")").ok());
  EXPECT_EQ(Migrate({"run"}, db.url(), dir.path()).exit_code, 0);
}

// sqlx-cli/tests/migrate.rs `ignored_chars`: with sqlx.toml's ignored-chars, the
// CRLF, BOM and tab variants of the applied LF files count as installed.
// Without it, each is a mismatch, and line endings or a BOM are named as such.
class IgnoredCharsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dataset = SqlxDatasetDir();
    if (!dataset) GTEST_SKIP() << "../shared/datasets/sqlx-migrations is absent: skipped";
    fs::path source = *dataset / "sqlx-cli/tests/ignored-chars";
    CopyTree(source, dir_.path());
    // The data set is checked out with LF everywhere; make CRLF what its
    // .gitattributes asks for.
    for (const auto& entry : fs::directory_iterator(dir_.path() / "CRLF")) {
      if (entry.path().extension() != ".sql") continue;
      std::string crlf;
      for (char c : ReadFile(entry.path()))
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
      WriteFile(entry.path(), crlf);
    }
    url_ = "sqlite:" + (dir_.path() / "app.db").string();
  }

  CommandResult Run(const std::vector<std::string>& args, const std::string& variant,
                    bool with_config) {
    std::vector<std::string> full = args;
    if (with_config) full.insert(full.end(), {"--config", (dir_.path() / "sqlx.toml").string()});
    return Migrate(full, url_, dir_.path() / variant);
  }

  TempDir dir_;
  std::string url_;
};

TEST_F(IgnoredCharsTest, WithSqlxTomlEveryVariantIsInstalled) {
  ASSERT_EQ(Run({"run"}, "LF", true).exit_code, 0);
  for (const char* variant : {"CRLF", "BOM", "oops-all-tabs"}) {
    CommandResult info = Run({"info", "--json"}, variant, true);
    EXPECT_EQ(Count(info.out, "\"state\": \"applied\""), 3) << variant << info.out;
    CommandResult run = Run({"run"}, variant, true);
    EXPECT_EQ(run.exit_code, 0) << variant << run.err;
    EXPECT_EQ(Count(run.out, "Applied"), 0) << variant << run.out;
    EXPECT_EQ(Run({"validate"}, variant, true).exit_code, 0) << variant;
  }
}

TEST_F(IgnoredCharsTest, WithoutItLineEndingsAndBomAreNamedMismatches) {
  ASSERT_EQ(Run({"run"}, "LF", false).exit_code, 0);
  CommandResult crlf = Run({"validate"}, "CRLF", false);
  EXPECT_EQ(crlf.exit_code, 1);
  EXPECT_EQ(Count(crlf.out,
                  "only line endings differ (the file has CRLF, the applied version "
                  "had LF)"),
            3)
      << crlf.out;
  CommandResult bom = Run({"validate"}, "BOM", false);
  EXPECT_EQ(bom.exit_code, 1);
  EXPECT_EQ(Count(bom.out, "only a byte-order mark differs"), 3) << bom.out;
  CommandResult tabs = Run({"validate"}, "oops-all-tabs", false);
  EXPECT_EQ(tabs.exit_code, 1);
  EXPECT_EQ(Count(tabs.out, "content changed"), 3) << tabs.out;
  EXPECT_EQ(Run({"validate"}, "LF", false).exit_code, 0);
  CommandResult run = Run({"run"}, "CRLF", false);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("changed since they were applied"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace ferry::testing
