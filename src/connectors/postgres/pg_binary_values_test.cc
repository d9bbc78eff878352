#include "connectors/postgres/pg_binary_values.h"

#include <gtest/gtest.h>

#include <initializer_list>

namespace ferry {
namespace {

// The binary numeric: ndigits, weight, sign, dscale, then base-10000 digits.
std::string Numeric(int weight, uint16_t sign, int dscale, std::initializer_list<int> digits) {
  std::string out;
  auto put16 = [&](int v) {
    out.push_back(static_cast<char>((v >> 8) & 0xff));
    out.push_back(static_cast<char>(v & 0xff));
  };
  put16(static_cast<int>(digits.size()));
  put16(weight);
  put16(sign);
  put16(dscale);
  for (int d : digits) put16(d);
  return out;
}

std::string NumericText(const std::string& bytes) {
  std::string out;
  EXPECT_TRUE(PgNumericToText(bytes, &out));
  return out;
}

TEST(PgBinaryValuesTest, NumericKeepsItsDisplayScale) {
  EXPECT_EQ(NumericText(Numeric(0, 0, 2, {12, 5000})), "12.50");
  EXPECT_EQ(NumericText(Numeric(1, 0x4000, 0, {1, 2345})), "-12345");
  EXPECT_EQ(NumericText(Numeric(0, 0, 0, {0})), "0");
  EXPECT_EQ(NumericText(Numeric(0, 0, 3, {})), "0.000");
}

TEST(PgBinaryValuesTest, NumericSmallFractions) {
  EXPECT_EQ(NumericText(Numeric(-1, 0, 4, {1})), "0.0001");
  EXPECT_EQ(NumericText(Numeric(-2, 0, 5, {1000})), "0.00001");
  EXPECT_EQ(NumericText(Numeric(2, 0, 0, {1})), "100000000");
}

TEST(PgBinaryValuesTest, NumericSpecialValues) {
  EXPECT_EQ(NumericText(Numeric(0, 0xC000, 0, {})), "NaN");
  EXPECT_EQ(NumericText(Numeric(0, 0xD000, 0, {})), "Infinity");
  EXPECT_EQ(NumericText(Numeric(0, 0xF000, 0, {})), "-Infinity");
}

TEST(PgBinaryValuesTest, MalformedNumericIsRejected) {
  std::string out;
  EXPECT_FALSE(PgNumericToText("abc", &out));
  std::string truncated = Numeric(0, 0, 0, {1, 2});
  truncated.pop_back();
  EXPECT_FALSE(PgNumericToText(truncated, &out));
}

TEST(PgBinaryValuesTest, IntegersAreSignExtended) {
  Batch batch(1);
  Value v;
  ASSERT_TRUE(DecodePgBinary(pg_oid::kInt2, std::string("\xff\xfe", 2), &batch, &v).ok());
  EXPECT_EQ(v.int64_value(), -2);
  ASSERT_TRUE(DecodePgBinary(pg_oid::kInt4, std::string("\x00\x00\x01\x00", 4), &batch, &v).ok());
  EXPECT_EQ(v.int64_value(), 256);
}

TEST(PgBinaryValuesTest, DatesAndTimestampsMoveToTheUnixEpoch) {
  Batch batch(1);
  Value v;
  ASSERT_TRUE(DecodePgBinary(pg_oid::kDate, std::string(4, '\0'), &batch, &v).ok());
  EXPECT_EQ(v.int64_value(), 10957);  // 2000-01-01
  ASSERT_TRUE(DecodePgBinary(pg_oid::kTimestampTz, std::string(8, '\0'), &batch, &v).ok());
  EXPECT_EQ(v.int64_value(), 946684800000000);
}

TEST(PgBinaryValuesTest, WrongSizeIsADataError) {
  Batch batch(1);
  Value v;
  EXPECT_EQ(DecodePgBinary(pg_oid::kInt8, "abc", &batch, &v).code(), StatusCode::kDataError);
}

TEST(PgBinaryValuesTest, JsonbDropsItsVersionByte) {
  Batch batch(1);
  Value v;
  ASSERT_TRUE(DecodePgBinary(pg_oid::kJsonb, "\x01{\"a\": 1}", &batch, &v).ok());
  EXPECT_EQ(v.bytes(), "{\"a\": 1}");
  EXPECT_FALSE(DecodePgBinary(pg_oid::kJsonb, "\x02{}", &batch, &v).ok());
}

}  // namespace
}  // namespace ferry
