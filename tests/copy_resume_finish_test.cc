// A chunked copy killed during its finish step (keys, indexes, foreign keys,
// sequences) and resumed: the resumed run finishes what the killed one left,
// and the target ends with every index and foreign key exactly once.
//
// The kill lands inside the finish step deterministically: the test holds a
// lock on one target table that only the step's foreign key on that table
// waits for, waits until ferry's backend is blocked on it, and then kills.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "connectors/postgres/pg_run_schema.h"
#include "connectors/sqlite/sqlite_database.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

// authors ← books (indexed by title) and authors ← notes; notes has no key,
// so adding keys and indexes never touches it, only its foreign key does.
void MakeLibraryDatabase(const std::filesystem::path& path) {
  SqliteDatabase db = SqliteDatabase::Open(path.string(), {.create = true}).value();
  Status s = db.Exec(
      "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
      "CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors(id), "
      "title TEXT);"
      "CREATE INDEX books_by_title ON books (title);"
      "CREATE TABLE notes (body TEXT, author_id INTEGER REFERENCES authors(id));"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
      "INSERT INTO authors SELECT i, 'author ' || i FROM n WHERE i <= 1000;"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
      "INSERT INTO books SELECT i, i % 1000 + 1, 'title ' || (i * 7919 % 20000) FROM n;"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
      "INSERT INTO notes SELECT 'note ' || i, i % 1000 + 1 FROM n;");
  ASSERT_TRUE(s.ok()) << s.message();
}

class CopyResumeFinishTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    ASSERT_TRUE(db_.ok()) << db_.error();
    MakeLibraryDatabase(source_);
  }
  std::vector<std::string> CopyArgs(const std::string& chunk_rows, bool resume = false) {
    std::vector<std::string> args = {"copy",     "--from",  "sqlite:" + source_.string(),
                                     "--to",     db_.url(), "--chunk-rows",
                                     chunk_rows, "--jobs",  "2"};
    if (resume) args.push_back("--resume");
    return args;
  }
  // Waits (up to a minute) until `sql` answers "t".
  bool WaitFor(const std::string& sql) {
    for (int i = 0; i < 600; ++i) {
      if (db_.QueryValue(sql) == "t") return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  // Every row once, every key, index and foreign key once, and ferry verify agrees.
  void ExpectCompleteTarget() {
    EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM authors"), "1000");
    EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM books"), "20000");
    EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM notes"), "20000");
    EXPECT_EQ(db_.QueryRows("SELECT conrelid::regclass, contype, count(*) FROM pg_constraint "
                            "WHERE connamespace = 'public'::regnamespace GROUP BY 1, 2 "
                            "ORDER BY conrelid::regclass::text, contype"),
              "authors|p|1\nbooks|f|1\nbooks|p|1\nnotes|f|1");
    EXPECT_EQ(db_.QueryRows("SELECT tablename, count(*) FROM pg_indexes WHERE schemaname = "
                            "'public' GROUP BY 1 ORDER BY 1"),
              "authors|1\nbooks|2");
    EXPECT_EQ(db_.QueryValue("SELECT bool_and(indisvalid) FROM pg_index WHERE indrelid = "
                             "'books'::regclass"),
              "t");
    CommandResult verify =
        RunFerry({"verify", "--from", "sqlite:" + source_.string(), "--to", db_.url()});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  }

  TempDir dir_;
  std::filesystem::path source_ = dir_.path() / "library.db";
  ScratchPgDatabase db_{"finish"};
  TempDir logs_;
};

// Regression: a copy killed while it added indexes and foreign keys could not
// be resumed, because the resumed finish step created them a second time.
TEST_F(CopyResumeFinishTest, KilledDuringFinishStepResumesAndFinishes) {
  // Holding the workers table stops the run's heartbeat right after it has
  // created the target tables, so the test can lock notes before any finish.
  PgConnection brake = db_.Connect();
  ASSERT_TRUE(EnsurePgRunSchema(brake).ok());
  ASSERT_TRUE(brake.Run("BEGIN; LOCK TABLE _ferry.workers IN SHARE MODE").ok());
  BackgroundFerry ferry(CopyArgs("2000"), logs_.path());
  ASSERT_TRUE(WaitFor(PgWaitsForLockSql("_ferry.workers", "ferry state"))) << ferry.Err();
  // Inserting rows goes on under this lock; adding a foreign key to notes waits.
  PgConnection holder = db_.Connect();
  ASSERT_TRUE(holder.Run("BEGIN; LOCK TABLE notes IN SHARE UPDATE EXCLUSIVE MODE").ok());
  ASSERT_TRUE(brake.Run("ROLLBACK").ok());
  ASSERT_TRUE(WaitFor(PgWaitsForLockSql("notes", "ferry copy"))) << ferry.Err();
  // Part of the finish step is committed: the index of books and its foreign key.
  EXPECT_EQ(db_.QueryValue("SELECT state FROM _ferry.runs"), "finishing");
  EXPECT_EQ(db_.QueryValue("SELECT to_regclass('books_by_title') IS NOT NULL"), "t");
  EXPECT_EQ(db_.QueryValue("SELECT conrelid::regclass FROM pg_constraint WHERE contype = 'f' AND "
                           "connamespace = 'public'::regnamespace"),
            "books");
  // The killed process's backends go too, so none adds the key once the lock is gone.
  KillFerryAndItsBackends(ferry, db_);
  ASSERT_TRUE(holder.Run("ROLLBACK").ok());

  CommandResult resumed = RunFerry(CopyArgs("2000", /*resume=*/true));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  EXPECT_NE(resumed.out.find(": done, "), std::string::npos) << resumed.out;
  EXPECT_NE(resumed.out.find("41000 row(s) in all"), std::string::npos) << resumed.out;
  EXPECT_EQ(db_.QueryValue("SELECT state FROM _ferry.runs"), "done");
  ExpectCompleteTarget();
  CommandResult again = RunFerry(CopyArgs("2000"));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already finished"), std::string::npos) << again.out;
}

// Regression: after the target restarted mid-copy the chunks were retried, but
// the finish step reused its dead connection and the copy exited 1.
TEST_F(CopyResumeFinishTest, FinishStepReconnectsWhenItsConnectionIsTerminated) {
  PgConnection brake = db_.Connect();
  ASSERT_TRUE(EnsurePgRunSchema(brake).ok());
  ASSERT_TRUE(brake.Run("BEGIN; LOCK TABLE _ferry.workers IN SHARE MODE").ok());
  BackgroundFerry ferry(CopyArgs("2000"), logs_.path());
  ASSERT_TRUE(WaitFor(PgWaitsForLockSql("_ferry.workers", "ferry state"))) << ferry.Err();
  PgConnection holder = db_.Connect();
  ASSERT_TRUE(holder.Run("BEGIN; LOCK TABLE notes IN SHARE UPDATE EXCLUSIVE MODE").ok());
  ASSERT_TRUE(brake.Run("ROLLBACK").ok());
  ASSERT_TRUE(WaitFor(PgWaitsForLockSql("notes", "ferry copy"))) << ferry.Err();
  // The finish step's own connection dies, as in a server restart.
  EXPECT_EQ(db_.QueryValue("SELECT count(pg_terminate_backend(pid, 60000)) FROM "
                           "pg_stat_activity WHERE datname = current_database() AND "
                           "application_name = 'ferry copy'"),
            "1");
  ASSERT_TRUE(holder.Run("ROLLBACK").ok());
  EXPECT_EQ(ferry.Wait(), 0) << ferry.Err();
  EXPECT_NE(ferry.Err().find("6. finish tables: "), std::string::npos) << ferry.Err();
  EXPECT_NE(ferry.Err().find("retrying in"), std::string::npos) << ferry.Err();
  EXPECT_EQ(db_.QueryValue("SELECT state FROM _ferry.runs"), "done");
  ExpectCompleteTarget();
}

TEST_F(CopyResumeFinishTest, SingleStreamCopyAddsEveryIndexAndForeignKeyOnce) {
  CommandResult copied = RunFerry(CopyArgs("0"));
  ASSERT_EQ(copied.exit_code, 0) << copied.out << copied.err;
  ExpectCompleteTarget();
}

}  // namespace
}  // namespace ferry::testing
