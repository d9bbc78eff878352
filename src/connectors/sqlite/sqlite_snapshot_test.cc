#include "connectors/sqlite/sqlite_snapshot.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "connectors/sqlite/sqlite_database.h"

namespace ferry {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("ferry-snapshot-" + std::to_string(getpid()) + "-" + name))
      .string();
}

// Copies `source_path` to `snapshot_path` at once; the source's state then.
Result<SqliteFileState> TakeSqliteSnapshot(const std::string& source_path,
                                           const std::string& snapshot_path) {
  FERRY_ASSIGN_OR_RETURN(std::unique_ptr<BackgroundSqliteSnapshot> snapshot,
                         BackgroundSqliteSnapshot::Start(source_path, snapshot_path));
  FERRY_RETURN_IF_ERROR(snapshot->Wait());
  return snapshot->state();
}

int64_t Count(const std::string& path) {
  Result<SqliteDatabase> db = SqliteDatabase::Open(path, {.read_only = true});
  EXPECT_TRUE(db.ok());
  Result<SqliteStatement> s = db->Prepare("SELECT count(*) FROM t");
  EXPECT_TRUE(s.ok());
  EXPECT_TRUE(*s->Step());
  return s->ColumnInt64(0);
}

TEST(SqliteSnapshotTest, SnapshotKeepsTheDataAsItWasWhileTheSourceMovesOn) {
  std::string source = TempPath("source.db"), snapshot = TempPath("snap.db");
  {
    Result<SqliteDatabase> db = SqliteDatabase::Open(source, {.create = true});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY);"
                         "INSERT INTO t VALUES (1), (2), (3);")
                    .ok());
    Result<SqliteFileState> planned = TakeSqliteSnapshot(source, snapshot);
    ASSERT_TRUE(planned.ok()) << planned.status().message();
    EXPECT_FALSE(std::filesystem::exists(snapshot + ".partial"));
    ASSERT_TRUE(db->Exec("INSERT INTO t VALUES (4)").ok());
    EXPECT_EQ(Count(snapshot), 3);
    EXPECT_EQ(Count(source), 4);
    Result<SqliteFileState> now = ReadSqliteFileState(source);
    ASSERT_TRUE(now.ok());
    EXPECT_NE(DescribeSqliteChange(source, *planned, *now), "");
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(source + suffix);
  std::filesystem::remove(snapshot);
}

TEST(SqliteSnapshotTest, UnchangedFileIsNotReported) {
  std::string source = TempPath("same.db");
  {
    Result<SqliteDatabase> db = SqliteDatabase::Open(source, {.create = true});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)").ok());
  }
  Result<SqliteFileState> a = ReadSqliteFileState(source);
  Result<SqliteFileState> b = ReadSqliteFileState(source);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(DescribeSqliteChange(source, *a, *b), "");
  Result<SqliteFileState> parsed = SqliteFileState::Parse(a->ToString());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, *a);
  std::filesystem::remove(source);
}

// A database in rollback-journal mode with rows 1..n in t.
void MakeRollbackDatabase(const std::string& path, int n) {
  Result<SqliteDatabase> db = SqliteDatabase::Open(path, {.create = true});
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, pad TEXT)").ok());
  ASSERT_TRUE(db->Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                       std::to_string(n) + ") INSERT INTO t SELECT i, printf('%0500d', i) FROM n")
                  .ok());
}

// Starts the snapshot of `source`; null (and the test failed) when it cannot.
std::unique_ptr<BackgroundSqliteSnapshot> Pin(const std::string& source,
                                              const std::string& snapshot) {
  Result<std::unique_ptr<BackgroundSqliteSnapshot>> taken =
      BackgroundSqliteSnapshot::Start(source, snapshot);
  EXPECT_TRUE(taken.ok()) << taken.status().message();
  return taken.ok() ? std::move(*taken) : nullptr;
}

TEST(SqliteSnapshotTest, PinnedSourceKeepsWritersOutUntilTheSnapshotIsInPlace) {
  std::string source = TempPath("pinned.db"), snapshot = TempPath("pinned-snap.db");
  MakeRollbackDatabase(source, 20000);
  std::unique_ptr<BackgroundSqliteSnapshot> taken = Pin(source, snapshot);
  ASSERT_NE(taken, nullptr);
  // A reader opened while pinned sees the snapshot's data, and keeps seeing
  // it after the pin is gone (its own read lock holds writers off).
  Result<SqliteDatabase> reader = SqliteDatabase::Open(source, {.read_only = true});
  ASSERT_TRUE(reader.ok());
  bool pinned = taken->WhilePinned(
      [&] { ASSERT_TRUE(reader->Exec("BEGIN; SELECT count(*) FROM sqlite_schema;").ok()); });
  Result<SqliteDatabase> writer = SqliteDatabase::Open(source, {.busy_timeout_ms = 0});
  ASSERT_TRUE(writer.ok());
  if (pinned) {
    EXPECT_FALSE(writer->Exec("INSERT INTO t VALUES (-1, 'x')").ok())
        << "a writer committed while a pinned reader was reading";
  }
  ASSERT_TRUE(taken->Wait().ok());
  EXPECT_FALSE(taken->WhilePinned([] { FAIL() << "called after the snapshot was in place"; }));
  ASSERT_TRUE(reader->Exec("COMMIT").ok());
  taken.reset();
  EXPECT_EQ(Count(snapshot), 20000);
  ASSERT_TRUE(writer->Exec("INSERT INTO t VALUES (-2, 'y')").ok());
  EXPECT_EQ(Count(snapshot), 20000);
  EXPECT_EQ(Count(source), 20001);
  std::filesystem::remove(source);
  std::filesystem::remove(snapshot);
}

