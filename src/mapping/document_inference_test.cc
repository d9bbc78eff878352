#include "mapping/document_inference.h"

#include <gtest/gtest.h>

#include "mapping/document_test_util.h"

namespace ferry {
namespace {

using testing::Infer;

LogicalType TypeOf(const std::vector<std::string>& docs, const std::string& key) {
  DocumentInference inference = Infer(docs);
  const FieldStats* stats = inference.root().Child(key);
  EXPECT_NE(stats, nullptr);
  return stats == nullptr ? LogicalType::kText : InferColumnType(*stats, ObjectIdMode::kUuid).type;
}

TEST(DocumentInferenceTest, WideningRules) {
  EXPECT_EQ(TypeOf({R"({"a":1})", R"({"a":2})"}, "a"), LogicalType::kInt32);
  EXPECT_EQ(TypeOf({R"({"a":1})", R"({"a":{"$numberLong":"5000000000"}})"}, "a"),
            LogicalType::kInt64);
  EXPECT_EQ(TypeOf({R"({"a":1})", R"({"a":2.5})"}, "a"), LogicalType::kFloat64);
  EXPECT_EQ(TypeOf({R"({"a":1})", R"({"a":{"$numberDecimal":"2.5"}})"}, "a"),
            LogicalType::kNumeric);
  EXPECT_EQ(TypeOf({R"({"a":1})", R"({"a":"x"})"}, "a"), LogicalType::kJson);
  EXPECT_EQ(TypeOf({R"({"a":null})", R"({"a":"x"})"}, "a"), LogicalType::kText);
  EXPECT_EQ(TypeOf({R"({"a":{"$date":"2020-01-01T00:00:00Z"}})"}, "a"), LogicalType::kTimestampTz);
  EXPECT_EQ(TypeOf({R"({"a":{"$oid":"55f14312c7447c3da7051b26"}})"}, "a"), LogicalType::kUuid);
  EXPECT_EQ(
      TypeOf({R"({"a":{"$binary":{"base64":"AAAAAAAAAAAAAAAAAAAAAA==","subType":"04"}}})"}, "a"),
      LogicalType::kUuid);
  EXPECT_EQ(TypeOf({R"({"a":{"$binary":{"base64":"AAAA","subType":"00"}}})"}, "a"),
            LogicalType::kBytes);
  EXPECT_EQ(TypeOf({R"({"a":{"$regularExpression":{"pattern":"x","options":""}}})"}, "a"),
            LogicalType::kJson);
  EXPECT_EQ(TypeOf({R"({"a":null})"}, "a"), LogicalType::kJson);
}

TEST(DocumentInferenceTest, CountsPresenceAndNulls) {
  DocumentInference inference = Infer({R"({"a":1,"b":null})", R"({"a":2})", R"({"a":3})"});
  EXPECT_EQ(inference.documents(), 3);
  EXPECT_EQ(inference.root().Child("a")->present, 3);
  EXPECT_EQ(inference.root().Child("b")->present, 1);
  EXPECT_EQ(inference.root().Child("b")->non_null(), 0);
}

TEST(DocumentInferenceTest, ObjectsKeyedByIdsAreDataKeyed) {
  std::vector<std::string> docs;
  for (int i = 0; i < 20; ++i) {
    docs.push_back(R"({"votes":{")" + std::to_string(1000 + i) + R"(":1,")" +
                   std::to_string(2000 + i) + R"(":2},"address":{"city":"x","zip":"1"}})");
  }
  DocumentInference inference = Infer(docs);
  EXPECT_TRUE(IsDataKeyed(*inference.root().Child("votes")));
  EXPECT_FALSE(IsDataKeyed(*inference.root().Child("address")));
}

TEST(DocumentInferenceTest, TooManyKeysStopsTrackingThem) {
  std::string doc = "{\"m\":{";
  for (size_t i = 0; i <= kMaxTrackedKeys; ++i) {
    doc += (i ? "," : "") + std::string("\"k") + std::to_string(i) + "\":1";
  }
  DocumentInference inference = Infer({doc + "}}"});
  const FieldStats* m = inference.root().Child("m");
  EXPECT_TRUE(m->too_many_keys);
  EXPECT_TRUE(m->children.empty());
  EXPECT_TRUE(IsDataKeyed(*m));
}

}  // namespace
}  // namespace ferry
