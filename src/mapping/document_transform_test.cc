#include "mapping/document_transform.h"

#include <gtest/gtest.h>

#include "mapping/bson_value.h"
#include "mapping/document_test_util.h"

namespace ferry {
namespace {

using testing::DocumentTableNamed;
using testing::Infer;
using testing::JsonDoc;

// Runs every document through the transform of table `t`; returns the rows as text.
class TransformRun {
 public:
  TransformRun(const std::vector<std::string>& sample, DocumentOptions options) {
    auto m = MapCollection(DocumentTableNamed("c"), Infer(sample), options, {});
    EXPECT_TRUE(m.ok());
    mapping_ = std::move(*m);
  }
  std::string Rows(size_t t, const std::vector<std::string>& docs, std::string* rejects = nullptr) {
    DocumentTransform transform(mapping_.tables[t]);
    Batch out(static_cast<int>(mapping_.tables[t].plan.target.columns.size()));
    for (const std::string& json : docs) {
      BsonHandle doc = JsonDoc(json);
      Value row[2] = {
          Value::Bytes({reinterpret_cast<const char*>(bson_get_data(doc.get())), doc->len}),
          Value::Null()};
      Rejection rejection;
      if (!transform.Apply(row, &out, &rejection) && rejects) *rejects += rejection.reason + "\n";
    }
    std::string text;
    for (size_t r = 0; r < out.num_rows(); ++r) {
      for (int c = 0; c < out.num_columns(); ++c) text += (c ? "|" : "") + Render(out.At(r, c));
      text += "\n";
    }
    return text;
  }

