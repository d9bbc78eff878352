#include "connectors/sqlite/sqlite_chunker.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <random>
#include <set>

namespace ferry {
namespace {

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

  // Inserts (id, 'x') rows into t(id, v) in one transaction.
  void InsertIds(const std::vector<int64_t>& ids) {
    Exec("BEGIN");
    Result<SqliteStatement> insert = db_->Prepare("INSERT INTO t VALUES (?1, 'x')");
    ASSERT_TRUE(insert.ok()) << insert.status().message();
    for (int64_t id : ids) {
      ASSERT_TRUE(insert->Reset().ok());
      ASSERT_TRUE(insert->BindInt64(1, id).ok());
      ASSERT_TRUE(insert->Step().ok());
    }
    Exec("COMMIT");
  }
  // The rows each chunk selects, in chunk order.
  std::vector<int64_t> RowsPerChunk(const TableSchema& table, const std::vector<Chunk>& chunks) {
    std::vector<int64_t> rows;
    for (const Chunk& chunk : chunks) {
      Result<SqliteStatement> s = db_->Prepare("SELECT count(*) FROM \"" + table.name +
                                               "\" WHERE " + SqliteChunkCondition(table, chunk));
      EXPECT_TRUE(s.ok()) << s.status().message();
      EXPECT_TRUE(BindSqliteChunk(*s, chunk).ok());
      EXPECT_TRUE(*s->Step());
      rows.push_back(s->ColumnInt64(0));
    }
    return rows;
  }
  // Plans t (id INTEGER PRIMARY KEY) holding `ids` in chunks of `chunk_rows`,
  // and expects each row in one chunk, every chunk but the last holding
  // exactly chunk_rows rows, and the chunks' estimates to be their rows.
  std::vector<Chunk> ExpectChunksOfChunkRows(const std::vector<int64_t>& ids, int64_t chunk_rows) {
    Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    InsertIds(ids);
    TableSchema table =
        Table("t", {Col("id", LogicalType::kInt64), Col("v", LogicalType::kText)}, {"id"});
    Result<std::vector<Chunk>> chunks = PlanSqliteChunks(*db_, table, chunk_rows);
    EXPECT_TRUE(chunks.ok()) << chunks.status().message();
    if (!chunks.ok()) return {};
    auto rows = static_cast<int64_t>(ids.size());
    EXPECT_EQ(static_cast<int64_t>(chunks->size()),
              std::max<int64_t>(1, (rows + chunk_rows - 1) / chunk_rows));
    std::vector<int64_t> per_chunk = RowsPerChunk(table, *chunks);
    for (size_t i = 0; i < per_chunk.size(); ++i) {
      if (i + 1 < per_chunk.size()) {
        EXPECT_EQ(per_chunk[i], chunk_rows) << "chunk " << i;
      }
      EXPECT_EQ((*chunks)[i].estimated_rows, per_chunk[i]) << "chunk " << i;
      EXPECT_EQ((*chunks)[i].by, ChunkBy::kIntegerKey);
    }
    std::map<int64_t, int> seen = Coverage(table, *chunks);
    EXPECT_EQ(seen.size(), ids.size());
    for (const auto& [id, times] : seen) EXPECT_EQ(times, 1) << "id " << id;
    return *chunks;
  }

  std::string path_;
  std::optional<SqliteDatabase> db_;
};

std::vector<int64_t> RandomIds(int count, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::set<int64_t> ids;
  while (ids.size() < static_cast<size_t>(count)) {
    ids.insert(static_cast<int64_t>(random() >> 1));  // snowflake style: 63 bits, positive
  }
  return {ids.begin(), ids.end()};
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

TEST_F(SqliteChunkerTest, RandomSixtyThreeBitKeysGetChunksOfChunkRows) {
  // Planned by the key span, these 5,000 ids once made trillions of chunks.
  ExpectChunksOfChunkRows(RandomIds(5000, 11), 1000);
}

TEST_F(SqliteChunkerTest, TwoKeysFarApartAreOneChunk) {
  std::vector<Chunk> chunks = ExpectChunksOfChunkRows({1, 10000000000}, 100000);
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0].estimated_rows, 2);
}

TEST_F(SqliteChunkerTest, GappedKeysGetChunksOfChunkRows) {
  // One id in 120: equal-width ranges held 830 rows where 100,000 were asked.
  std::vector<int64_t> ids;
  for (int64_t i = 1; i <= 10000; ++i) ids.push_back(i * 120);
  ExpectChunksOfChunkRows(ids, 1000);
}

TEST_F(SqliteChunkerTest, DenseRunsWithAGapBetweenGetChunksOfChunkRows) {
  std::vector<int64_t> ids;
  for (int64_t i = 1; i <= 3000; ++i) ids.push_back(i);
  for (int64_t i = 1; i <= 3000; ++i) ids.push_back(5000000000 + i);
  ExpectChunksOfChunkRows(ids, 500);
}

TEST_F(SqliteChunkerTest, NegativeAndEdgeKeysGetChunksOfChunkRows) {
  std::vector<int64_t> ids = RandomIds(997, 5);
  for (int64_t& id : ids) id = -id;  // all negative
  ids.push_back(std::numeric_limits<int64_t>::min());
  ids.push_back(std::numeric_limits<int64_t>::min() + 1);
  ids.push_back(std::numeric_limits<int64_t>::max());
  ExpectChunksOfChunkRows(ids, 100);
}

TEST_F(SqliteChunkerTest, DenseNegativeKeysKeepEqualWidthRanges) {
  std::vector<int64_t> ids;
  for (int64_t i = -500; i < 500; ++i) ids.push_back(i);
  std::vector<Chunk> chunks = ExpectChunksOfChunkRows(ids, 100);
  ASSERT_EQ(chunks.size(), 10u);
  EXPECT_EQ(chunks[0].upper, -400);  // planned from the range, without a walk
}

TEST_F(SqliteChunkerTest, SparseKeysPlanTheSameChunksAgain) {
  Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  InsertIds(RandomIds(3000, 7));
  TableSchema table =
      Table("t", {Col("id", LogicalType::kInt64), Col("v", LogicalType::kText)}, {"id"});
  std::vector<Chunk> first = PlanSqliteChunks(*db_, table, 250).value();
  std::vector<Chunk> again = PlanSqliteChunks(*db_, table, 250).value();
  ASSERT_EQ(first.size(), again.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].lower, again[i].lower);
    EXPECT_EQ(first[i].upper, again[i].upper);
  }
}

TEST_F(SqliteChunkerTest, SparseRowidsWithoutKeyGetChunksOfChunkRows) {
  Exec("CREATE TABLE t (v TEXT)");
  Exec("BEGIN");
  for (int64_t id : RandomIds(2000, 3)) {
    Exec("INSERT INTO t (rowid, v) VALUES (" + std::to_string(id) + ", 'x')");
  }
  Exec("COMMIT");
  TableSchema table = Table("t", {Col("v", LogicalType::kText)}, {});
  Result<std::vector<Chunk>> chunks = PlanSqliteChunks(*db_, table, 500);
  ASSERT_TRUE(chunks.ok()) << chunks.status().message();
  EXPECT_EQ((*chunks)[0].by, ChunkBy::kRowid);
  EXPECT_EQ(chunks->size(), 4u);
  ExpectEachRowOnce(table, *chunks, 2000);
}

}  // namespace
}  // namespace ferry
