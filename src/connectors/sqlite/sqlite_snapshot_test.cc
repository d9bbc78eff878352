#include "connectors/sqlite/sqlite_snapshot.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "connectors/sqlite/sqlite_database.h"

namespace ferry {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("ferry-snapshot-" + std::to_string(getpid()) + "-" + name))
      .string();
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

TEST(SqliteSnapshotTest, PinnedSourceKeepsWritersOutUntilTheSnapshotIsInPlace) {
  std::string source = TempPath("pinned.db"), snapshot = TempPath("pinned-snap.db");
  MakeRollbackDatabase(source, 20000);
  Result<std::unique_ptr<BackgroundSqliteSnapshot>> taken =
      BackgroundSqliteSnapshot::Start(source, snapshot);
  ASSERT_TRUE(taken.ok()) << taken.status().message();
  // A reader opened while pinned sees the snapshot's data, and keeps seeing
  // it after the pin is gone (its own read lock holds writers off).
  Result<SqliteDatabase> reader = SqliteDatabase::Open(source, {.read_only = true});
  ASSERT_TRUE(reader.ok());
  bool pinned = (*taken)->WhilePinned(
      [&] { ASSERT_TRUE(reader->Exec("BEGIN; SELECT count(*) FROM sqlite_schema;").ok()); });
  Result<SqliteDatabase> writer = SqliteDatabase::Open(source, {.busy_timeout_ms = 0});
  ASSERT_TRUE(writer.ok());
  if (pinned) {
    EXPECT_FALSE(writer->Exec("INSERT INTO t VALUES (-1, 'x')").ok())
        << "a writer committed while a pinned reader was reading";
  }
  ASSERT_TRUE((*taken)->Wait().ok());
  EXPECT_FALSE((*taken)->WhilePinned([] { FAIL() << "called after the snapshot was in place"; }));
  ASSERT_TRUE(reader->Exec("COMMIT").ok());
  taken->reset();
  EXPECT_EQ(Count(snapshot), 20000);
  ASSERT_TRUE(writer->Exec("INSERT INTO t VALUES (-2, 'y')").ok());
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
    Result<std::unique_ptr<BackgroundSqliteSnapshot>> taken =
        BackgroundSqliteSnapshot::Start(source, snapshot);
    ASSERT_TRUE(taken.ok()) << taken.status().message();
    EXPECT_TRUE(std::filesystem::exists(snapshot));
    EXPECT_FALSE((*taken)->WhilePinned([] {}));
    EXPECT_TRUE((*taken)->Wait().ok());
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
