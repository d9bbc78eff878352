#include "mapping/document_names.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(DocumentNamesTest, PathsBecomeSnakeCaseNames) {
  EXPECT_EQ(PathToName({"shipping", "zipCode"}), "shipping_zip_code");
  EXPECT_EQ(PathToName({"address line 2"}), "address_line_2");
  EXPECT_EQ(PathToName({"$exists"}), "exists");
  EXPECT_EQ(PathToName({"a.b"}), "a_b");
  EXPECT_EQ(PathToName({"\xEF\xBB\xBF"
                        "bom"}),
            "bom");
  EXPECT_EQ(PathToName({"$"}), "field");
  EXPECT_EQ(PathToName({"shipping", "zipCode"}, /*snake_case=*/false), "shipping_zipCode");
}

TEST(DocumentNamesTest, LongNamesAreShortenedDistinctly) {
  std::string a = PathToName({std::string(70, 'a') + "x"});
  std::string b = PathToName({std::string(70, 'a') + "y"});
  EXPECT_LE(a.size(), 63u);
  EXPECT_NE(a, b);
}

TEST(DocumentNamesTest, ClashesGetNumbered) {
  NameSet names;
  EXPECT_EQ(names.Claim("user_id"), "user_id");
  EXPECT_EQ(names.Claim("user_id"), "user_id_2");
  EXPECT_EQ(names.Claim("user_id"), "user_id_3");
}

TEST(DocumentNamesTest, PathTextJoinsKeysWithDots) { EXPECT_EQ(PathToText({"a", "b c"}), "a.b c"); }

}  // namespace
}  // namespace ferry
