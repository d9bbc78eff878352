#include "digest/row_hasher.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace ferry {
namespace {

Column Col(std::string name, LogicalType type) {
  Column column;
  column.name = std::move(name);
  column.type = type;
  return column;
}

TableSchema OneColumn(LogicalType type) {
  TableSchema table;
  table.name = "t";
  table.columns = {Col("id", LogicalType::kInt64), Col("v", type)};
  table.primary_key = {"id"};
  return table;
}

Hash128 HashOf(LogicalType type, Value v, HashOptions options = {}) {
  RowHasher hasher(OneColumn(type), options);
  Value row[2] = {Value::Int64(1), v};
  Result<Hash128> h = hasher.HashRow(row);
  EXPECT_TRUE(h.ok()) << h.status().message();
  return h.ok() ? *h : Hash128{};
}

TEST(RowHasherTest, EqualRowsHashEqualAndDifferentRowsDiffer) {
  EXPECT_EQ(HashOf(LogicalType::kText, Value::Text("abc")),
            HashOf(LogicalType::kText, Value::Text("abc")));
  EXPECT_NE(HashOf(LogicalType::kText, Value::Text("abc")),
            HashOf(LogicalType::kText, Value::Text("abd")));
}

TEST(RowHasherTest, IntegersHashByValueWhateverTheirWidth) {
  EXPECT_EQ(HashOf(LogicalType::kInt16, Value::Int64(42)),
            HashOf(LogicalType::kInt64, Value::Int64(42)));
  EXPECT_EQ(HashOf(LogicalType::kInt32, Value::Int64(-7)),
            HashOf(LogicalType::kInt64, Value::Int64(-7)));
  EXPECT_NE(HashOf(LogicalType::kInt64, Value::Int64(42)),
            HashOf(LogicalType::kInt64, Value::Int64(43)));
}

TEST(RowHasherTest, FloatsHashByExactBinaryValue) {
  double x = 0.1;
  double next = std::nextafter(x, 1.0);
  EXPECT_NE(HashOf(LogicalType::kFloat64, Value::Double(x)),
            HashOf(LogicalType::kFloat64, Value::Double(next)));
  EXPECT_EQ(HashOf(LogicalType::kFloat64, Value::Double(0.1 + 0.2)),
            HashOf(LogicalType::kFloat64, Value::Double(0.30000000000000004)));
}

TEST(RowHasherTest, NegativeZeroAndNaNsAreCanonical) {
  EXPECT_EQ(HashOf(LogicalType::kFloat64, Value::Double(-0.0)),
            HashOf(LogicalType::kFloat64, Value::Double(0.0)));
  EXPECT_EQ(
      HashOf(LogicalType::kFloat64, Value::Double(std::nan("1"))),
      HashOf(LogicalType::kFloat64, Value::Double(-std::numeric_limits<double>::quiet_NaN())));
}

TEST(RowHasherTest, Float32ColumnsCompareAsFloat) {
  // A source double 0.1 stored in a real column reads back as (float)0.1.
  EXPECT_EQ(HashOf(LogicalType::kFloat32, Value::Double(0.1)),
            HashOf(LogicalType::kFloat32, Value::Double(static_cast<float>(0.1))));
  EXPECT_NE(HashOf(LogicalType::kFloat64, Value::Double(0.1)),
            HashOf(LogicalType::kFloat64, Value::Double(static_cast<float>(0.1))));
}

TEST(RowHasherTest, NumericsAreNormalised) {
  EXPECT_EQ(HashOf(LogicalType::kNumeric, Value::Text("1.0")),
            HashOf(LogicalType::kNumeric, Value::Text("1")));
  EXPECT_EQ(HashOf(LogicalType::kNumeric, Value::Text("-0.00")),
            HashOf(LogicalType::kNumeric, Value::Text("0")));
  EXPECT_NE(HashOf(LogicalType::kNumeric, Value::Text("0.99")),
            HashOf(LogicalType::kNumeric, Value::Text("0.98")));
}

TEST(RowHasherTest, TimestampsDifferByOneMicrosecond) {
  int64_t t = 1700000000123456;
  EXPECT_NE(HashOf(LogicalType::kTimestampTz, Value::Int64(t)),
            HashOf(LogicalType::kTimestampTz, Value::Int64(t + 1)));
}

TEST(RowHasherTest, TextIsComparedByBytesNotCollation) {
  // "é" precomposed vs "e" + combining acute: different data, different hashes.
  EXPECT_NE(HashOf(LogicalType::kText, Value::Text("caf\xc3\xa9")),
            HashOf(LogicalType::kText, Value::Text("cafe\xcc\x81")));
}

TEST(RowHasherTest, TrailingSpacesCountInTextButNotInCharN) {
  auto hash = [](const std::string& native_type, std::string_view text) {
    TableSchema table = OneColumn(LogicalType::kText);
    table.columns[1].native_type = native_type;
    RowHasher hasher(table);
    Value row[2] = {Value::Int64(1), Value::Text(text)};
    return *hasher.HashRow(row);
  };
  EXPECT_EQ(hash("char(4)", "ab"), hash("char(4)", "ab  "));
  EXPECT_EQ(hash("CHARACTER(4)", "ab"), hash("CHARACTER(4)", "ab  "));
  EXPECT_NE(hash("char(4)", "ab"), hash("char(4)", " ab"));
  EXPECT_NE(hash("text", "ab"), hash("text", "ab  "));
  EXPECT_NE(hash("varchar(4)", "ab"), hash("varchar(4)", "ab  "));
  EXPECT_TRUE(IsBlankPaddedType("bpchar"));
  EXPECT_FALSE(IsBlankPaddedType("character varying(4)"));
}

TEST(RowHasherTest, JsonKeyOrderAndNumberSpellingDoNotMatter) {
  EXPECT_EQ(HashOf(LogicalType::kJson, Value::Text(R"({"a":1.0,"b":[true]})")),
            HashOf(LogicalType::kJson, Value::Text(R"({"b": [true], "a": 1})")));
  EXPECT_NE(HashOf(LogicalType::kJson, Value::Text(R"({"a":{"b":1}})")),
            HashOf(LogicalType::kJson, Value::Text(R"({"a":{"b":2}})")));
}

TEST(RowHasherTest, NullDiffersFromEveryValue) {
  Hash128 null_hash = HashOf(LogicalType::kText, Value::Null());
  EXPECT_NE(null_hash, HashOf(LogicalType::kText, Value::Text("")));
  EXPECT_NE(HashOf(LogicalType::kInt64, Value::Null()),
            HashOf(LogicalType::kInt64, Value::Int64(0)));
}

TEST(RowHasherTest, AdjacentTextColumnsDoNotRunTogether) {
  TableSchema table;
  table.columns = {Col("a", LogicalType::kText), Col("b", LogicalType::kText)};
  RowHasher hasher(table);
  Value first[2] = {Value::Text("ab"), Value::Text("c")};
  Value second[2] = {Value::Text("a"), Value::Text("bc")};
  EXPECT_NE(*hasher.HashRow(first), *hasher.HashRow(second));
}

TEST(RowHasherTest, WrongRepresentationIsAnErrorNamingTheColumn) {
  RowHasher hasher(OneColumn(LogicalType::kDate));
  Value row[2] = {Value::Int64(1), Value::Text("2024-01-31")};
  Result<Hash128> h = hasher.HashRow(row);
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.status().message().find("\"v\""), std::string::npos) << h.status().message();
}

