// Which run a `ferry copy` continues, and what it never touches: options given
// at their defaults are the same run; a refused resume names each option that
// differs; ferry's own _ferry schema is never a target; and the claims of a
// worker killed with SIGKILL on this host are taken over at once, while
// `ferry status` shows it dead.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "connectors/sqlite/sqlite_database.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

using std::chrono::milliseconds;

class CopyRunIdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    ASSERT_TRUE(db_.ok()) << db_.error();
  }
  std::string Ndjson() {
    std::string lines;
    for (int i = 1; i <= 50; ++i) {
      lines += R"({"_id":)" + std::to_string(i) + R"(,"name":"n)" + std::to_string(i) +
               R"(","address":{"city":"c"}})" + "\n";
    }
    std::filesystem::path path = dir_.path() / "events.json";
    WriteFile(path, lines);
    return "ndjson:" + path.string();
  }
  std::string Sqlite(int rows) {
    std::filesystem::path path = dir_.path() / "items.db";
    SqliteDatabase db = SqliteDatabase::Open(path.string(), {.create = true}).value();
    Status s = db.Exec(
        "CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT, pad TEXT);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
        std::to_string(rows) +
        ") INSERT INTO items SELECT i, 'item ' || i, printf('%.200c', 'x') FROM n;");
    EXPECT_TRUE(s.ok()) << s.message();
    return "sqlite:" + path.string();
  }
  // Waits (up to a minute) until `sql` answers "t"; false at once when
  // `ferry` (if given) exits first.
  bool WaitFor(const std::string& sql, BackgroundFerry* ferry = nullptr) {
    for (int i = 0; i < 1200; ++i) {
      if (db_.QueryValue(sql) == "t") return true;
      if (ferry != nullptr && !ferry->Running()) return false;
      std::this_thread::sleep_for(milliseconds(50));
    }
    return false;
  }

  // Starts `args`, kills it with SIGKILL once it has done some chunks and
  // while it holds one; its pid, or 0 when its chunks ended just before.
  int KillWhileHoldingChunks(const std::vector<std::string>& args) {
    BackgroundFerry ferry(args, logs_.path());
    std::string held =
        "SELECT count(*) > 0 FROM _ferry.chunks WHERE state = 'running' AND worker LIKE '%:" +
        std::to_string(ferry.pid()) + "/%'";
    EXPECT_TRUE(WaitFor("SELECT to_regclass('_ferry.chunks') IS NOT NULL")) << ferry.Err();
    EXPECT_TRUE(WaitFor("SELECT count(*) >= 2 FROM _ferry.chunks WHERE state = 'done'"))
        << ferry.Err();
    // On a loaded machine the copy may end between two looks: then the
    // caller skips, as there was nothing to kill.
    if (!WaitFor(held, &ferry)) return 0;
    ferry.Kill(SIGKILL);
    EXPECT_EQ(ferry.Wait(), 128 + SIGKILL);
    return db_.QueryValue(held) == "t" ? ferry.pid() : 0;
  }

  TempDir dir_;
  TempDir logs_;
  ScratchPgDatabase db_{"identity"};
};

