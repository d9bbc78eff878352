#include "mapping/value_converter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace ferry {
namespace {

// Converts one value into a column of `pg_type`; the result as text for easy comparison.
struct Outcome {
  bool ok = false;
  Value value;
  std::string reason;
};

class ConverterTest : public ::testing::Test {
 protected:
  Outcome Convert(const std::string& pg_type, const Value& in, bool nullable = true) {
    Column column;
    column.name = "c";
    column.native_type = pg_type;
    column.nullable = nullable;
    Result<ValueConverter> converter = ValueConverter::For(column);
    EXPECT_TRUE(converter.ok()) << pg_type;
    Outcome outcome;
    outcome.ok = converter->Convert(in, &batch_, &outcome.value, &outcome.reason);
    return outcome;
  }
  std::string Text(const std::string& pg_type, const Value& in) {
    Outcome o = Convert(pg_type, in);
    return o.ok ? std::string(o.value.bytes()) : "REJECTED: " + o.reason;
  }
  std::string Reason(const std::string& pg_type, const Value& in) {
    Outcome o = Convert(pg_type, in);
    EXPECT_FALSE(o.ok) << pg_type << " accepted " << DescribeValue(in);
    return o.reason;
  }
  int64_t Int(const std::string& pg_type, const Value& in) {
    Outcome o = Convert(pg_type, in);
    EXPECT_TRUE(o.ok) << o.reason;
    return o.value.int64_value();
  }

  Batch batch_{1};
};

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

TEST_F(ConverterTest, NullPassesUnlessTheColumnIsNotNull) {
  EXPECT_TRUE(Convert("bigint", Value::Null()).value.is_null());
  Outcome o = Convert("bigint", Value::Null(), /*nullable=*/false);
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.reason, "NULL in a NOT NULL column");
}

TEST_F(ConverterTest, IntegersKeep64BitExtremes) {
  EXPECT_EQ(Int("bigint", Value::Int64(kMax)), kMax);
  EXPECT_EQ(Int("bigint", Value::Int64(kMin)), kMin);
  EXPECT_EQ(Int("bigint", Value::Text("-9223372036854775808")), kMin);
}

TEST_F(ConverterTest, TextInIntegerColumnOnlyWhenExactlyAnInteger) {
  EXPECT_EQ(Int("bigint", Value::Text("12")), 12);
  EXPECT_EQ(Reason("bigint", Value::Text("12.0")),
            "text '12.0' is not an integer (digits with an optional '-')");
  EXPECT_NE(Reason("bigint", Value::Text(" 12")).find("not an integer"), std::string::npos);
  EXPECT_NE(Reason("bigint", Value::Text("")).find("not an integer"), std::string::npos);
  EXPECT_EQ(Reason("bigint", Value::Text("9223372036854775808")),
            "text '9223372036854775808' is out of range of 64-bit integers");
}

TEST_F(ConverterTest, RealInIntegerColumnOnlyWhenWhole) {
  EXPECT_EQ(Int("bigint", Value::Double(3.0)), 3);
  EXPECT_EQ(Int("bigint", Value::Double(-0.0)), 0);
  EXPECT_EQ(Reason("bigint", Value::Double(3.5)),
            "real 3.5 is not a whole number within 64 bits; bigint holds integers (ferry does "
            "not round)");
  EXPECT_FALSE(Convert("bigint", Value::Double(9.3e18)).ok);  // beyond 2^63
  EXPECT_FALSE(Convert("bigint", Value::Double(NAN)).ok);
  EXPECT_FALSE(Convert("bigint", Value::Double(INFINITY)).ok);
}

TEST_F(ConverterTest, IntegerOutOfRangeOfTheChosenTypeIsRejected) {
  EXPECT_EQ(Int("integer", Value::Int64(2147483647)), 2147483647);
  EXPECT_EQ(Reason("integer", Value::Int64(2147483648)),
            "integer 2147483648 is out of range of integer");
  EXPECT_EQ(Reason("smallint", Value::Int64(-32769)), "integer -32769 is out of range of smallint");
}

TEST_F(ConverterTest, BlobIsNeverANumber) {
  EXPECT_EQ(Reason("bigint", Value::Bytes("\x01")), "blob of 1 bytes cannot be an integer");
}

TEST_F(ConverterTest, DoublesKeepNanInfinityAndNegativeZero) {
  EXPECT_TRUE(std::isnan(Convert("double precision", Value::Double(NAN)).value.double_value()));
  EXPECT_EQ(Convert("double precision", Value::Double(-INFINITY)).value.double_value(), -INFINITY);
  double z = Convert("double precision", Value::Double(-0.0)).value.double_value();
  EXPECT_TRUE(z == 0 && std::signbit(z));
  EXPECT_TRUE(std::isnan(Convert("double precision", Value::Text("NaN")).value.double_value()));
  EXPECT_EQ(Convert("double precision", Value::Text("1e3")).value.double_value(), 1000);
}

