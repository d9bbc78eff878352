#include "connectors/postgres/pg_unchanged_check.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

// Three chunks committed by transactions 100, 101 and 102 (64-bit ids whose
// xmin is the low 32 bits), with 10, 0 and 5 rows.
DoneTable Table(int64_t epoch = 0) {
  DoneTable table;
  table.target_name = "items";
  int64_t rows[] = {10, 0, 5};
  for (int i = 0; i < 3; ++i) {
    DoneChunk chunk;
    chunk.chunk.id = i;
    chunk.rows = rows[i];
    chunk.committed_xid = (epoch << 32) + 100 + i;
    table.chunks.push_back(chunk);
  }
  table.chunks_total = 3;
  return table;
}

TEST(JudgeRowVersionsTest, RowsOfTheChunksTransactionsOnlyAreUnchanged) {
  UnchangedCheck check = JudgeRowVersions(Table(), {{100, 10}, {102, 5}}, 200);
  EXPECT_TRUE(check.unchanged) << check.reason;
}

TEST(JudgeRowVersionsTest, XminIsMatchedOnTheLow32BitsOfTheTransactionId) {
  UnchangedCheck check =
      JudgeRowVersions(Table(3), {{100, 10}, {102, 5}}, (int64_t{3} << 32) + 200);
  EXPECT_TRUE(check.unchanged) << check.reason;
}

// An UPDATE leaves a chunk one row short and one row of another transaction.
TEST(JudgeRowVersionsTest, AnUpdatedRowIsSeenTwice) {
  UnchangedCheck check = JudgeRowVersions(Table(), {{100, 9}, {102, 5}, {150, 1}}, 200);
  EXPECT_FALSE(check.unchanged);
  EXPECT_EQ(check.reason,
            "1 row(s) written since the copy (INSERT, UPDATE or a rewrite); 1 copied row(s) gone "
            "or rewritten since (DELETE, UPDATE, TRUNCATE), the first in chunk 0");
}

TEST(JudgeRowVersionsTest, ADeletedRowLeavesItsChunkShort) {
  UnchangedCheck check = JudgeRowVersions(Table(), {{100, 10}, {102, 4}}, 200);
  EXPECT_FALSE(check.unchanged);
  EXPECT_NE(check.reason.find("1 copied row(s) gone"), std::string::npos) << check.reason;
  EXPECT_NE(check.reason.find("chunk 2"), std::string::npos) << check.reason;
}

TEST(JudgeRowVersionsTest, AnInsertedRowHasAnotherTransaction) {
  UnchangedCheck check = JudgeRowVersions(Table(), {{100, 10}, {102, 5}, {170, 1}}, 200);
  EXPECT_FALSE(check.unchanged);
  EXPECT_EQ(check.reason, "1 row(s) written since the copy (INSERT, UPDATE or a rewrite)");
}

TEST(JudgeRowVersionsTest, AnEmptiedTableIsChanged) {
  UnchangedCheck check = JudgeRowVersions(Table(), {}, 200);
  EXPECT_FALSE(check.unchanged);
  EXPECT_NE(check.reason.find("15 copied row(s) gone"), std::string::npos) << check.reason;
}

TEST(JudgeRowVersionsTest, AChunkWithoutItsTransactionIdIsNeverTrusted) {
  DoneTable table = Table();
  table.chunks[1].committed_xid = -1;
  UnchangedCheck check = JudgeRowVersions(table, {{100, 10}, {102, 5}}, 200);
  EXPECT_FALSE(check.unchanged);
  EXPECT_NE(check.reason.find("chunk 1 was recorded without its transaction id"),
            std::string::npos);
}

// 2^31 transactions later, a 32-bit xmin may name a newer transaction.
TEST(JudgeRowVersionsTest, ARunTooOldForXminToTellIsNeverTrusted) {
  UnchangedCheck check = JudgeRowVersions(Table(), {{100, 10}, {102, 5}}, 100 + (int64_t{1} << 31));
  EXPECT_FALSE(check.unchanged);
  EXPECT_NE(check.reason.find("too old"), std::string::npos) << check.reason;
}

}  // namespace
}  // namespace ferry