 private:
  static std::string Render(const Value& v) {
    switch (v.kind()) {
      case ValueKind::kNull:
        return "null";
      case ValueKind::kBool:
        return v.bool_value() ? "t" : "f";
      case ValueKind::kInt64:
        return std::to_string(v.int64_value());
      case ValueKind::kDouble:
        return DoubleToNumericText(v.double_value());
      case ValueKind::kText:
        return std::string(v.bytes());
      case ValueKind::kBytes:
        return "x" + HexBytes(reinterpret_cast<const uint8_t*>(v.bytes().data()), v.bytes().size());
    }
    return "?";
  }
  CollectionMapping mapping_;
};

TEST(DocumentTransformTest, FlattenFillsColumnsAndKeepsUnknownFieldsInExtra) {
  std::vector<std::string> sample = {
      R"({"_id":{"$oid":"55f14312c7447c3da7051b26"},"n":1,"a":{"b":"x"},"tags":["t"]})"};
  TransformRun run(sample, {});
  std::string doc =
      R"({"_id":{"$oid":"55f14312c7447c3da7051b26"},"n":2,"a":{"b":"y","new":1},"z":true})";
  EXPECT_EQ(run.Rows(0, {doc}),
            "x55f14312c7447c3da7051b2600000000|2|y|null|{\"a.new\":1,\"z\":true}\n");
}

TEST(DocumentTransformTest, ValuesConvertExactly) {
  std::vector<std::string> sample = {
      R"({"_id":1,"big":{"$numberLong":"9223372036854775807"},"dec":{"$numberDecimal":"-1.5E+3"},
          "nan":{"$numberDecimal":"NaN"},"d":{"$date":"1960-01-01T00:00:00Z"},
          "bin":{"$binary":{"base64":"AQID","subType":"00"}},
          "u":{"$binary":{"base64":"AAECAwQFBgcICQoLDA0ODw==","subType":"04"}},
          "re":{"$regularExpression":{"pattern":"^a","options":"i"}},"ts":{"$timestamp":{"t":5,"i":1}},
          "mk":{"$minKey":1}})"};
  TransformRun run(sample, {});
  EXPECT_EQ(run.Rows(0, sample),
            "1|9223372036854775807|-1500|NaN|-315619200000000|x010203|"
            "x000102030405060708090a0b0c0d0e0f|"
            "{ \"$regularExpression\" : { \"pattern\" : \"^a\", \"options\" : \"i\" } }|"
            "{ \"$timestamp\" : { \"t\" : 5, \"i\" : 1 } }|{ \"$minKey\" : 1 }|null\n");
}

TEST(DocumentTransformTest, RejectsNameTheIdTheFieldAndTheFix) {
  TransformRun run({R"({"_id":7,"n":1})"}, {});
  std::string rejects;
  EXPECT_EQ(run.Rows(0,
                     {R"({"_id":8,"n":"x"})",
                      R"({"_id":9,"n":{"$date":{"$numberLong":"-9223372036854775808"}}})"},
                     &rejects),
            "");
  EXPECT_NE(rejects.find("document _id 8: field 'n': a string \"x\" does not fit integer"),
            std::string::npos)
      << rejects;
  EXPECT_NE(rejects.find("document _id 9"), std::string::npos);
}

TEST(DocumentTransformTest, DatesOutOfRangeAreRejected) {
  TransformRun run({R"({"_id":1,"d":{"$date":"2020-01-01T00:00:00Z"}})"}, {});
  std::string rejects;
  run.Rows(0, {R"({"_id":2,"d":{"$date":{"$numberLong":"-9223372036854775808"}}})"}, &rejects);
  EXPECT_NE(rejects.find("outside PostgreSQL's timestamptz range"), std::string::npos) << rejects;
}

TEST(DocumentTransformTest, NormalizeEmitsOneRowPerElementWithParentKeyAndOrdinal) {
  std::vector<std::string> docs = {
      R"({"_id":1,"items":[{"sku":"a"},{"sku":"b","parts":[{"n":5}]}]})",
      R"({"_id":2,"items":[]})"};
  TransformRun run(docs, {.mode = DocumentMode::kNormalize});
  EXPECT_EQ(run.Rows(0, docs), "1|null\n2|null\n");
  EXPECT_EQ(run.Rows(1, docs), "1|0|a|null\n1|1|b|null\n");
  EXPECT_EQ(run.Rows(2, docs), "1|1|0|5|null\n");
}

TEST(DocumentTransformTest, JsonbModeKeepsTheWholeDocument) {
  std::vector<std::string> docs = {R"({"_id":"k","a":{"b":[1,2]}})"};
  TransformRun run(docs, {.mode = DocumentMode::kJsonb});
  EXPECT_EQ(run.Rows(0, docs), "k|{\"_id\":\"k\",\"a\":{\"b\":[1,2]}}\n");
}

TEST(DocumentTransformTest, KeyGivenTwiceInBsonIsRejectedNotOverwritten) {
  TransformRun run({R"({"_id":1,"a":1})"}, {.mode = DocumentMode::kFlatten, .depth = 2});
  std::string rejects;
  EXPECT_EQ(run.Rows(0, {R"({"_id":2,"a":1,"a":2})", R"({"_id":3,"a":3})"}, &rejects),
            "3|3|null\n");
  EXPECT_NE(rejects.find("document _id 2: field 'a' appears twice"), std::string::npos) << rejects;
  rejects.clear();
  EXPECT_EQ(run.Rows(0, {R"({"_id":4,"u":1,"u":2})", R"({"_id":5,"o":{"k":1,"k":2}})"}, &rejects),
            "");
  EXPECT_NE(rejects.find("document _id 4: fields for _extra cannot be written"), std::string::npos)
      << rejects;
  EXPECT_NE(rejects.find("document _id 5: fields for _extra"), std::string::npos) << rejects;
}

TEST(DocumentTransformTest, UnreadableRecordWithItsTextIsRejectedWithItsError) {
  auto m = MapCollection(DocumentTableNamed("c"), Infer({R"({"_id":1})"}),
                         {.mode = DocumentMode::kFlatten, .depth = 2}, {});
  ASSERT_TRUE(m.ok());
  DocumentTransform transform(m->tables[0]);
  Batch out(static_cast<int>(m->tables[0].plan.target.columns.size()));
  Value row[2] = {Value::Text("{\"_id\": oops}"), Value::Text("'c.json' line 2: bad")};
  Rejection rejection;
  EXPECT_FALSE(transform.Apply(row, &out, &rejection));
  EXPECT_EQ(rejection.reason, "'c.json' line 2: bad");
  EXPECT_EQ(out.num_rows(), 0u);
}

}  // namespace
}  // namespace ferry