TEST_F(CopyRunIdentityTest, OptionsGivenAtTheirDefaultsAreTheSameFinishedRun) {
  std::string from = Ndjson();
  CommandResult first = RunFerry({"copy", "--from", from, "--to", db_.url()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  CommandResult again =
      RunFerry({"copy", "--from", from, "--to", db_.url(), "--documents", "flatten", "--depth", "2",
                "--objectid", "uuid", "--sample", "1000", "--mode", "create", "--schema", "public",
                "--chunk-rows", "100000"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already finished at "), std::string::npos) << again.out << again.err;
  EXPECT_NE(again.out.find("; nothing to copy"), std::string::npos) << again.out;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM _ferry.runs"), "1");
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM events"), "50");
}

TEST_F(CopyRunIdentityTest, SchemaFerryIsRefusedAndTheRunsSurvive) {
  std::string from = Ndjson();
  ASSERT_EQ(RunFerry({"copy", "--from", from, "--to", db_.url()}).exit_code, 0);
  for (const char* mode : {"replace", "create"}) {
    CommandResult r =
        RunFerry({"copy", "--from", from, "--to", db_.url(), "--schema", "_ferry", "--mode", mode});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--schema _ferry: ferry keeps the state of its copy runs in the _ferry "
                         "schema"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("--mode replace"), std::string::npos) << r.err;
  }
  CommandResult verify =
      RunFerry({"verify", "--from", from, "--to", db_.url(), "--schema", "_ferry"});
  EXPECT_EQ(verify.exit_code, 2) << verify.err;
  EXPECT_NE(verify.err.find("--schema _ferry"), std::string::npos) << verify.err;
  CommandResult plan = RunFerry({"plan", "--from", from, "--schema", "_ferry"});
  EXPECT_NE(plan.exit_code, 0) << plan.out;
  EXPECT_NE(plan.err.find("--schema _ferry"), std::string::npos) << plan.err;
  // Nothing was dropped: the run and its status are there.
  EXPECT_EQ(db_.QueryValue("SELECT state FROM _ferry.runs"), "done");
  CommandResult status = RunFerry({"status", "--to", db_.url()});
  EXPECT_EQ(status.exit_code, 0) << status.err;
}

TEST_F(CopyRunIdentityTest, MigrateRefusesAHistoryTableInTheFerrySchema) {
  std::filesystem::create_directories(dir_.path() / "migrations");
  WriteFile(dir_.path() / "migrations" / "1_a.sql", "SELECT 1;");
  WriteFile(dir_.path() / "sqlx.toml", "[migrate]\ntable-name = \"_FERRY.history\"\n");
  CommandResult r = RunFerry({"migrate", "info", "-D", db_.url()}, {}, dir_.path());
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE((r.out + r.err).find("table-name _FERRY.history: the _ferry schema holds ferry's"),
            std::string::npos)
      << r.out << r.err;
}

// Given a copy killed with SIGKILL while it held chunks, we expect: a resume
// with other options refused with each difference named; `ferry status`
// showing the killed process dead; and the resume taking its chunks over at
// once, long before the claim timeout.
TEST_F(CopyRunIdentityTest, KilledWorkersChunksAreTakenOverAtOnceAndShownDead) {
  std::vector<std::string> args = {"copy",         "--from", Sqlite(60000), "--to", db_.url(),
                                   "--chunk-rows", "1000",   "--jobs",      "2"};
  std::vector<std::string> slow = args;
  slow.insert(slow.end(), {"--claim-timeout", "300"});
  int pid = KillWhileHoldingChunks(slow);
  if (pid == 0) GTEST_SKIP() << "the chunks ended just before the kill";
  std::string process = db_.QueryValue("SELECT worker FROM _ferry.workers");

  std::vector<std::string> other = {"copy",    "--from",       args[2], "--to",
                                    db_.url(), "--chunk-rows", "500",   "--resume"};
  CommandResult refused = RunFerry(other);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("--chunk-rows: 1000 in run "), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find(", 500 now"), std::string::npos) << refused.err;

  CommandResult status = RunFerry({"status", "--to", db_.url()});
  EXPECT_NE(status.out.find("workers " + process + " (dead: no process " + std::to_string(pid) +
                            " on this host)"),
            std::string::npos)
      << status.out;

  auto started = std::chrono::steady_clock::now();
  CommandResult resumed = RunFerry(slow);
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("chunk(s) of dead worker " + process + " (no process"),
            std::string::npos)
      << resumed.err;
  EXPECT_LT(took, std::chrono::seconds(240)) << "the resume waited for the claim timeout";
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM items"), "60000");
  EXPECT_EQ(db_.QueryValue("SELECT state FROM _ferry.runs"), "done");
}

// Given chunks held by a worker of another host that still sends heartbeats,
// we expect the resume to say whose chunks it waits for and how long at most,
// then take them over when their claims expire.
TEST_F(CopyRunIdentityTest, AWaitForAnotherHostsChunksSaysWhoseAndHowLong) {
  // One worker: it holds one chunk when killed (--jobs defaults to the cores).
  std::vector<std::string> args = {"copy",         "--from", Sqlite(60000), "--to", db_.url(),
                                   "--chunk-rows", "1000",   "--jobs",      "1"};
  int pid = KillWhileHoldingChunks(args);
  if (pid == 0) GTEST_SKIP() << "the chunks ended just before the kill";
  // The killed worker becomes one of another host, alive a moment ago.
  std::string old = db_.QueryValue("SELECT worker FROM _ferry.workers");
  db_.QueryValue("UPDATE _ferry.chunks SET worker = 'elsewhere:1' || substr(worker, " +
                 std::to_string(old.size() + 1) +
                 "), heartbeat_at = now() WHERE state = 'running'");
  db_.QueryValue("UPDATE _ferry.workers SET worker = 'elsewhere:1', heartbeat_at = now()");
  std::vector<std::string> resume = args;
  resume.insert(resume.end(), {"--claim-timeout", "4"});
  CommandResult resumed = RunFerry(resume);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("waiting for 1 chunk(s) held by worker elsewhere:1 (live, heartbeat "),
            std::string::npos)
      << resumed.err;
  EXPECT_NE(resumed.err.find("taken over if it stays silent, in at most "), std::string::npos)
      << resumed.err;
  EXPECT_EQ(resumed.err.find("dead worker"), std::string::npos) << resumed.err;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM items"), "60000");
}

}  // namespace
}  // namespace ferry::testing
