#include "mapping/bson_json.h"

#include <gtest/gtest.h>

#include "mapping/document_test_util.h"

namespace ferry {
namespace {

std::string Json(const std::string& extended_json) {
  BsonHandle doc = testing::JsonDoc(extended_json);
  std::string out;
  EXPECT_TRUE(BsonDocumentToJson(doc.get(), &out));
  return out;
}

TEST(BsonJsonTest, DoublesAreShortestAndKeepTheirKind) {
  EXPECT_EQ(Json(R"({"a":48.8,"b":1.0,"c":{"$numberDouble":"NaN"},"d":-1e300})"),
            R"({"a":48.8,"b":1.0,"c":{"$numberDouble":"NaN"},"d":-1e+300})");
}

TEST(BsonJsonTest, NumbersStringsAndNestingAreRelaxed) {
  EXPECT_EQ(Json(R"({"i":{"$numberInt":"-5"},"l":{"$numberLong":"9223372036854775807"},)"
                 R"("s":"é\"\n","n":null,"t":true,"x":[{"y":[]},{}]})"),
            R"({"i":-5,"l":9223372036854775807,"s":"é\"\n","n":null,"t":true,"x":[{"y":[]},{}]})");
}

TEST(BsonJsonTest, OtherTypesUseExtendedJson) {
  std::string out = Json(R"({"o":{"$oid":"55f14312c7447c3da7051b26"},)"
                         R"("d":{"$date":"2020-01-02T03:04:05.006Z"},)"
                         R"("m":{"$maxKey":1},"dec":{"$numberDecimal":"1.10"}})");
  std::string compact;
  for (char c : out) {
    if (c != ' ') compact += c;
  }
  EXPECT_EQ(compact,
            R"({"o":{"$oid":"55f14312c7447c3da7051b26"},"d":{"$date":"2020-01-02T03:04:05.006Z"},)"
            R"("m":{"$maxKey":1},"dec":{"$numberDecimal":"1.10"}})");
}

TEST(BsonJsonTest, KeyGivenTwiceInBsonIsNotWrittenAsJsonThatLosesAValue) {
  std::string out;
  EXPECT_FALSE(BsonDocumentToJson(testing::JsonDoc(R"({"a":{"k":1,"k":2}})").get(), &out));
  std::string many = "{";
  for (int i = 0; i < 40; ++i) many += "\"k" + std::to_string(i) + "\":1,";
  EXPECT_TRUE(BsonDocumentToJson(testing::JsonDoc(many + "\"z\":1}").get(), &out));
  EXPECT_FALSE(BsonDocumentToJson(testing::JsonDoc(many + "\"k7\":2}").get(), &out));
  // Rejects show the document as it is.
  out.clear();
  EXPECT_TRUE(AppendBsonDocumentJsonAsIs(testing::JsonDoc(R"({"k":1,"k":2})").get(), &out));
  EXPECT_EQ(out, R"({"k":1,"k":2})");
}

}  // namespace
}  // namespace ferry
