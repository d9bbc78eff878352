// A chunked copy of a SQLite database that another process writes to while it
// runs: the run reads the file in place until the writer comes, then from the
// snapshot file it copies then; the target holds the data as it was when the
// run started, and the writer gets through.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "connectors/sqlite/sqlite_database.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

constexpr int kRows = 200000;

class SqliteLiveSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    ASSERT_TRUE(db_.ok()) << db_.error();
    if (std::system("sqlite3 -version >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "needs the sqlite3 shell as the other process (scripts/setup installs it)";
    }
    path_ = dir_.path() / "app.db";
    SqliteDatabase sqlite = SqliteDatabase::Open(path_.string(), {.create = true}).value();
    Status s = sqlite.Exec(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT, n INTEGER);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
        std::to_string(kRows) +
        ") INSERT INTO events SELECT i, printf('%0200d', i), i % 97 FROM n;");
    ASSERT_TRUE(s.ok()) << s.message();
  }

  int64_t SourceRows() {
    SqliteDatabase sqlite = SqliteDatabase::Open(path_.string(), {.read_only = true}).value();
    SqliteStatement count = sqlite.Prepare("SELECT count(*) FROM events").value();
    EXPECT_TRUE(count.Step().value());
    return count.ColumnInt64(0);
  }

  ScratchPgDatabase db_{"live"};
  TempDir dir_;
  std::filesystem::path path_;
};

// Given a writer that inserts rows again and again from another process while
// the copy runs, we expect the copy to finish with exactly the rows the source
// had when it started, the writer's inserts all committed, and no snapshot
// file left behind.
TEST_F(SqliteLiveSourceTest, AWriterDuringTheCopyGetsThroughAndTheCopyKeepsItsSnapshot) {
  BackgroundFerry ferry({"-v", "copy", "--from", "sqlite:" + path_.string(), "--to", db_.url(),
                         "--chunk-rows", "5000", "--jobs", "2"},
                        dir_.path());
  std::atomic<int> inserted = 0;
  std::atomic<int> failed = 0;
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    for (int i = 0; i < 10; ++i) {
      std::string sql = "INSERT INTO events VALUES (" + std::to_string(1000000 + i) + ", 'new', 0)";
      int rc = std::system(
          ("sqlite3 -cmd '.timeout 30000' '" + path_.string() + "' \"" + sql + "\" >/dev/null 2>&1")
              .c_str());
      (rc == 0 ? inserted : failed)++;
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
  });
  int exit_code = ferry.Wait();
  writer.join();
  ASSERT_EQ(exit_code, 0) << ferry.Err();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(inserted.load(), 10);
  EXPECT_EQ(SourceRows(), kRows + 10);
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM events"), std::to_string(kRows));
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM events WHERE id >= 1000000"), "0");
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM _ferry.chunks WHERE state <> 'done'"), "0");
  // The writer came while chunks were still read: the run switched to a copy.
  EXPECT_NE(ferry.Err().find("another process writes to"), std::string::npos) << ferry.Err();
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    EXPECT_EQ(entry.path().string().find(".snapshot"), std::string::npos)
        << "left behind: " << entry.path();
  }
}

}  // namespace
}  // namespace ferry::testing
