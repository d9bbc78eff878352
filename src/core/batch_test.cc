#include "ferry/batch.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "ferry/logical_type.h"

namespace ferry {
namespace {

TEST(BatchTest, RowsHoldValuesWhoseBytesLiveInTheArena) {
  Batch batch(3);
  for (int i = 0; i < 1000; ++i) {
    Value* row = batch.AddRow();
    std::string text = "row " + std::to_string(i);
    row[0] = Value::Int64(i);
    row[1] = Value::Text(batch.Store(text));  // `text` dies; the copy lives on
    row[2] = i % 2 ? Value::Null() : Value::Double(i / 2.0);
  }
  ASSERT_EQ(batch.num_rows(), 1000u);
  EXPECT_EQ(batch.At(999, 0).int64_value(), 999);
  EXPECT_EQ(batch.At(999, 1).bytes(), "row 999");
  EXPECT_TRUE(batch.At(999, 2).is_null());
  EXPECT_EQ(batch.At(998, 2).double_value(), 499.0);
}

TEST(BatchTest, PopRowDropsOnlyTheLastRow) {
  Batch batch(1);
  batch.AddRow()[0] = Value::Int64(1);
  batch.AddRow()[0] = Value::Int64(2);
  batch.PopRow();
  ASSERT_EQ(batch.num_rows(), 1u);
  EXPECT_EQ(batch.At(0, 0).int64_value(), 1);
}

TEST(BatchTest, ClearKeepsMemoryFlatAcrossManyBatches) {
  Batch batch(1);
  std::string blob(100 * 1024, 'x');
  size_t first_size = 0;
  for (int round = 0; round < 50; ++round) {
    batch.Clear();
    for (int i = 0; i < 20; ++i) batch.AddRow()[0] = Value::Bytes(batch.Store(blob));
    if (round == 0) first_size = batch.ByteSize();
    EXPECT_EQ(batch.ByteSize(), first_size);
  }
}

TEST(ArenaTest, LargeValuesGetTheirOwnBlockAndResetReleasesThem) {
  Arena arena;
  std::string small(100, 's');
  std::string large(Arena::kBlockSize, 'L');
  std::string_view a = arena.Copy(small);
  std::string_view b = arena.Copy(large);
  std::string_view c = arena.Copy(small);
  EXPECT_EQ(a, small);
  EXPECT_EQ(b, large);
  EXPECT_EQ(c, small);
  EXPECT_EQ(c.data(), a.data() + small.size());  // the small block stayed open
  arena.Reset();
  EXPECT_EQ(arena.BytesUsed(), 0u);
  EXPECT_EQ(arena.BytesReserved(), Arena::kBlockSize);
}

// Given rows with raw forms, we expect one raw row per row, dropped with its
// row by PopRow, and Clear to empty them but keep the format.
TEST(BatchTest, RawRowsFollowTheirRows) {
  Batch batch(1);
  batch.set_raw_format("test tuples");
  batch.AddRow()[0] = Value::Int64(1);
  batch.AddRawRow("one");
  batch.AddRow()[0] = Value::Int64(2);
  EXPECT_FALSE(batch.HasRawRows("test tuples"));  // row 2 has none yet
  std::memcpy(batch.AddRawRow(3), "two", 3);
  EXPECT_TRUE(batch.HasRawRows("test tuples"));
  EXPECT_FALSE(batch.HasRawRows("other tuples"));
  EXPECT_FALSE(batch.HasRawRows(""));
  EXPECT_EQ(batch.RawRow(0), "one");
  EXPECT_EQ(batch.RawRow(1), "two");
  batch.PopRow();
  EXPECT_EQ(batch.num_raw_rows(), 1u);
  EXPECT_TRUE(batch.HasRawRows("test tuples"));
  batch.AddRow();
  batch.PopRow();  // a row without its raw row yet leaves the others alone
  EXPECT_EQ(batch.num_raw_rows(), 1u);
  batch.Clear();
  EXPECT_EQ(batch.num_raw_rows(), 0u);
  EXPECT_EQ(batch.raw_format(), "test tuples");
}

TEST(LogicalTypeTest, NamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(LogicalType::kJson); ++i) {
    LogicalType type = static_cast<LogicalType>(i);
    LogicalType parsed;
    ASSERT_TRUE(ParseLogicalType(LogicalTypeName(type), &parsed));
    EXPECT_EQ(parsed, type);
  }
  LogicalType unused;
  EXPECT_FALSE(ParseLogicalType("varchar", &unused));
}

}  // namespace
}  // namespace ferry