TEST_F(ConverterTest, IntegerInDoubleColumnOnlyWhenExact) {
  EXPECT_EQ(Convert("double precision", Value::Int64(1LL << 53)).value.double_value(),
            9007199254740992.0);
  EXPECT_EQ(Reason("double precision", Value::Int64((1LL << 53) + 1)),
            "integer 9007199254740993 cannot be held exactly by double precision");
  EXPECT_FALSE(Convert("double precision", Value::Int64(kMax)).ok);
}

TEST_F(ConverterTest, RealInNumericIsTheShortestRoundTripDecimal) {
  EXPECT_EQ(Text("numeric(10,2)", Value::Double(0.99)), "0.99");
  EXPECT_EQ(Text("numeric(10,2)", Value::Double(1.0)), "1.00");
  EXPECT_EQ(Text("numeric", Value::Double(0.1)), "0.1");
  EXPECT_EQ(Text("numeric", Value::Double(1e20)), "100000000000000000000");
  EXPECT_EQ(Text("numeric", Value::Double(-0.0)), "0");
  EXPECT_EQ(Text("numeric", Value::Double(NAN)), "NaN");
  EXPECT_EQ(Reason("numeric", Value::Double(INFINITY)),
            "real Infinity: numeric cannot hold infinities (use double precision)");
  EXPECT_EQ(Reason("numeric(10,2)", Value::Double(1.005)),
            "'1.005' has 3 decimal places; numeric(10,2) holds 2 (ferry does not round)");
}

TEST_F(ConverterTest, NumericChecksPrecision) {
  EXPECT_EQ(Text("numeric(4,2)", Value::Int64(99)), "99.00");
  EXPECT_EQ(Reason("numeric(4,2)", Value::Int64(100)),
            "'100' needs 3 digits before the decimal point; numeric(4,2) holds 2");
  EXPECT_EQ(Text("numeric", Value::Int64(kMin)), "-9223372036854775808");
}

TEST_F(ConverterTest, TextInNumericIsCanonicalised) {
  EXPECT_EQ(Text("numeric", Value::Text("+007.50")), "7.50");
  EXPECT_EQ(Text("numeric", Value::Text("1.5e2")), "150");
  EXPECT_EQ(Text("numeric", Value::Text("-.5")), "-0.5");
  EXPECT_EQ(Text("numeric", Value::Text("nan")), "NaN");
  EXPECT_EQ(Reason("numeric", Value::Text("12abc")), "'12abc' is not a decimal number");
}

TEST_F(ConverterTest, TextChecksUtf8NulAndLength) {
  EXPECT_EQ(Text("varchar(3)", Value::Text("héé")), "héé");  // 3 characters, 5 bytes
  EXPECT_EQ(Reason("varchar(3)", Value::Text("abcd")),
            "text of 4 characters is longer than varchar(3) ('abcd')");
  EXPECT_EQ(Reason("text", Value::Text(std::string_view("ab\xff"
                                                        "cd",
                                                        5))),
            "invalid UTF-8 at byte 2 of 5 (first bytes: 'ab?cd')");
  EXPECT_EQ(Reason("text", Value::Text(std::string_view("a\0b", 3))),
            "text with a NUL character at byte 1, which PostgreSQL text cannot hold (set type = "
            "\"bytea\" to keep it)");
}

// A SQLite target's text holds NUL: the converter for it keeps the value.
TEST_F(ConverterTest, TextWithNulIsKeptWhenTheTargetAllowsIt) {
  Column column;
  column.name = "t";
  column.native_type = "text";
  ValueConverter converter = ValueConverter::For(column, /*allow_nul=*/true).value();
  Batch batch(1);
  Value out;
  std::string reason;
  ASSERT_TRUE(converter.Convert(Value::Text(std::string_view("a\0b", 3)), &batch, &out, &reason))
      << reason;
  EXPECT_EQ(out.bytes(), std::string_view("a\0b", 3));
}

TEST_F(ConverterTest, EmptyStringStaysEmptyAndDistinctFromNull) {
  Outcome o = Convert("text", Value::Text(""));
  ASSERT_TRUE(o.ok);
  EXPECT_EQ(o.value.kind(), ValueKind::kText);
  EXPECT_EQ(o.value.bytes().size(), 0u);
}

TEST_F(ConverterTest, NumbersInTextColumnsBecomeTheirDecimalText) {
  EXPECT_EQ(Text("text", Value::Int64(kMin)), "-9223372036854775808");
  EXPECT_EQ(Text("text", Value::Double(0.99)), "0.99");
  EXPECT_EQ(Text("text", Value::Double(-0.0)), "-0");
  EXPECT_EQ(Text("text", Value::Double(INFINITY)), "Infinity");
  EXPECT_NE(Reason("text", Value::Bytes("ab")).find("blob of 2 bytes"), std::string::npos);
}

TEST_F(ConverterTest, BlobsKeepNulBytes) {
  Outcome o = Convert("bytea", Value::Bytes(std::string_view("\0a\0", 3)));
  ASSERT_TRUE(o.ok);
  EXPECT_EQ(o.value.bytes(), std::string_view("\0a\0", 3));
  EXPECT_EQ(Convert("bytea", Value::Text("hi")).value.bytes(), "hi");
  EXPECT_FALSE(Convert("bytea", Value::Int64(1)).ok);
}

