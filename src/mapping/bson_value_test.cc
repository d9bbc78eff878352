#include "mapping/bson_value.h"

#include <gtest/gtest.h>

#include "mapping/objectid.h"

namespace ferry {
namespace {

TEST(BsonValueTest, DecimalTextIsCanonicalWithoutExponent) {
  EXPECT_EQ(NormalizeDecimalString("1.5E+3"), "1500");
  EXPECT_EQ(NormalizeDecimalString("-0"), "0");
  EXPECT_EQ(NormalizeDecimalString("1E-7"), "0.0000001");
  EXPECT_EQ(NormalizeDecimalString("-1.23E-2"), "-0.0123");
  EXPECT_EQ(NormalizeDecimalString("123.4500"), "123.4500");
  EXPECT_EQ(NormalizeDecimalString("0E-5"), "0.00000");
  EXPECT_EQ(NormalizeDecimalString("NaN"), "NaN");
  EXPECT_EQ(NormalizeDecimalString("-Infinity"), "-Infinity");
}

TEST(BsonValueTest, Decimal128ExtremesSurviveExactly) {
  bson_decimal128_t d;
  ASSERT_TRUE(bson_decimal128_from_string("9.999999999999999999999999999999999E+6144", &d));
  std::string text = DecimalToNumericText(d);
  EXPECT_EQ(text.size(), 6145u);
  EXPECT_EQ(text.substr(0, 34), std::string(34, '9'));
  ASSERT_TRUE(bson_decimal128_from_string("-1E-6176", &d));
  text = DecimalToNumericText(d);
  EXPECT_EQ(text.substr(0, 3), "-0.");
  EXPECT_EQ(text.back(), '1');
  EXPECT_EQ(text.size(), 3u + 6176u);
}

TEST(BsonValueTest, DoublesBecomeTheirShortestExactDecimal) {
  EXPECT_EQ(DoubleToNumericText(0.1), "0.1");
  EXPECT_EQ(DoubleToNumericText(1e21), "1000000000000000000000");
  EXPECT_EQ(DoubleToNumericText(-2.5e-3), "-0.0025");
}

TEST(BsonValueTest, DatesOutsidePostgresRangeAreRefused) {
  int64_t micros = 0;
  EXPECT_TRUE(DateToTimestampTzMicros(-62135596800000, &micros));  // year 1
  EXPECT_EQ(micros, -62135596800000000);
  EXPECT_TRUE(DateToTimestampTzMicros(253402300800000, &micros));  // year 10000
  EXPECT_FALSE(DateToTimestampTzMicros(kMinTimestampMillis - 1, &micros));
  EXPECT_FALSE(DateToTimestampTzMicros(INT64_MAX, &micros));
  EXPECT_FALSE(DateToTimestampTzMicros(INT64_MIN, &micros));
}

TEST(ObjectIdTest, UuidRuleKeepsTheBytesAndReverses) {
  bson_oid_t oid;
  bson_oid_init_from_string(&oid, "55f14312c7447c3da7051b26");
  auto uuid = ObjectIdToUuid(oid.bytes);
  EXPECT_EQ(HexBytes(uuid.data(), 16), "55f14312c7447c3da7051b2600000000");
  auto back = UuidToObjectId(uuid.data());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(HexBytes(back->data(), 12), "55f14312c7447c3da7051b26");
  uuid[15] = 1;
  EXPECT_FALSE(UuidToObjectId(uuid.data()).has_value());
}

}  // namespace
}  // namespace ferry
