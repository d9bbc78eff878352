#include "core/json_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace ferry {
namespace {

std::string Json(const Value& v) {
  std::string out;
  AppendJsonValue(v, &out);
  return out;
}

TEST(JsonTextTest, EscapesStringsAndKeepsUnicode) {
  EXPECT_EQ(Json(Value::Text("a\"b\\c\nd\x01 é")), "\"a\\\"b\\\\c\\nd\\u0001 é\"");
  EXPECT_EQ(Json(Value::Text("\xff")), "\"\\u00ff\"");
  EXPECT_TRUE(IsValidUtf8("héllo 日本"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));
}

TEST(JsonTextTest, WritesEveryKind) {
  EXPECT_EQ(Json(Value::Null()), "null");
  EXPECT_EQ(Json(Value::Bool(true)), "true");
  EXPECT_EQ(Json(Value::Int64(std::numeric_limits<int64_t>::min())), "-9223372036854775808");
  EXPECT_EQ(Json(Value::Double(1.5)), "1.5");
  EXPECT_EQ(Json(Value::Double(std::nan(""))), "\"NaN\"");
  EXPECT_EQ(Json(Value::Double(-INFINITY)), "\"-Infinity\"");
  EXPECT_EQ(Json(Value::Bytes(std::string_view("\0ab", 3))), "{\"$base64\":\"AGFi\"}");
  EXPECT_EQ(Json(Value::Bytes("abcd")), "{\"$base64\":\"YWJjZA==\"}");
}

}  // namespace
}  // namespace ferry
