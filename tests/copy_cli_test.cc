// `ferry copy` end to end: the real binary, SQLite files, a real PostgreSQL.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <fstream>
#include <regex>
#include <thread>

#include "test_util.h"

extern char** environ;

namespace ferry::testing {
namespace {

// Waits until a ferry writer of `db` is in its COPY; false if none shows up.
bool WaitForWriterCopy(const ScratchPgDatabase& db) {
  PgConnection admin = db.Connect();
  for (int i = 0; i < 20000; ++i) {
    Result<PgResult> r = admin.Exec(
        "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND "
        "application_name = 'ferry writer' AND query LIKE 'COPY%'");
    if (r.ok() && r->rows() == 1) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

int CountLines(const std::filesystem::path& path) {
  std::ifstream in(path);
  int lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  return lines;
}

// Chinook as ferry copies it (--snake-case, schema "ferry") must equal, row for
// row and value for value, the published PostgreSQL version (schema public).
TEST(CopyCliTest, ChinookEqualsThePublishedPostgresVersion) {
  FERRY_REQUIRE_PG();
  std::optional<std::filesystem::path> datasets = SharedDatasetsDir();
  if (!datasets || !std::filesystem::exists(*datasets / "chinook/Chinook_Sqlite.sqlite")) {
    GTEST_SKIP() << "../shared/datasets/chinook is absent";
  }
  ScratchPgDatabase db("chinook");
  ASSERT_TRUE(db.ok()) << db.error();
  std::istringstream published(ReadFile(*datasets / "chinook/Chinook_PostgreSql.sql"));
  std::string sql;
  for (std::string line; std::getline(published, line);) {
    if (line.starts_with("\\") || line.starts_with("DROP DATABASE") ||
        line.starts_with("CREATE DATABASE")) {
      continue;
    }
    // N'...' literals are of type character in PostgreSQL, whose cast to
    // varchar drops trailing blanks ('Edinburgh ' of customer 54 would lose
    // its space); plain literals keep the values exactly as published.
    sql += std::regex_replace(line, std::regex("([(,\\s])N'(?!')"), "$1'") + "\n";
  }
  PgConnection conn = db.Connect();
  ASSERT_TRUE(conn.Run(sql).ok());

  TempDir dir;
  CommandResult r = RunFerry({"copy", "--from",
                              "sqlite:" + (*datasets / "chinook/Chinook_Sqlite.sqlite").string(),
                              "--to", db.url(), "--snake-case", "--schema", "ferry", "--jobs", "4",
                              "--report", (dir.path() / "report.json").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> tables = {"album",    "artist",         "customer",     "employee",
                                     "genre",    "invoice",        "invoice_line", "media_type",
                                     "playlist", "playlist_track", "track"};
  for (const std::string& t : tables) {
    std::string count = db.QueryValue("SELECT count(*) FROM public." + t);
    EXPECT_NE(count, "0") << t;
    EXPECT_EQ(db.QueryValue("SELECT count(*) FROM ferry." + t), count) << t;
    EXPECT_EQ(db.QueryValue("SELECT count(*) FROM (SELECT * FROM public." + t +
                            " EXCEPT ALL SELECT * FROM ferry." + t + ") d"),
              "0")
        << t << " has rows ferry did not copy exactly";
    EXPECT_EQ(db.QueryValue("SELECT count(*) FROM (SELECT * FROM ferry." + t +
                            " EXCEPT ALL SELECT * FROM public." + t + ") d"),
              "0")
        << t;
  }
  EXPECT_NE(r.out.find("invoice_line"), std::string::npos) << r.out;  // the summary
  std::string report = ReadFile(dir.path() / "report.json");
  EXPECT_NE(report.find("\"target\":\"invoice_line\",\"state\":\"done\",\"rows_read\":2240,"
                        "\"rows_written\":2240,\"rows_rejected\":0"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("\"source\":\"UnitPrice\",\"source_type\":\"NUMERIC(10,2)\""),
            std::string::npos);
}

class CopyCliFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PgServerUrl().empty()) GTEST_SKIP() << "FERRY_TEST_PG_URL is not set: run scripts/test";
    ASSERT_TRUE(db_.ok()) << db_.error();
  }
  // events: `rows` rows, every fifth has a day that is not a date.
  std::string EventsWithBadDates(int rows) {
    std::filesystem::path path = dir_.path() / "events.sqlite";
    MakeSqlite(path,
               "CREATE TABLE events (id INTEGER PRIMARY KEY, day DATE NOT NULL, note TEXT);"
               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                   std::to_string(rows) +
                   ") INSERT INTO events SELECT i, CASE WHEN i % 5 = 0 THEN 'soon' ELSE "
                   "date('2024-01-01', '+' || (i % 300) || ' days') END, 'n' || i FROM n;");
    return "sqlite:" + path.string();
  }
  CommandResult Copy(const std::string& from, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"copy", "--from", from, "--to", db_.url()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunFerry(args, {}, dir_.path());
  }

  ScratchPgDatabase db_{"copy_cli"};
  TempDir dir_;
};

TEST_F(CopyCliFixture, SkipRecordsEveryRejectedRowAndCopiesTheRest) {
  CommandResult r = Copy(EventsWithBadDates(5000), {"--on-error", "skip", "--report", "r.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM events"), "4000");
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM events WHERE id % 5 = 0"), "0");
  EXPECT_EQ(CountLines(dir_.path() / "rejects/events.ndjson"), 1000);
  std::string first;
  std::getline(std::ifstream(dir_.path() / "rejects/events.ndjson") >> std::ws, first);
  EXPECT_NE(first.find("\"key\":\"id=5\",\"column\":\"day\""), std::string::npos) << first;
  EXPECT_NE(first.find("'soon' is not a date"), std::string::npos) << first;
  EXPECT_NE(ReadFile(dir_.path() / "r.json").find("\"rows_written\":4000,\"rows_rejected\":1000"),
            std::string::npos);
}

TEST_F(CopyCliFixture, StopNamesTheRowAndLeavesTheTargetAsItWas) {
  // Given a table already in the target, a failing --mode replace must keep it.
  ASSERT_TRUE(
      db_.Connect()
          .Run("CREATE TABLE events (id bigint PRIMARY KEY); INSERT INTO events VALUES (42)")
          .ok());
  // (Whole-table chunks: the table is replaced in its chunk's own transaction.)
  CommandResult r = Copy(EventsWithBadDates(5000), {"--mode", "replace", "--chunk-rows", "0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("table events, key id=5: column \"day\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'soon' is not a date"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--on-error skip"), std::string::npos) << r.err;
  EXPECT_EQ(db_.QueryRows("SELECT * FROM events"), "42");
}

TEST_F(CopyCliFixture, CreateStopsBeforeCopyingWhenATableExists) {
  ASSERT_TRUE(db_.Connect().Run("CREATE TABLE events (id bigint)").ok());
  CommandResult r = Copy(EventsWithBadDates(10), {"--on-error", "skip"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("already exist: public.events"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--mode replace"), std::string::npos) << r.err;
}

TEST_F(CopyCliFixture, DryRunPrintsThePlanAndCopiesNothing) {
  std::string from = EventsWithBadDates(10);
  CommandResult plan = RunFerry({"plan", "--from", from, "--to", db_.url(), "--snake-case"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  CommandResult dry = Copy(from, {"--dry-run", "--snake-case"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(dry.out, plan.out);
  EXPECT_NE(dry.out.find("CREATE TABLE"), std::string::npos) << dry.out;
  EXPECT_EQ(db_.QueryValue("SELECT to_regclass('public.events') IS NULL"), "t");
}

TEST_F(CopyCliFixture, UsageErrorsExitTwo) {
  EXPECT_EQ(Copy("sqlite:x.db", {"--mode", "merge"}).exit_code, 2);
  EXPECT_EQ(Copy("sqlite:x.db", {"--jobs", "0"}).exit_code, 2);
  CommandResult r = Copy("nosuch:thing");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nosuch:thing"), std::string::npos) << r.err;
}

TEST_F(CopyCliFixture, PasswordsNeverPrint) {
  std::string url = db_.url();
  url.insert(url.find('@'), ":s3cret-pw");
  CommandResult r =
      RunFerry({"copy", "--from", EventsWithBadDates(10), "--to", url, "--on-error", "skip"}, {},
               dir_.path());
  EXPECT_EQ(r.out.find("s3cret-pw"), std::string::npos);
  EXPECT_EQ(r.err.find("s3cret-pw"), std::string::npos) << r.err;
}

// Given a whole-table copy (--chunk-rows 0) whose writer connection is cut
// mid-COPY, we expect the chunk to be copied again on a new connection: exit
// 0, every row once, and the retry said.
TEST_F(CopyCliFixture, AKilledConnectionIsRetriedAndEveryRowLandsOnce) {
  std::filesystem::path path = dir_.path() / "big.sqlite";
  MakeSqlite(path,
             "CREATE TABLE big (id INTEGER PRIMARY KEY, payload BLOB);"
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
             "INSERT INTO big SELECT i, zeroblob(200) FROM n;");
  CommandResult r;
  std::thread copy([&] { r = Copy("sqlite:" + path.string(), {"--chunk-rows", "0"}); });
  bool killed = false;
  if (WaitForWriterCopy(db_)) {
    Result<PgResult> k = db_.Connect().Exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
        "current_database() AND application_name = 'ferry writer'");
    killed = k.ok() && k->rows() == 1;
  }
  copy.join();
  ASSERT_TRUE(killed) << "the copy ended before its connection could be cut: " << r.err;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("table big"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("; retrying in "), std::string::npos) << r.err;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM big"), "300000");
  EXPECT_EQ(db_.QueryValue("SELECT count(DISTINCT id) FROM big"), "300000");
}

// Given a table with one row, a `--mode replace` copy of the same table that
// gets `signal` mid-COPY must leave the old row and nothing else. SIGTERM
// stops ferry cleanly (exit 1); SIGKILL leaves the rollback to the server.
void ExpectSignalLeavesTableAsBefore(int signal, const ScratchPgDatabase& db, const TempDir& dir) {
  std::filesystem::path path = dir.path() / "big.sqlite";
  MakeSqlite(path,
             "CREATE TABLE big (id INTEGER PRIMARY KEY, payload BLOB);"
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
             "INSERT INTO big SELECT i, zeroblob(200) FROM n;");
  ASSERT_TRUE(db.Connect()
                  .Run("CREATE TABLE big (id bigint PRIMARY KEY); INSERT INTO big VALUES (7)")
                  .ok());
  std::vector<std::string> args = {
      FERRY_BINARY, "-q",     "copy",   "--from",  "sqlite:" + path.string(),
      "--to",       db.url(), "--mode", "replace", "--chunk-rows",
      "0"};  // single stream
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  bool copying = WaitForWriterCopy(db);
  kill(pid, signal);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(copying) << "the copy ended before it could be interrupted";
  if (signal == SIGKILL) {
    EXPECT_TRUE(WIFSIGNALED(status));
  } else {
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << status;
  }
  // The server notices the dead client and rolls its transaction back; wait for that.
  for (int i = 0; i < 5000 && db.QueryValue("SELECT count(*) FROM pg_stat_activity WHERE "
                                            "application_name = 'ferry writer'") != "0";
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_EQ(db.QueryRows("SELECT * FROM big"), "7");
}

TEST_F(CopyCliFixture, SigtermRollsBackAndKeepsTheOldTable) {
  ExpectSignalLeavesTableAsBefore(SIGTERM, db_, dir_);
}

TEST_F(CopyCliFixture, KillNineLeavesTheOldTable) {
  ExpectSignalLeavesTableAsBefore(SIGKILL, db_, dir_);
}

}  // namespace
}  // namespace ferry::testing
