#include "core/key_bound.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ferry {
namespace {

KeyPart Part(ValueKind kind, int64_t i = 0, double d = 0, std::string bytes = "") {
  KeyPart part;
  part.kind = kind;
  part.int_value = i;
  part.double_value = d;
  part.bytes = std::move(bytes);
  return part;
}

TEST(KeyBoundTest, EveryKindRoundTripsExactly) {
  std::vector<KeyPart> parts = {
      Part(ValueKind::kInt64, INT64_MIN), Part(ValueKind::kDouble, 0, 0.1 + 0.2),
      Part(ValueKind::kText, 0, 0, "a b,c\"é"),
      Part(ValueKind::kBytes, 0, 0, std::string("\0\xff", 2)), Part(ValueKind::kText, 0, 0, "")};
  std::string text = EncodeKeyBound(parts);
  Result<std::vector<KeyPart>> back = DecodeKeyBound(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, parts) << text;
}

TEST(KeyBoundTest, EmptyBoundIsEmptyText) {
  EXPECT_EQ(EncodeKeyBound({}), "");
  EXPECT_TRUE(DecodeKeyBound("")->empty());
}

TEST(KeyBoundTest, GarbageIsCorruption) {
  EXPECT_EQ(DecodeKeyBound("x:1").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(DecodeKeyBound("t:abc").status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace ferry
