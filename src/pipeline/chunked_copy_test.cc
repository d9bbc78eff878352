#include "pipeline/chunked_copy.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TableSchema Sized(int64_t rows, int64_t bytes) {
  TableSchema table;
  table.name = "t";
  table.estimated_rows = rows;
  table.estimated_bytes = bytes;
  return table;
}

TEST(ChunkRowsForTest, NarrowRowsKeepTheRowCount) {
  EXPECT_EQ(ChunkRowsFor(Sized(1000000, 100000000), 100000), 100000);  // 100 bytes a row
}

TEST(ChunkRowsForTest, WideRowsGetFewerRowsPerChunk) {
  // 1 KB a row: 16 MiB hold 16,384 of them.
  EXPECT_EQ(ChunkRowsFor(Sized(200000, 200000 * 1024LL), 100000), 16384);
  // Ever larger rows stop at 100 rows a chunk.
  EXPECT_EQ(ChunkRowsFor(Sized(1000, 1000 * (64LL << 20)), 100000), 100);
}

TEST(ChunkRowsForTest, UnknownSizesKeepTheRowCount) {
  EXPECT_EQ(ChunkRowsFor(Sized(-1, -1), 5000), 5000);
  EXPECT_EQ(ChunkRowsFor(Sized(1000, -1), 5000), 5000);
  EXPECT_EQ(ChunkRowsFor(Sized(0, 1 << 30), 5000), 5000);
}

TEST(ChunkRowsForTest, NeverMoreThanAsked) {
  EXPECT_EQ(ChunkRowsFor(Sized(1000000, 1000000 * 1024LL), 10), 10);
}

}  // namespace
}  // namespace ferry