TEST(RowHasherTest, InvalidJsonIsADataErrorNamingTheColumn) {
  RowHasher hasher(OneColumn(LogicalType::kJson));
  Value row[2] = {Value::Int64(1), Value::Text("{not json")};
  Result<Hash128> h = hasher.HashRow(row);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().code(), StatusCode::kDataError);
  EXPECT_NE(h.status().message().find("\"v\""), std::string::npos);
}

TEST(RowHasherTest, UuidMustBeSixteenBytes) {
  RowHasher hasher(OneColumn(LogicalType::kUuid));
  Value row[2] = {Value::Int64(1), Value::Bytes("short")};
  EXPECT_FALSE(hasher.HashRow(row).ok());
}

TEST(RowHasherTest, ToleranceLeavesFloatValuesOutOfTheHash) {
  HashOptions tolerant{.float_tolerance = 1e-9};
  EXPECT_EQ(HashOf(LogicalType::kFloat64, Value::Double(1.0), tolerant),
            HashOf(LogicalType::kFloat64, Value::Double(2.0), tolerant));
  EXPECT_NE(HashOf(LogicalType::kFloat64, Value::Double(1.0), tolerant),
            HashOf(LogicalType::kFloat64, Value::Null(), tolerant));
}

TEST(RowHasherTest, FloatsWithinTolerance) {
  EXPECT_TRUE(FloatsWithinTolerance(1.0, 1.0 + 1e-12, 1e-9));
  EXPECT_FALSE(FloatsWithinTolerance(1.0, 1.001, 1e-9));
  EXPECT_TRUE(FloatsWithinTolerance(std::nan(""), std::nan(""), 1e-9));
  EXPECT_FALSE(FloatsWithinTolerance(0.0, std::nan(""), 1e-9));
}

TEST(RowHasherTest, KeysCompareByCanonicalValue) {
  TableSchema table = OneColumn(LogicalType::kText);
  RowHasher hasher(table);
  Value a[2] = {Value::Int64(10), Value::Text("x")};
  Value b[2] = {Value::Int64(10), Value::Text("y")};
  Value c[2] = {Value::Int64(11), Value::Text("x")};
  std::string ka, kb, kc;
  ASSERT_TRUE(hasher.AppendKey(a, &ka).ok());
  ASSERT_TRUE(hasher.AppendKey(b, &kb).ok());
  ASSERT_TRUE(hasher.AppendKey(c, &kc).ok());
  EXPECT_EQ(ka, kb);
  EXPECT_NE(ka, kc);
}

TEST(Hash128Test, AdditionCarriesAndIsOrderIndependent) {
  Hash128 a{~0ULL, 1}, b{1, 2}, c{5, 7};
  Hash128 x = a;
  x += b;
  EXPECT_EQ(x, (Hash128{0, 4}));
  Hash128 left = a, right = c;
  left += b;
  left += c;
  right += b;
  right += a;
  EXPECT_EQ(left, right);
  EXPECT_EQ((Hash128{1, 2}).ToHex(), "00000000000000020000000000000001");
}

}  // namespace
}  // namespace ferry