TEST(SqliteSnapshotTest, WithoutAWriterNothingIsCopied) {
  std::string source = TempPath("idle.db"), snapshot = TempPath("idle-snap.db");
  MakeRollbackDatabase(source, 100);
  {
    std::unique_ptr<BackgroundSqliteSnapshot> taken = Pin(source, snapshot);
    ASSERT_NE(taken, nullptr);
    EXPECT_TRUE(taken->WhilePinned([] {}));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // five looks for a writer
    EXPECT_TRUE(taken->WhilePinned([] {}));
  }
  EXPECT_FALSE(std::filesystem::exists(snapshot));
  EXPECT_FALSE(std::filesystem::exists(snapshot + ".partial." + std::to_string(getpid())));
  // The pin is gone with the object.
  Result<SqliteDatabase> writer = SqliteDatabase::Open(source, {.busy_timeout_ms = 0});
  ASSERT_TRUE(writer.ok());
  EXPECT_TRUE(writer->Exec("INSERT INTO t VALUES (-1, 'x')").ok());
  std::filesystem::remove(source);
}

// Given a pinned source and a reader of it, we expect a writer in another
// process (the sqlite3 shell) to have the snapshot file made, and to commit
// once the pin and the reader are gone; the snapshot and the reader keep the
// data as it was.
TEST(SqliteSnapshotTest, AWriterInAnotherProcessHasTheFileMadeAndThenCommits) {
  if (std::system("sqlite3 -version >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "needs the sqlite3 shell (scripts/setup installs it)";
  }
  std::string source = TempPath("written.db"), snapshot = TempPath("written-snap.db");
  MakeRollbackDatabase(source, 20000);
  std::unique_ptr<BackgroundSqliteSnapshot> taken = Pin(source, snapshot);
  ASSERT_NE(taken, nullptr);
  Result<SqliteDatabase> reader = SqliteDatabase::Open(source, {.read_only = true});
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE(taken->WhilePinned(
      [&] { ASSERT_TRUE(reader->Exec("BEGIN; SELECT count(*) FROM t;").ok()); }));
  int writer_status = -1;
  std::thread writer([&] {
    writer_status = std::system(("sqlite3 -cmd '.timeout 20000' '" + source +
                                 "' \"INSERT INTO t VALUES (-1, 'x')\" >/dev/null 2>&1")
                                    .c_str());
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!std::filesystem::exists(snapshot) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(std::filesystem::exists(snapshot)) << "the writer did not have the file made";
  EXPECT_FALSE(taken->WhilePinned([] {}));
  EXPECT_TRUE(taken->Wait().ok());
  ASSERT_TRUE(reader->Exec("COMMIT").ok());  // the writer may commit now
  writer.join();
  EXPECT_EQ(writer_status, 0);
  taken.reset();
  EXPECT_EQ(Count(snapshot), 20000);
  EXPECT_EQ(Count(source), 20001);
  std::filesystem::remove(source);
  std::filesystem::remove(snapshot);
}

TEST(SqliteSnapshotTest, WalSourceIsCopiedBeforeStartReturnsAndNeverReadInPlace) {
  std::string source = TempPath("wal.db"), snapshot = TempPath("wal-snap.db");
  {
    Result<SqliteDatabase> db = SqliteDatabase::Open(source, {.create = true});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY);"
                         "INSERT INTO t VALUES (1), (2);")
                    .ok());
    std::unique_ptr<BackgroundSqliteSnapshot> taken = Pin(source, snapshot);
    ASSERT_NE(taken, nullptr);
    EXPECT_TRUE(std::filesystem::exists(snapshot));
    EXPECT_FALSE(taken->WhilePinned([] {}));
    EXPECT_TRUE(taken->Wait().ok());
    EXPECT_EQ(Count(snapshot), 2);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(source + suffix);
  std::filesystem::remove(snapshot);
}

TEST(SqliteSnapshotTest, MissingSourceIsNotFound) {
  Result<SqliteFileState> state = TakeSqliteSnapshot(TempPath("missing.db"), TempPath("x.db"));
  EXPECT_EQ(state.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace ferry