TEST_F(ConverterTest, Booleans) {
  EXPECT_TRUE(Convert("boolean", Value::Int64(1)).value.bool_value());
  EXPECT_FALSE(Convert("boolean", Value::Int64(0)).value.bool_value());
  EXPECT_TRUE(Convert("boolean", Value::Text("TRUE")).value.bool_value());
  EXPECT_FALSE(Convert("boolean", Value::Text("f")).value.bool_value());
  EXPECT_EQ(Reason("boolean", Value::Int64(2)),
            "integer 2 is not a boolean (0, 1, 'true', 'false', 't' or 'f')");
}

// 2024-01-31 is day 19753 since 1970-01-01.
TEST_F(ConverterTest, DatesFromIsoTextUnixSecondsAndJulianDays) {
  EXPECT_EQ(Int("date", Value::Text("2024-01-31")), 19753);
  EXPECT_EQ(Int("date", Value::Text("2024-01-31 00:00:00")), 19753);
  EXPECT_EQ(Int("date", Value::Int64(1706659200)), 19753);  // unix seconds
  EXPECT_EQ(Int("date", Value::Int64(2460341)), 19753);     // Julian day (noon)
  EXPECT_EQ(Int("date", Value::Double(2460340.5)), 19753);  // Julian day (midnight)
  EXPECT_EQ(Int("date", Value::Text("1969-12-31")), -1);
  EXPECT_EQ(Reason("date", Value::Text("2024-02-30")), "'2024-02-30' is not a date (no such day)");
  EXPECT_EQ(Reason("date", Value::Text("31/01/2024")),
            "'31/01/2024' is not a date (expected YYYY-MM-DD[ HH:MM[:SS[.SSS]]])");
  EXPECT_NE(Reason("date", Value::Text("2024-01-31 10:00")).find("has a time of day"),
            std::string::npos);
}

TEST_F(ConverterTest, TimestampsFromTextAndNumbers) {
  const int64_t t = 1706659200LL * 1000000;  // 2024-01-31 00:00:00
  EXPECT_EQ(Int("timestamp", Value::Text("2024-01-31 00:00:00")), t);
  EXPECT_EQ(Int("timestamp", Value::Text("2024-01-31T01:02:03.5")), t + 3723500000LL);
  EXPECT_EQ(Int("timestamp", Value::Text("2024-01-31 01:00:00+01:00")), t);  // to UTC
  EXPECT_EQ(Int("timestamp", Value::Text("2024-01-31 00:00:00Z")), t);
  EXPECT_EQ(Int("timestamp", Value::Text("2024-01-31 00:00:00.000001")), t + 1);
  EXPECT_EQ(Int("timestamp", Value::Int64(1706659200)), t);
  EXPECT_EQ(Int("timestamp", Value::Double(1706659200.25)), t + 250000);
  EXPECT_EQ(Int("timestamp", Value::Double(2460340.5)), t);
  EXPECT_EQ(Int("timestamptz", Value::Text("2024-01-31")), t);
  EXPECT_FALSE(Convert("timestamp", Value::Text("2024-01-31 24:00:00")).ok);
  EXPECT_FALSE(Convert("timestamp", Value::Text("2024-01-31 00:00:00.0000001")).ok);
  EXPECT_FALSE(Convert("timestamp", Value::Int64(kMax)).ok);
  EXPECT_FALSE(Convert("timestamp", Value::Double(NAN)).ok);
}

TEST_F(ConverterTest, TimesOfDay) {
  EXPECT_EQ(Int("time", Value::Text("13:45")), (13 * 60 + 45) * 60 * 1000000LL);
  EXPECT_EQ(Int("time", Value::Text("00:00:01.5")), 1500000);
  EXPECT_FALSE(Convert("time", Value::Text("25:00")).ok);
}

TEST_F(ConverterTest, UuidsFromTextOrSixteenByteBlobs) {
  Outcome o = Convert("uuid", Value::Text("00112233-4455-6677-8899-AABBCCDDEEFF"));
  ASSERT_TRUE(o.ok);
  EXPECT_EQ(o.value.bytes(), std::string_view("\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa"
                                              "\xbb\xcc\xdd\xee\xff",
                                              16));
  EXPECT_EQ(static_cast<unsigned char>(o.value.bytes()[15]), 0xff);
  EXPECT_EQ(o.value.bytes().size(), 16u);
  EXPECT_TRUE(Convert("uuid", Value::Bytes(std::string(16, 'x'))).ok);
  EXPECT_FALSE(Convert("uuid", Value::Text("not-a-uuid")).ok);
}

TEST_F(ConverterTest, JsonIsValidated) {
  EXPECT_EQ(Text("jsonb", Value::Text("{\"a\": [1, 2]}")), "{\"a\": [1, 2]}");
  EXPECT_EQ(Text("jsonb", Value::Int64(5)), "5");
  EXPECT_NE(Reason("jsonb", Value::Text("{a:1}")).find("not valid JSON"), std::string::npos);
  EXPECT_NE(Reason("jsonb", Value::Text("\"\\u0000\"")).find("\\u0000"), std::string::npos);
}

}  // namespace
}  // namespace ferry
