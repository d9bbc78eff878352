#include "connectors/sqlite/sqlite_chunker.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

namespace ferry {
namespace {

class SqliteChunkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("ferry-chunker-" + std::to_string(getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db"))
                .string();
    std::filesystem::remove(path_);
    Result<SqliteDatabase> db = SqliteDatabase::Open(path_, {.create = true});
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_.emplace(std::move(db).value());
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove(path_);
  }
  void Exec(const std::string& sql) { ASSERT_TRUE(db_->Exec(sql).ok()) << sql; }

  // How many chunks of `chunks` select each rowid of `table`.
  std::map<int64_t, int> Coverage(const TableSchema& table, const std::vector<Chunk>& chunks) {
    std::map<int64_t, int> seen;
    for (const Chunk& chunk : chunks) {
      Result<SqliteStatement> s = db_->Prepare("SELECT rowid FROM \"" + table.name + "\" WHERE " +
                                               SqliteChunkCondition(table, chunk));
      EXPECT_TRUE(s.ok()) << s.status().message();
      EXPECT_TRUE(BindSqliteChunk(*s, chunk).ok());
      while (*s->Step()) ++seen[s->ColumnInt64(0)];
    }
    return seen;
  }
  void ExpectEachRowOnce(const TableSchema& table, const std::vector<Chunk>& chunks, int rows) {
    std::map<int64_t, int> seen = Coverage(table, chunks);
    EXPECT_EQ(seen.size(), static_cast<size_t>(rows));
    for (const auto& [rowid, times] : seen) EXPECT_EQ(times, 1) << "rowid " << rowid;
  }

  std::string path_;
  std::optional<SqliteDatabase> db_;
};

Column Col(std::string name, LogicalType type) {
  Column column;
  column.name = std::move(name);
  column.type = type;
  return column;
}

TableSchema Table(std::string name, std::vector<Column> columns, std::vector<std::string> key) {
  TableSchema table;
  table.name = std::move(name);
  table.columns = std::move(columns);
  table.primary_key = std::move(key);
  return table;
}

TEST_F(SqliteChunkerTest, IntegerKeyIsSplitIntoValueRanges) {
  Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  Exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
      "INSERT INTO t SELECT i, 'x' FROM n");
  TableSchema table =
      Table("t", {Col("id", LogicalType::kInt64), Col("v", LogicalType::kText)}, {"id"});
  Result<std::vector<Chunk>> chunks = PlanSqliteChunks(*db_, table, 100);
  ASSERT_TRUE(chunks.ok()) << chunks.status().message();
  ASSERT_EQ(chunks->size(), 10u);
  EXPECT_EQ((*chunks)[0].by, ChunkBy::kIntegerKey);
  EXPECT_FALSE((*chunks)[0].lower.has_value());
  EXPECT_EQ((*chunks)[0].upper, 101);
  EXPECT_FALSE(chunks->back().upper.has_value());
  EXPECT_EQ(chunks->back().id, 9);
  ExpectEachRowOnce(table, *chunks, 1000);
}

TEST_F(SqliteChunkerTest, TextInAnIntegerKeyFallsBackToSampledKeys) {
  Exec("CREATE TABLE t (id INT PRIMARY KEY NOT NULL, v TEXT)");
  Exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250) "
      "INSERT INTO t SELECT i * 7, 'x' FROM n");
  Exec("INSERT INTO t VALUES ('abc', 'text key'), (2.5, 'real key')");
  TableSchema table =
      Table("t", {Col("id", LogicalType::kInt32), Col("v", LogicalType::kText)}, {"id"});
  Result<std::vector<Chunk>> chunks = PlanSqliteChunks(*db_, table, 40);
  ASSERT_TRUE(chunks.ok()) << chunks.status().message();
  EXPECT_EQ((*chunks)[0].by, ChunkBy::kKeyValues);
  EXPECT_EQ(chunks->size(), 7u);
  ExpectEachRowOnce(table, *chunks, 252);
}

