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

TEST(SqliteSnapshotTest, MissingSourceIsNotFound) {
  Result<SqliteFileState> state = TakeSqliteSnapshot(TempPath("missing.db"), TempPath("x.db"));
  EXPECT_EQ(state.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace ferry
