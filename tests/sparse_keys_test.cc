// Integer keys that do not fill their range (random 63-bit ids, gaps) chunk
// by their rows, not their span: SQLite and PostgreSQL sources, copied end to
// end. And a resumed run's summary counts what earlier runs did.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "connectors/postgres/pg_chunker.h"
#include "connectors/postgres/pg_source.h"
#include "connectors/sqlite/sqlite_database.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

std::vector<int64_t> RandomIds(int count, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::set<int64_t> ids;
  while (ids.size() < static_cast<size_t>(count)) ids.insert(static_cast<int64_t>(random() >> 1));
  return {ids.begin(), ids.end()};
}

// A SQLite file with table `t` (id INTEGER PRIMARY KEY, v TEXT) holding `ids`.
void MakeIdsDatabase(const std::filesystem::path& path, const std::vector<int64_t>& ids) {
  SqliteDatabase db = SqliteDatabase::Open(path.string(), {.create = true}).value();
  ASSERT_TRUE(db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); BEGIN").ok());
  SqliteStatement insert = db.Prepare("INSERT INTO t VALUES (?1, 'v' || ?1)").value();
  for (int64_t id : ids) {
    ASSERT_TRUE(insert.Reset().ok());
    ASSERT_TRUE(insert.BindInt64(1, id).ok());
    ASSERT_TRUE(insert.Step().ok());
  }
  ASSERT_TRUE(db.Exec("COMMIT").ok());
}

class SparseKeysCopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    ASSERT_TRUE(db_.ok()) << db_.error();
  }
  CommandResult Copy(const std::vector<int64_t>& ids, const std::string& chunk_rows) {
    std::filesystem::path path = dir_.path() / "ids.db";
    MakeIdsDatabase(path, ids);
    from_ = "sqlite:" + path.string();
    return RunFerry({"copy", "--from", from_, "--to", db_.url(), "--chunk-rows", chunk_rows});
  }

  ScratchPgDatabase db_{"sparse"};
  TempDir dir_;
  std::string from_;
};

