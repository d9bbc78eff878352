#include "connectors/sqlite/sqlite_values.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(SqliteValuesTest, DatesAndTimestampsAsIsoText) {
  std::string out;
  ASSERT_TRUE(FormatSqliteDate(0, &out));
  EXPECT_EQ(out, "1970-01-01");
  ASSERT_TRUE(FormatSqliteDate(-719528, &out));  // the first day of year 0
  EXPECT_EQ(out, "0000-01-01");
  EXPECT_FALSE(FormatSqliteDate(-719529, &out));
  EXPECT_FALSE(FormatSqliteDate(2932897, &out));  // year 10000
  ASSERT_TRUE(FormatSqliteTimestamp(-1, false, &out));
  EXPECT_EQ(out, "1969-12-31 23:59:59.999999");
  ASSERT_TRUE(FormatSqliteTimestamp(1700000000LL * 1000000 + 5, true, &out));
  EXPECT_EQ(out, "2023-11-14 22:13:20.000005Z");
  FormatSqliteTime(3723000000LL, &out);
  EXPECT_EQ(out, "01:02:03");
}

TEST(SqliteValuesTest, UuidAsLowercaseText) {
  std::string bytes("\x12\x3e\x45\x67\xe8\x9b\x12\xd3\xa4\x56\x42\x66\x14\x17\x40\x00", 16);
  std::string out;
  FormatSqliteUuid(bytes, &out);
  EXPECT_EQ(out, "123e4567-e89b-12d3-a456-426614174000");
}

}  // namespace
}  // namespace ferry
