// The snapshot of a PostgreSQL source for a chunked run (connectors/postgres/pg_snapshot.h)
// and the chunk conditions the readers run (connectors/postgres/pg_chunker.h),
// against the test cluster.
#include "connectors/postgres/pg_snapshot.h"

#include <gtest/gtest.h>

#include "connectors/postgres/pg_chunker.h"
#include "connectors/postgres/pg_source.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

class PgSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    ASSERT_TRUE(db_.ok()) << db_.error();
    Run("CREATE TABLE items (id int PRIMARY KEY, name text);"
        "INSERT INTO items SELECT i, 'n' || i FROM generate_series(1, 10) i");
    endpoint_ = *ParseEndpoint(db_.url());
  }
  void Run(const std::string& sql) {
    PgConnection conn = db_.Connect();
    Status s = conn.Run(sql);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  // Rows of `items` as `source` reads them.
  int64_t CountItems(Source& source) {
    DatabaseSchema schema = source.DescribeSchema().value();
    std::unique_ptr<BatchReader> reader = source.OpenReader(*schema.FindTable("items"), {}).value();
    Batch batch;
    int64_t rows = 0;
    while (reader->Next(&batch, 1000)) rows += static_cast<int64_t>(batch.num_rows());
    EXPECT_TRUE(reader->status().ok()) << reader->status().message();
    return rows;
  }

  ScratchPgDatabase db_{"pgsnap"};
  Endpoint endpoint_;
};

// Given a run's snapshot, a process opening it while its taker lives reads
// the data as it was; once the taker is gone, it reads the data as it is.
TEST_F(PgSnapshotTest, JoinersImportTheSnapshotWhileItsTakerLives) {
  TakenSnapshot taken = TakePgSnapshot(endpoint_).value();
  const SourceSnapshot& snapshot = taken.snapshot;
  ASSERT_FALSE(snapshot.location.empty());
  Run("INSERT INTO items VALUES (11, 'late')");
  {
    std::unique_ptr<Source> joiner = OpenPgSnapshotSource(endpoint_, snapshot).value();
    EXPECT_TRUE(static_cast<PgSource&>(*joiner).imported());
    EXPECT_EQ(CountItems(*joiner), 10);
  }
  taken.source.reset();  // the first process ends
  std::unique_ptr<Source> later = OpenPgSnapshotSource(endpoint_, snapshot).value();
  EXPECT_FALSE(static_cast<PgSource&>(*later).imported());
  EXPECT_EQ(CountItems(*later), 11);
}

// Given writes to a table after the snapshot, the change is reported by name.
TEST_F(PgSnapshotTest, WritesSinceTheSnapshotAreNoticed) {
  SourceSnapshot snapshot = TakePgSnapshot(endpoint_).value().snapshot;
  EXPECT_EQ(DescribePgSourceChange(endpoint_, snapshot).value(), "");
  // The counters reach pg_stat_user_tables when the writing backend reports
  // them; pg_stat_force_next_flush() makes it report before answering.
  Run("UPDATE items SET name = 'x' WHERE id = 3; SELECT pg_stat_force_next_flush()");
  std::string change = DescribePgSourceChange(endpoint_, snapshot).value();
  EXPECT_NE(change.find("items"), std::string::npos) << change;
}

// Given a table without a key, a ctid chunk is read with a TID Range Scan
// (PostgreSQL 14+), not a full scan per chunk.
TEST_F(PgSnapshotTest, CtidChunksUseATidRangeScan) {
  Run("CREATE TABLE lines (line text); INSERT INTO lines SELECT repeat('x', 100) "
      "FROM generate_series(1, 5000); ANALYZE lines");
  std::unique_ptr<PgSource> source = PgSource::Open(endpoint_).value();
  DatabaseSchema schema = source->DescribeSchema().value();
  const TableSchema& lines = *schema.FindTable("lines");
  std::vector<Chunk> chunks = source->PlanChunks(lines, 1000).value();
  ASSERT_GE(chunks.size(), 4u);
  EXPECT_EQ(chunks[1].by, ChunkBy::kCtid);
  EXPECT_FALSE(chunks.back().upper.has_value());  // open: pages added later are read too
  std::string condition = PgChunkCondition(lines, chunks[1]).value();
  EXPECT_NE(db_.QueryRows("EXPLAIN SELECT * FROM lines WHERE " + condition).find("Tid Range Scan"),
            std::string::npos);
  int64_t rows = 0;
  for (const Chunk& chunk : chunks) {
    std::unique_ptr<BatchReader> reader = source->OpenReader(lines, chunk).value();
    Batch batch;
    while (reader->Next(&batch, 1000)) rows += static_cast<int64_t>(batch.num_rows());
  }
  EXPECT_EQ(rows, 5000);
}

}  // namespace
}  // namespace ferry::testing
