// SqliteSource readers: values come out as SQLite stores them, in batches, in one snapshot.
#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <limits>

#include "connectors/sqlite/sqlite_database.h"
#include "connectors/sqlite/sqlite_source.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

class SqliteReaderTest : public ::testing::Test {
 protected:
  void Create(const std::string& sql) {
    path_ = (dir_.path() / "db.sqlite").string();
    SqliteDatabase::Options options;
    options.create = true;
    SqliteDatabase db = SqliteDatabase::Open(path_, options).value();
    Status status = db.Exec(sql);
    ASSERT_TRUE(status.ok()) << status.message();
    source_ = SqliteSource::Open(path_).value();
    schema_ = source_->DescribeSchema().value();
  }
  // Every row of table 0 (or of `chunk`), read `batch_rows` at a time.
  std::vector<std::vector<Value>> ReadAll(size_t batch_rows = 1000, Chunk chunk = {}) {
    auto reader = source_->OpenReader(schema_.tables[0], chunk).value();
    std::vector<std::vector<Value>> rows;
    Batch batch;
    while (reader->Next(&batch, batch_rows)) {
      EXPECT_LE(batch.num_rows(), batch_rows);
      for (size_t r = 0; r < batch.num_rows(); ++r) {
        std::vector<Value> row(batch.Row(r), batch.Row(r) + batch.num_columns());
        for (Value& v : row) {  // keep the bytes alive past the batch
          if (v.kind() == ValueKind::kText) v = Value::Text(Keep(v.bytes()));
          if (v.kind() == ValueKind::kBytes) v = Value::Bytes(Keep(v.bytes()));
        }
        rows.push_back(row);
      }
    }
    EXPECT_TRUE(reader->status().ok()) << reader->status().message();
    return rows;
  }
  std::string_view Keep(std::string_view bytes) { return kept_.emplace_back(bytes); }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<SqliteSource> source_;
  DatabaseSchema schema_;
  std::deque<std::string> kept_;
};

TEST_F(SqliteReaderTest, ValuesKeepTheirStorageClass) {
  Create(
      "CREATE TABLE t (v);"
      "INSERT INTO t VALUES (9223372036854775807), (-9223372036854775808), (0.99), (9e999),"
      " (-9e999), (''), (NULL), (X''), (X'00ff00'), ('a' || char(0) || 'b'),"
      " (CAST(X'61ff62' AS TEXT)), ('héllo');");
  std::vector<std::vector<Value>> rows = ReadAll();
  ASSERT_EQ(rows.size(), 12u);
  EXPECT_EQ(rows[0][0].int64_value(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(rows[1][0].int64_value(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(rows[2][0].kind(), ValueKind::kDouble);
  EXPECT_EQ(rows[2][0].double_value(), 0.99);
  EXPECT_EQ(rows[3][0].double_value(), INFINITY);
  EXPECT_EQ(rows[4][0].double_value(), -INFINITY);
  EXPECT_EQ(rows[5][0].kind(), ValueKind::kText);  // empty string is not NULL
  EXPECT_EQ(rows[5][0].bytes().size(), 0u);
  EXPECT_TRUE(rows[6][0].is_null());
  EXPECT_EQ(rows[7][0].kind(), ValueKind::kBytes);  // empty blob is not NULL
  EXPECT_EQ(rows[8][0].bytes(), std::string_view("\0\xff\0", 3));
  EXPECT_EQ(rows[9][0].bytes(), std::string_view("a\0b", 3));
  EXPECT_EQ(rows[10][0].bytes(),
            "a\xff"
            "b");  // invalid UTF-8 passes through unchanged
  EXPECT_EQ(rows[11][0].bytes(), "héllo");
}

TEST_F(SqliteReaderTest, ReadsInBatchesOfAtMostMaxRows) {
  Create(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT);"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1001)"
      "  INSERT INTO t SELECT i, 'row ' || i FROM n;");
  std::vector<std::vector<Value>> rows = ReadAll(100);
  ASSERT_EQ(rows.size(), 1001u);
  EXPECT_EQ(rows[1000][0].int64_value(), 1001);
  EXPECT_EQ(rows[1000][1].bytes(), "row 1001");
}

TEST_F(SqliteReaderTest, ChunksSelectRowidRanges) {
  Create(
      "CREATE TABLE t (id INTEGER PRIMARY KEY);"
      "INSERT INTO t VALUES (1), (5), (10), (15);");
  Chunk chunk;
  chunk.lower = 5;
  chunk.upper = 15;
  std::vector<std::vector<Value>> rows = ReadAll(1000, chunk);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].int64_value(), 5);
  EXPECT_EQ(rows[1][0].int64_value(), 10);
}

TEST_F(SqliteReaderTest, AReaderKeepsItsSnapshotWhileTheFileIsWritten) {
  Create(
      "PRAGMA journal_mode = WAL;"
      "CREATE TABLE t (id INTEGER PRIMARY KEY);"
      "INSERT INTO t VALUES (1), (2), (3);");
  auto reader = source_->OpenReader(schema_.tables[0], {}).value();
  Batch batch;
  ASSERT_TRUE(reader->Next(&batch, 1));  // the read transaction has begun
  SqliteDatabase writer = SqliteDatabase::Open(path_, {}).value();
  ASSERT_TRUE(writer.Exec("INSERT INTO t VALUES (4), (5)").ok());
  size_t rows = batch.num_rows();
  while (reader->Next(&batch, 1)) rows += batch.num_rows();
  EXPECT_TRUE(reader->status().ok());
  EXPECT_EQ(rows, 3u);
}

TEST_F(SqliteReaderTest, NeverWritesToTheFile) {
  Create("CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  std::string before = ReadFile(path_);
  ReadAll();
  EXPECT_EQ(ReadFile(path_), before);
}

}  // namespace
}  // namespace ferry::testing