TEST_F(SqliteChunkerTest, CompositeTextKeyUsesSampledBoundaries) {
  Exec("CREATE TABLE t (a TEXT NOT NULL, b BLOB NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID");
  Exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
      "INSERT INTO t SELECT 'k' || (i % 17), randomblob(4) FROM n");
  TableSchema table =
      Table("t", {Col("a", LogicalType::kText), Col("b", LogicalType::kBytes)}, {"a", "b"});
  Result<std::vector<Chunk>> chunks = PlanSqliteChunks(*db_, table, 50);
  ASSERT_TRUE(chunks.ok()) << chunks.status().message();
  ASSERT_EQ(chunks->size(), 6u);
  EXPECT_EQ((*chunks)[1].lower_key.size(), 2u);
  EXPECT_EQ((*chunks)[1].lower_key[0].kind, ValueKind::kText);
  EXPECT_EQ((*chunks)[1].lower_key[1].kind, ValueKind::kBytes);
  int64_t total = 0;
  for (const Chunk& chunk : *chunks) {
    Result<SqliteStatement> s =
        db_->Prepare("SELECT count(*) FROM t WHERE " + SqliteChunkCondition(table, chunk));
    ASSERT_TRUE(s.ok()) << s.status().message();
    ASSERT_TRUE(BindSqliteChunk(*s, chunk).ok());
    ASSERT_TRUE(*s->Step());
    EXPECT_EQ(s->ColumnInt64(0), 50);
    total += s->ColumnInt64(0);
  }
  EXPECT_EQ(total, 300);
}

TEST_F(SqliteChunkerTest, TableWithoutKeyIsSplitByRowid) {
  Exec("CREATE TABLE t (v TEXT)");
  Exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) "
      "INSERT INTO t SELECT 'x' FROM n");
  Exec("DELETE FROM t WHERE rowid % 3 = 0");
  TableSchema table = Table("t", {Col("v", LogicalType::kText)}, {});
  Result<std::vector<Chunk>> chunks = PlanSqliteChunks(*db_, table, 100);
  ASSERT_TRUE(chunks.ok()) << chunks.status().message();
  EXPECT_EQ((*chunks)[0].by, ChunkBy::kRowid);
  EXPECT_EQ(chunks->size(), 4u);
  ExpectEachRowOnce(table, *chunks, 334);
}

TEST_F(SqliteChunkerTest, KeyWithNullsIsSplitByRowid) {
  Exec("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)");
  Exec("INSERT INTO t VALUES ('a', '1'), (NULL, '2'), (NULL, '3'), ('b', '4')");
  TableSchema table =
      Table("t", {Col("k", LogicalType::kText), Col("v", LogicalType::kText)}, {"k"});
  Result<std::vector<Chunk>> chunks = PlanSqliteChunks(*db_, table, 1);
  ASSERT_TRUE(chunks.ok()) << chunks.status().message();
  EXPECT_EQ((*chunks)[0].by, ChunkBy::kRowid);
  ExpectEachRowOnce(table, *chunks, 4);
}

TEST_F(SqliteChunkerTest, EmptyTableIsOneWholeChunk) {
  Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  TableSchema table = Table("t", {Col("id", LogicalType::kInt64)}, {"id"});
  Result<std::vector<Chunk>> chunks = PlanSqliteChunks(*db_, table, 10);
  ASSERT_TRUE(chunks.ok()) << chunks.status().message();
  ASSERT_EQ(chunks->size(), 1u);
  EXPECT_TRUE((*chunks)[0].IsWhole());
  EXPECT_EQ(SqliteChunkCondition(table, (*chunks)[0]), "1");
}

TEST_F(SqliteChunkerTest, ExtremeIntegerKeysDoNotOverflow) {
  Exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  Exec("INSERT INTO t VALUES (-9223372036854775808), (0), (9223372036854775807)");
  TableSchema table = Table("t", {Col("id", LogicalType::kInt64)}, {"id"});
  Result<std::vector<Chunk>> chunks = PlanSqliteChunks(*db_, table, 1);
  ASSERT_TRUE(chunks.ok()) << chunks.status().message();
  EXPECT_EQ(chunks->size(), 3u);
  ExpectEachRowOnce(table, *chunks, 3);
}

}  // namespace
}  // namespace ferry