TEST_F(SparseKeysCopyTest, RandomSixtyThreeBitIdsCopyInChunksOfChunkRows) {
  CommandResult r = Copy(RandomIds(5000, 1), "1000");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM t"), "5000");
  EXPECT_EQ(db_.QueryRows("SELECT rows FROM _ferry.chunks ORDER BY chunk_no"),
            "1000\n1000\n1000\n1000\n1000");
  // Progress totals and `ferry status` count rows, not the key span.
  EXPECT_EQ(db_.QueryValue("SELECT estimated_rows FROM _ferry.tables"), "5000");
  CommandResult verify = RunFerry({"verify", "--from", from_, "--to", db_.url(), "--read-target"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(SparseKeysCopyTest, TwoRowsFarApartAreOneChunk) {
  CommandResult r = Copy({1, 10000000000}, "100000");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM _ferry.chunks"), "1");
  EXPECT_EQ(db_.QueryRows("SELECT id FROM t ORDER BY id"), "1\n10000000000");
}

TEST_F(SparseKeysCopyTest, GappedIdsGetTheChunkRowsAsked) {
  std::vector<int64_t> ids;
  for (int64_t i = 1; i <= 20000; ++i) ids.push_back(i * 120);
  CommandResult r = Copy(ids, "5000");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(db_.QueryRows("SELECT rows FROM _ferry.chunks ORDER BY chunk_no"),
            "5000\n5000\n5000\n5000");
}

// PostgreSQL sources: the same keys, planned by PgSource.
class PgSparseKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    ASSERT_TRUE(db_.ok()) << db_.error();
  }
  // Plans `sql`'s table "t" in chunks of `chunk_rows` and returns the rows of each.
  std::vector<int64_t> PlanAndCount(const std::string& sql, int64_t chunk_rows) {
    Status made = db_.Connect().Run(sql + "; ANALYZE t");
    EXPECT_TRUE(made.ok()) << made.message();
    std::unique_ptr<PgSource> source = PgSource::Open(*ParseEndpoint(db_.url())).value();
    DatabaseSchema schema = source->DescribeSchema().value();
    const TableSchema* table = schema.FindTable("t");
    if (!made.ok() || table == nullptr) return {};
    const TableSchema& t = *table;
    std::vector<Chunk> chunks = source->PlanChunks(t, chunk_rows).value();
    std::vector<int64_t> rows;
    for (const Chunk& chunk : chunks) {
      EXPECT_EQ(chunk.by, ChunkBy::kIntegerKey);
      std::string condition = PgChunkCondition(t, chunk).value();
      rows.push_back(std::stoll(db_.QueryValue("SELECT count(*) FROM t" +
                                               (condition.empty() ? "" : " WHERE " + condition))));
    }
    return rows;
  }
  static void ExpectAboutChunkRows(const std::vector<int64_t>& rows, int64_t total,
                                   int64_t chunk_rows) {
    int64_t sum = 0;
    for (int64_t n : rows) {
      EXPECT_LE(n, 2 * chunk_rows);
      sum += n;
    }
    EXPECT_EQ(sum, total);
    EXPECT_LE(static_cast<int64_t>(rows.size()), 2 * total / chunk_rows);
  }

  ScratchPgDatabase db_{"pg_sparse"};
};

TEST_F(PgSparseKeysTest, RandomSixtyThreeBitIdsGetChunksOfAboutChunkRows) {
  std::vector<int64_t> rows = PlanAndCount(
      "SELECT setseed(0.25); CREATE TABLE t (id bigint PRIMARY KEY, v text);"
      "INSERT INTO t SELECT (random() * 9.2e18)::bigint, 'v' FROM generate_series(1, 6000) "
      "ON CONFLICT DO NOTHING;"
      "DELETE FROM t WHERE id IN (SELECT id FROM t ORDER BY id OFFSET 5000)",
      500);
  ExpectAboutChunkRows(rows, 5000, 500);
}

TEST_F(PgSparseKeysTest, DenseRunsFarApartGetChunksOfAboutChunkRows) {
  // Equal-width ranges put all 6,000 rows in the first and the last of 12 chunks.
  std::vector<int64_t> rows = PlanAndCount(
      "CREATE TABLE t (id bigint PRIMARY KEY, v text);"
      "INSERT INTO t SELECT g, 'v' FROM generate_series(1, 3000) g;"
      "INSERT INTO t SELECT 10000000000 + g, 'v' FROM generate_series(1, 3000) g",
      500);
  ExpectAboutChunkRows(rows, 6000, 500);
}

TEST_F(PgSparseKeysTest, NegativeAndEdgeKeysAreEachInOneChunk) {
  std::vector<int64_t> rows = PlanAndCount(
      "CREATE TABLE t (id bigint PRIMARY KEY, v text);"
      "INSERT INTO t VALUES (-9223372036854775808, 'min'), (9223372036854775807, 'max');"
      "INSERT INTO t SELECT -g::bigint * 1000003, 'v' FROM generate_series(1, 2998) g",
      300);
  ExpectAboutChunkRows(rows, 3000, 300);
}

// A run stopped by table b, after table a was done, then resumed: the
// summary counts a's rows as done earlier instead of 0.
TEST_F(SparseKeysCopyTest, ResumedRunSummaryShowsRowsOfTablesFinishedEarlier) {
  std::filesystem::path path = dir_.path() / "two.db";
  {
    SqliteDatabase db = SqliteDatabase::Open(path.string(), {.create = true}).value();
    ASSERT_TRUE(db.Exec("CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT);"
                        "CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT);"
                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                        "WHERE i < 3000) INSERT INTO a SELECT i, 'a' || i FROM n;"
                        "INSERT INTO b VALUES (1, 'fine'), (2, 'refused')")
                    .ok());
  }
  ASSERT_TRUE(db_.Connect()
                  .Run("CREATE TABLE a (id bigint PRIMARY KEY, v text);"
                       "CREATE TABLE b (id bigint PRIMARY KEY, v text "
                       "CONSTRAINT not_refused CHECK (v <> 'refused'))")
                  .ok());
  std::vector<std::string> args = {"copy",         "--from",  "sqlite:" + path.string(),
                                   "--to",         db_.url(), "--mode",
                                   "append",       "--jobs",  "1",
                                   "--chunk-rows", "1000"};
  CommandResult failed = RunFerry(args);
  ASSERT_EQ(failed.exit_code, 1) << failed.out << failed.err;
  // a, finished before b failed, is done, not "failed".
  size_t a_failed = failed.out.find("\na ");
  ASSERT_NE(a_failed, std::string::npos) << failed.out;
  EXPECT_EQ(failed.out.substr(a_failed + 1, failed.out.find('\n', a_failed + 1) - a_failed - 1)
                .find("failed"),
            std::string::npos)
      << failed.out;
  ASSERT_EQ(db_.QueryValue("SELECT count(*) FROM a"), "3000");
  ASSERT_TRUE(db_.Connect().Run("ALTER TABLE b DROP CONSTRAINT not_refused").ok());
  CommandResult resumed = RunFerry(args);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  size_t a = resumed.out.find("\na ");
  ASSERT_NE(a, std::string::npos) << resumed.out;
  std::string a_line = resumed.out.substr(a + 1, resumed.out.find('\n', a + 1) - a - 1);
  EXPECT_NE(a_line.find(" 3000 "), std::string::npos) << resumed.out;
  EXPECT_NE(a_line.find("(done earlier)"), std::string::npos) << resumed.out;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM b"), "2");
}

}  // namespace
}  // namespace ferry::testing
