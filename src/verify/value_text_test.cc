#include "verify/value_text.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(ValueTextTest, ShowsEachKindReadably) {
  EXPECT_EQ(ValueText(LogicalType::kInt32, Value::Int64(-5)), "-5");
  EXPECT_EQ(ValueText(LogicalType::kText, Value::Null()), "NULL");
  EXPECT_EQ(ValueText(LogicalType::kText, Value::Text("it's")), "'it''s'");
  EXPECT_EQ(ValueText(LogicalType::kNumeric, Value::Text("12.50")), "12.50");
  EXPECT_EQ(ValueText(LogicalType::kBytes, Value::Bytes(std::string("\x00\xff", 2))), "\\x00ff");
  EXPECT_EQ(ValueText(LogicalType::kBool, Value::Bool(true)), "true");
}

TEST(ValueTextTest, FloatsThatDifferInTheLastBitPrintDifferently) {
  EXPECT_EQ(ValueText(LogicalType::kFloat64, Value::Double(0.1 + 0.2)), "0.30000000000000004");
  EXPECT_EQ(ValueText(LogicalType::kFloat64, Value::Double(0.3)), "0.3");
}

TEST(ValueTextTest, DatesAndTimes) {
  EXPECT_EQ(ValueText(LogicalType::kDate, Value::Int64(19753)), "2024-01-31");
  EXPECT_EQ(ValueText(LogicalType::kTime, Value::Int64(47100000001)), "13:05:00.000001");
  EXPECT_EQ(ValueText(LogicalType::kTimestamp, Value::Int64(-1)), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(ValueText(LogicalType::kTimestampTz, Value::Int64(1706706300000000)),
            "2024-01-31 13:05:00+00");
}

TEST(ValueTextTest, Uuid) {
  std::string bytes("\xa0\xee\xbc\x99\x9c\x0b\x4e\xf8\xbb\x6d\x6b\xb9\xbd\x38\x0a\x11", 16);
  EXPECT_EQ(ValueText(LogicalType::kUuid, Value::Bytes(bytes)),
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
}

// Issue 11.20: verify printed 24 KB of hex for one changed byte of a BLOB.
TEST(ValueTextTest, ALongBlobThatDiffersInOneByteIsShownInPart) {
  std::string source(24576, '\x01');
  std::string target = source;
  target[1200] = '\x02';
  ShownDifference shown =
      DifferingValuesText(LogicalType::kBytes, Value::Bytes(source), Value::Bytes(target));
  EXPECT_LT(shown.source.size(), 200u);
  EXPECT_NE(shown.source.find("24576 bytes, xxh3 "), std::string::npos) << shown.source;
  EXPECT_NE(shown.source.find("first difference at byte 1200: …\\x0101010101010101010101"),
            std::string::npos)
      << shown.source;
  EXPECT_NE(shown.target.find("first difference at byte 1200: …\\x010101010101010102010101"),
            std::string::npos)
      << shown.target;
  EXPECT_NE(shown.source.substr(0, 40), shown.target.substr(0, 40));  // the hashes differ
}

TEST(ValueTextTest, ALongTextIsShownInPartAndAShortOneWhole) {
  std::string long_text(100, 'a');
  ShownDifference shown =
      DifferingValuesText(LogicalType::kText, Value::Text(long_text), Value::Text("short"));
  EXPECT_NE(shown.source.find("100 bytes, xxh3 "), std::string::npos) << shown.source;
  EXPECT_NE(shown.source.find("first difference at byte 0: 'aaaa"), std::string::npos)
      << shown.source;
  EXPECT_EQ(shown.target, "'short'");
}

TEST(ValueTextTest, ShortDifferingValuesAreShownWhole) {
  ShownDifference shown = DifferingValuesText(LogicalType::kText, Value::Text("a"), Value::Null());
  EXPECT_EQ(shown.source, "'a'");
  EXPECT_EQ(shown.target, "NULL");
}

}  // namespace
}  // namespace ferry
