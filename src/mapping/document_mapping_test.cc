#include "mapping/document_mapping.h"

#include <gtest/gtest.h>

#include "mapping/document_test_util.h"

namespace ferry {
namespace {

using testing::DocumentTableNamed;
using testing::Infer;

std::string Columns(const DocumentTable& table) {
  std::string out;
  for (const Column& c : table.plan.target.columns) {
    out += (out.empty() ? "" : ", ") + c.name + " " + std::string(LogicalTypeName(c.type));
  }
  return out;
}

CollectionMapping Map(const std::vector<std::string>& docs, DocumentOptions options,
                      CollectionOverrides overrides = {}) {
  auto mapping = MapCollection(DocumentTableNamed("orders"), Infer(docs), options, overrides);
  EXPECT_TRUE(mapping.ok()) << mapping.status().message();
  return mapping.ok() ? std::move(*mapping) : CollectionMapping{};
}

const std::vector<std::string> kOrders = {
    R"({"_id":{"$oid":"55f14312c7447c3da7051b26"},"customerId":{"$oid":"55f14312c7447c3da7051b27"},
        "shipping":{"zip":"75001","geo":{"lat":1.5,"lng":2}},
        "items":[{"sku":"a","qty":1},{"sku":"b","qty":2,"parts":[{"n":1}]}],"tags":["x"]})",
    R"({"_id":{"$oid":"55f14312c7447c3da7051b28"},"shipping":{"zip":"10001"},"items":[]})"};

TEST(DocumentMappingTest, FlattenMakesNestedObjectsColumnsToTheDepth) {
  CollectionMapping m = Map(kOrders, {.mode = DocumentMode::kFlatten, .depth = 2});
  ASSERT_EQ(m.tables.size(), 1u);
  EXPECT_EQ(Columns(m.tables[0]),
            "_id uuid, customer_id uuid, shipping_zip text, shipping_geo json, items json, "
            "tags json, _extra json");
  EXPECT_EQ(m.tables[0].plan.target.primary_key, std::vector<std::string>{"_id"});
}

TEST(DocumentMappingTest, DepthOneKeepsNestedObjectsAsJson) {
  CollectionMapping m = Map(kOrders, {.mode = DocumentMode::kFlatten, .depth = 1});
  EXPECT_EQ(Columns(m.tables[0]),
            "_id uuid, customer_id uuid, shipping json, items json, tags json, _extra json");
}

TEST(DocumentMappingTest, JsonbModeIsIdAndDocument) {
  CollectionMapping m = Map(kOrders, {.mode = DocumentMode::kJsonb});
  EXPECT_EQ(Columns(m.tables[0]), "_id uuid, document json");
}

TEST(DocumentMappingTest, NormalizeMakesChildTablesRecursively) {
  CollectionMapping m = Map(kOrders, {.mode = DocumentMode::kNormalize, .depth = 2});
  ASSERT_EQ(m.tables.size(), 3u);
  EXPECT_EQ(Columns(m.tables[0]),
            "_id uuid, customer_id uuid, shipping_zip text, shipping_geo json, tags json, "
            "_extra json");
  EXPECT_EQ(m.tables[1].plan.target.name, "orders_items");
  EXPECT_EQ(Columns(m.tables[1]),
            "orders_id uuid, ordinal int32, sku text, qty int32, _extra json");
  EXPECT_EQ(m.tables[2].plan.target.name, "orders_items_parts");
  EXPECT_EQ(Columns(m.tables[2]),
            "orders_id uuid, orders_items_ordinal int32, ordinal int32, n int32, _extra json");
  const ForeignKey& fk = m.tables[2].plan.target.foreign_keys.at(0);
  EXPECT_EQ(fk.referenced_table, "orders_items");
  EXPECT_EQ(fk.columns, (std::vector<std::string>{"orders_id", "orders_items_ordinal"}));
  EXPECT_EQ(fk.referenced_columns, (std::vector<std::string>{"orders_id", "ordinal"}));
}

TEST(DocumentMappingTest, OverridesRenameRetypeAndExclude) {
  CollectionOverrides o;
  o.name = "purchase";
  o.fields["shipping.zip"].name = "postcode";
  o.fields["shipping.geo"].type = LogicalType::kText;
  o.fields["tags"].exclude = true;
  CollectionMapping m = Map(kOrders, {.mode = DocumentMode::kFlatten, .depth = 2}, o);
  EXPECT_EQ(m.tables[0].plan.target.name, "purchase");
  EXPECT_EQ(
      Columns(m.tables[0]),
      "_id uuid, customer_id uuid, postcode text, shipping_geo text, items json, _extra json");
  ASSERT_EQ(m.skipped.size(), 1u);
  EXPECT_EQ(m.skipped[0].name, "purchase.tags");
}

