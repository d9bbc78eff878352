#include "verify/canonical_json.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

std::string Canonical(std::string_view text) {
  JsonCanonicalizer canonicalizer;
  std::string out;
  Status s = canonicalizer.Append(text, &out);
  EXPECT_TRUE(s.ok()) << text << ": " << s.message();
  return out;
}

TEST(CanonicalJsonTest, KeyOrderDoesNotMatter) {
  EXPECT_EQ(Canonical(R"({"a":1,"b":{"x":true,"y":null}})"),
            Canonical(R"({"b":{"y":null,"x":true},"a":1})"));
}

TEST(CanonicalJsonTest, WhitespaceDoesNotMatter) {
  EXPECT_EQ(Canonical(R"({"a": [1, 2,3] })"), Canonical(R"({"a":[1,2,3]})"));
}

TEST(CanonicalJsonTest, NumbersCompareAsDecimals) {
  EXPECT_EQ(Canonical(R"({"n":1.0})"), Canonical(R"({"n":1})"));
  EXPECT_EQ(Canonical(R"([1e2, -0])"), Canonical(R"([100, 0])"));
  EXPECT_NE(Canonical(R"([12345678901234567890.1])"), Canonical(R"([12345678901234567890.2])"));
}

TEST(CanonicalJsonTest, EscapesAreCompared) {
  EXPECT_EQ(Canonical(R"({"name":"Andr\u00e9"})"), Canonical("{\"name\":\"Andr\xc3\xa9\"}"));
}

TEST(CanonicalJsonTest, ChangedNestedValueDiffers) {
  EXPECT_NE(Canonical(R"({"a":{"b":[1,{"c":"x"}]}})"), Canonical(R"({"a":{"b":[1,{"c":"y"}]}})"));
}

TEST(CanonicalJsonTest, NestedUnsortedObjectsAndRepeatedKeys) {
  // The last of repeated keys wins, as in jsonb; nesting is sorted level by level.
  EXPECT_EQ(Canonical(R"({"b":1,"a":{"d":[{"z":1,"y":2}],"c":2},"b":3})"),
            Canonical(R"({"a":{"c":2,"d":[{"y":2,"z":1}]},"b":3})"));
  EXPECT_NE(Canonical(R"({"b":1,"b":3})"), Canonical(R"({"b":1})"));
  EXPECT_NE(Canonical(R"({"a":1,"b":2})"), Canonical(R"({"a":1,"b":2,"c":3})"));
}

TEST(CanonicalJsonTest, ArrayOrderMatters) { EXPECT_NE(Canonical("[1,2]"), Canonical("[2,1]")); }

TEST(CanonicalJsonTest, TypesAreDistinct) {
  EXPECT_NE(Canonical(R"(["1"])"), Canonical("[1]"));
  EXPECT_NE(Canonical("[null]"), Canonical("[false]"));
  EXPECT_NE(Canonical("{}"), Canonical("[]"));
  EXPECT_NE(Canonical(R"([["a"],"b"])"), Canonical(R"([["a","b"]])"));
}

TEST(CanonicalJsonTest, LastDuplicateKeyWinsAsInJsonb) {
  EXPECT_EQ(Canonical(R"({"a":1,"a":2})"), Canonical(R"({"a":2})"));
}

TEST(CanonicalJsonTest, ScalarDocuments) {
  EXPECT_EQ(Canonical("1.50"), Canonical("1.5"));
  EXPECT_EQ(Canonical(R"("x")"), Canonical(R"( "x" )"));
  EXPECT_NE(Canonical("true"), Canonical("false"));
  EXPECT_NE(Canonical("null"), Canonical("0"));
}

TEST(CanonicalJsonTest, RejectsInvalidJson) {
  JsonCanonicalizer canonicalizer;
  std::string out;
  EXPECT_EQ(canonicalizer.Append(R"({"a":)", &out).code(), StatusCode::kDataError);
  EXPECT_EQ(canonicalizer.Append("[1,2", &out).code(), StatusCode::kDataError);
  EXPECT_EQ(canonicalizer.Append("1 2", &out).code(), StatusCode::kDataError);
  EXPECT_EQ(canonicalizer.Append("[1] 2", &out).code(), StatusCode::kDataError);
  EXPECT_EQ(canonicalizer.Append("{} {}", &out).code(), StatusCode::kDataError);
  EXPECT_EQ(canonicalizer.Append("", &out).code(), StatusCode::kDataError);
}

TEST(CanonicalJsonTest, ParserIsReusable) {
  JsonCanonicalizer canonicalizer;
  std::string first, second;
  ASSERT_TRUE(canonicalizer.Append(R"({"b":2,"a":1})", &first).ok());
  ASSERT_TRUE(canonicalizer.Append(R"({"a":1,"b":2})", &second).ok());
  EXPECT_EQ(first, second);
}

}  // namespace
}  // namespace ferry
