// Exactly-once chunked copies, proven by killing real processes: ferry copy
// killed with SIGKILL at random moments and resumed until done; writer
// connections terminated mid-copy; two processes sharing one run, one of
// them killed mid-chunk. Each time the target must equal the source row for
// row (ferry verify compares counts and canonical row hashes).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <functional>
#include <random>
#include <thread>

#include "connectors/sqlite/sqlite_database.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

using std::chrono::milliseconds;

class CopyResumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    ASSERT_TRUE(db_.ok()) << db_.error();
  }
  std::filesystem::path Path(const char* name) {
    std::filesystem::path path = dir_.path() / name;
    if (!std::filesystem::exists(path)) {
      MakeKindsDatabase(path, std::string(name) == kMillion ? 1000000 : 300000);
    }
    return path;
  }
  std::vector<std::string> CopyArgs(const char* db, std::vector<std::string> extra) {
    std::vector<std::string> args = {"copy", "--from", "sqlite:" + Path(db).string(), "--to",
                                     db_.url()};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  // The target equals the source row for row, and every chunk is done once.
  void ExpectEqualAndDoneOnce(const char* db, int rows) {
    EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM kinds"), std::to_string(rows));
    EXPECT_EQ(db_.QueryValue("SELECT state FROM _ferry.runs"), "done");
    EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM _ferry.chunks WHERE state <> 'done'"), "0");
    EXPECT_EQ(db_.QueryValue("SELECT sum(rows) FROM _ferry.chunks"), std::to_string(rows));
    // Read both sides (independent of the copy's own digests), then with the
    // digests the resumed run stored (the target unchanged since).
    for (const char* target_side : {"--read-target", "--level=hash"}) {
      CommandResult verify = RunFerry(
          {"verify", "--from", "sqlite:" + Path(db).string(), "--to", db_.url(), target_side});
      EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
      bool reused = verify.out.find("  run ") != std::string::npos;
      EXPECT_EQ(reused, std::string(target_side) != "--read-target") << verify.out;
    }
  }
  // Counts the chunks marked done so far (0 before the run state exists).
  std::function<int()> DoneChunks() {
    return [this] {
      PgConnection conn = db_.Connect();
      Result<PgResult> r = conn.Exec("SELECT count(*) FROM _ferry.chunks WHERE state = 'done'");
      return r.ok() ? std::atoi(std::string(r->Get(0, 0)).c_str()) : 0;
    };
  }
  // Waits (up to a minute) until `sql` answers "t".
  bool WaitFor(const std::string& sql) {
    for (int i = 0; i < 600; ++i) {
      if (db_.QueryValue(sql) == "t") return true;
      std::this_thread::sleep_for(milliseconds(100));
    }
    return false;
  }

  static constexpr const char* kMillion = "million.db";
  static constexpr const char* kSmall = "small.db";
  TempDir dir_;
  ScratchPgDatabase db_{"resume"};
  TempDir logs_;
};

TEST_F(CopyResumeTest, KilledAtRandomMomentsAndResumedEveryRowLandsExactlyOnce) {
  std::random_device seed_source;
  unsigned seed = seed_source();
  std::mt19937 random(seed);
  int chunk_rows = std::uniform_int_distribution<int>(7000, 30000)(random);
  SCOPED_TRACE("seed " + std::to_string(seed) + ", --chunk-rows " + std::to_string(chunk_rows));
  std::vector<std::string> args =
      CopyArgs(kMillion, {"--chunk-rows", std::to_string(chunk_rows), "--claim-timeout", "2"});
  int kills = KillUntilDone(args, logs_.path(), random, 1, 4, DoneChunks());
  EXPECT_GE(kills, 10);
  ExpectEqualAndDoneOnce(kMillion, 1000000);
  CommandResult again = RunFerry(args);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already finished"), std::string::npos) << again.out;
}