// Given a field and an array whose names pass 63 bytes, a PostgreSQL target
// gets them shortened (the child table's whole name too: PostgreSQL would cut
// it silently), a target without a limit (SQLite) gets them whole, with its
// storage rule in each column's reason.
TEST(DocumentMappingTest, NamesFollowTheTargetsLimitAndReasonsItsStorageRule) {
  std::string field(70, 'f');
  std::string list(60, 'l');
  std::vector<std::string> docs = {"{\"_id\": 1, \"" + field + "\": 2, \"" + list +
                                   "\": [{\"a\": 1}]}"};
  DocumentOptions pg{.mode = DocumentMode::kNormalize};
  CollectionMapping shortened = Map(docs, pg);
  ASSERT_EQ(shortened.tables.size(), 2u);
  for (const Column& c : shortened.tables[0].plan.target.columns) EXPECT_LE(c.name.size(), 63u);
  EXPECT_EQ(shortened.tables[1].plan.target.name.size(), 63u);
  EXPECT_TRUE(shortened.tables[1].plan.target.name.starts_with("orders_lll"));

  DocumentOptions sqlite{.mode = DocumentMode::kNormalize};
  sqlite.dialect.name = "SQLite target";
  sqlite.dialect.max_identifier_bytes = 0;
  sqlite.dialect.storage_rule = [](const Column& c) { return "rule of " + c.name; };
  CollectionMapping whole = Map(docs, sqlite);
  ASSERT_EQ(whole.tables.size(), 2u);
  const DocumentTable& root = whole.tables[0];
  EXPECT_EQ(root.plan.target.columns[1].name, field);
  EXPECT_EQ(whole.tables[1].plan.target.name, "orders_" + list);
  EXPECT_NE(root.plan.columns[1].reason.find("; SQLite target: rule of " + field),
            std::string::npos)
      << root.plan.columns[1].reason;
}

TEST(DocumentMappingTest, MixedIdsGetJsonAndOddKeysGetSafeNames) {
  CollectionMapping m = Map(
      {R"({"_id":1,"$exists":true,"a b.c":1,"\uFEFFbom":2,"userID":3})", R"({"_id":"ac3"})"}, {});
  EXPECT_EQ(Columns(m.tables[0]),
            "_id json, exists bool, a_b_c int32, bom int32, user_id int32, _extra json");
}

TEST(DocumentMappingTest, NotNullOnlyWhenTheSampleWasComplete) {
  std::vector<std::string> docs = {R"({"_id":1,"a":1,"b":1})", R"({"_id":2,"a":2})"};
  CollectionMapping partial = Map(docs, {});
  EXPECT_TRUE(partial.tables[0].plan.target.columns[1].nullable);
  CollectionMapping complete = Map(docs, {.sample_complete = true});
  EXPECT_FALSE(complete.tables[0].plan.target.columns[0].nullable);
  EXPECT_FALSE(complete.tables[0].plan.target.columns[1].nullable);
  EXPECT_TRUE(complete.tables[0].plan.target.columns[2].nullable);
}

TEST(DocumentMappingTest, IndexesOnColumnsTranslateOthersAreListed) {
  TableSchema source = DocumentTableNamed("orders");
  source.indexes.push_back({"zip_1", {"shipping.zip"}, true, ""});
  source.indexes.push_back({"sku_1", {"items.sku DESC"}, false, ""});
  auto m = MapCollection(source, Infer(kOrders), {}, {});
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->tables[0].plan.target.indexes.size(), 1u);
  EXPECT_EQ(m->tables[0].plan.target.indexes[0].columns, std::vector<std::string>{"shipping_zip"});
  EXPECT_TRUE(m->tables[0].plan.target.indexes[0].unique);
  ASSERT_EQ(m->skipped.size(), 1u);
  EXPECT_EQ(m->skipped[0].name, "orders.sku_1");
}

TEST(DocumentMappingTest, MoreThanAThousandTopLevelFieldsKeepIdAndCommonFieldsAsColumns) {
  std::vector<std::string> docs;
  for (int i = 0; i < 1200; ++i) {
    docs.push_back("{\"_id\":" + std::to_string(i) + ",\"common\":\"c\",\"unique_" +
                   std::to_string(i) + "\":" + std::to_string(i) + "}");
  }
  CollectionMapping m = Map(docs, {.mode = DocumentMode::kFlatten, .depth = 2});
  ASSERT_EQ(m.tables.size(), 1u);
  EXPECT_EQ(Columns(m.tables[0]), "_id int32, common text, _extra json");
  EXPECT_EQ(m.tables[0].plan.target.primary_key, std::vector<std::string>{"_id"});
  ASSERT_EQ(m.tables[0].plan.warnings.size(), 1u);
  EXPECT_NE(m.tables[0].plan.warnings[0].find("go to _extra"), std::string::npos);
}

}  // namespace
}  // namespace ferry
