#include "mapping/type_name.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(TypeNameTest, SplitsBaseAndArguments) {
  TypeName n = SplitTypeName("  decimal ( 10 , 2 ) ");
  EXPECT_EQ(n.base, "DECIMAL");
  EXPECT_EQ(n.args, (std::vector<int>{10, 2}));
  EXPECT_TRUE(n.has_args);
  EXPECT_TRUE(n.valid);
}

TEST(TypeNameTest, CollapsesBlanksInMultiWordNames) {
  EXPECT_EQ(SplitTypeName("unsigned   big\tint").base, "UNSIGNED BIG INT");
  EXPECT_FALSE(SplitTypeName("TEXT").has_args);
}

TEST(TypeNameTest, MalformedArgumentsAreInvalid) {
  EXPECT_FALSE(SplitTypeName("VARCHAR(ten)").valid);
  EXPECT_FALSE(SplitTypeName("VARCHAR(10").valid);
  EXPECT_FALSE(SplitTypeName("VARCHAR(10) x").valid);
  EXPECT_TRUE(SplitTypeName("DECIMAL(+10)").valid);  // SQLite accepts a signed number
}

}  // namespace
}  // namespace ferry