TEST_F(CopyResumeTest, KilledWithOtherChunkSizesAndJobsEveryRowLandsExactlyOnce) {
  std::random_device seed_source;
  unsigned seed = seed_source();
  std::mt19937 random(seed);
  int chunk_rows = std::uniform_int_distribution<int>(3000, 25000)(random);
  SCOPED_TRACE("seed " + std::to_string(seed) + ", --chunk-rows " + std::to_string(chunk_rows));
  std::vector<std::string> args =
      CopyArgs(kMillion, {"--chunk-rows", std::to_string(chunk_rows), "--claim-timeout", "2"});
  int kills = KillUntilDone(args, logs_.path(), random, 4, 1, DoneChunks());
  EXPECT_GE(kills, 10);
  ExpectEqualAndDoneOnce(kMillion, 1000000);
}

TEST_F(CopyResumeTest, TerminatedWriterConnectionsAreRetriedAndTheCopyFinishes) {
  BackgroundFerry ferry(CopyArgs(kSmall, {"--chunk-rows", "15000", "--jobs", "2", "--retries",
                                          "100", "--claim-timeout", "5"}),
                        logs_.path());
  PgConnection admin = db_.Connect();
  std::mt19937 random(std::random_device{}());
  int terminated = 0;
  while (ferry.Running() && terminated < 8) {
    std::this_thread::sleep_for(milliseconds(std::uniform_int_distribution<int>(50, 400)(random)));
    Result<PgResult> k = admin.Exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
        "current_database() AND application_name = 'ferry writer' AND state <> 'idle'");
    if (k.ok()) terminated += k->rows();
  }
  ASSERT_EQ(ferry.Wait(), 0) << ferry.Err();
  EXPECT_GE(terminated, 3) << "the copy ended before enough connections could be cut";
  EXPECT_NE(ferry.Err().find("retrying"), std::string::npos) << ferry.Err();
  ExpectEqualAndDoneOnce(kSmall, 300000);
}

TEST_F(CopyResumeTest, TwoProcessesShareARunAndTheSurvivorFinishesTheKilledOnesChunk) {
  std::vector<std::string> args =
      CopyArgs(kSmall, {"--chunk-rows", "5000", "--jobs", "2", "--claim-timeout", "3"});
  BackgroundFerry first(args, logs_.path());
  ASSERT_TRUE(WaitFor("SELECT to_regclass('_ferry.chunks') IS NOT NULL")) << first.Err();
  ASSERT_TRUE(WaitFor("SELECT count(*) >= 2 FROM _ferry.chunks WHERE state = 'done'"))
      << first.Err();
  std::string run_id = db_.QueryValue("SELECT run_id FROM _ferry.runs");
  BackgroundFerry second(
      {"copy", "--join", run_id, "--to", db_.url(), "--jobs", "2", "--claim-timeout", "3"},
      logs_.path());
  std::string second_worker = ":" + std::to_string(second.pid()) + "/";
  std::string first_worker = ":" + std::to_string(first.pid()) + "/";
  ASSERT_TRUE(
      WaitFor("SELECT count(*) > 0 FROM _ferry.chunks WHERE state = 'done' AND "
              "worker LIKE '%" +
              second_worker + "%'"))
      << second.Err();
  ASSERT_TRUE(
      WaitFor("SELECT count(*) > 0 FROM _ferry.chunks WHERE state = 'running' AND "
              "worker LIKE '%" +
              first_worker + "%'"))
      << first.Err();
  first.Kill(SIGKILL);
  EXPECT_EQ(first.Wait(), 128 + SIGKILL);
  ASSERT_EQ(second.Wait(), 0) << second.Err();
  ExpectEqualAndDoneOnce(kSmall, 300000);
  // The chunk the first process held was redone by the second.
  EXPECT_NE(db_.QueryValue("SELECT count(*) FROM _ferry.chunks WHERE attempts > 1 AND worker "
                           "LIKE '%" +
                           second_worker + "%'"),
            "0");
  EXPECT_NE(db_.QueryValue("SELECT count(*) FROM _ferry.chunks WHERE worker LIKE '%" +
                           first_worker + "%'"),
            "0");
}

}  // namespace
}  // namespace ferry::testing
