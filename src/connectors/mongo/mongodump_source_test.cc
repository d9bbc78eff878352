#include "connectors/mongo/mongodump_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/bson_handles.h"
#include "core/document_row.h"

namespace ferry {
namespace {

namespace fs = std::filesystem;

class MongoDumpSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ferry_dump_" + std::to_string(getpid()));
    fs::create_directories(dir_ / "shop");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / "shop" / name, std::ios::binary) << bytes;
  }
  static std::string Bson(const char* json) {
    bson_error_t error;
    BsonHandle doc(bson_new_from_json(reinterpret_cast<const uint8_t*>(json), -1, &error));
    return std::string(reinterpret_cast<const char*>(bson_get_data(doc.get())), doc->len);
  }
  fs::path dir_;
};

TEST_F(MongoDumpSourceTest, ListsCollectionsAndSkipsMetadataOnlyOnesWithANote) {
  Write("orders.bson", Bson(R"({"_id":1})") + Bson(R"({"_id":2})"));
  Write("orders.metadata.json", R"({"options":{},"indexes":[
      {"v":2,"key":{"_id":1},"name":"_id_"},
      {"v":2,"key":{"customer":1,"day":-1},"name":"customer_1_day_-1","unique":true},
      {"v":2,"key":{"_fts":"text","_ftsx":1},"name":"notes_text"},
      {"v":2,"key":{"loc":"2dsphere"},"name":"loc_2dsphere"},
      {"v":2,"key":{"at":1},"name":"at_1","expireAfterSeconds":3600}]})");
  Write("ghost.metadata.json", R"({"options":{},"indexes":[]})");
  auto source = MongoDumpSource::Open(dir_);
  ASSERT_TRUE(source.ok()) << source.status().message();
  auto schema = (*source)->DescribeSchema();
  ASSERT_TRUE(schema.ok());
  ASSERT_EQ(schema->tables.size(), 1u);
  const TableSchema& orders = schema->tables[0];
  EXPECT_EQ(orders.name, "orders");
  EXPECT_TRUE(IsDocumentTable(orders));
  ASSERT_EQ(orders.indexes.size(), 1u);
  EXPECT_EQ(orders.indexes[0].columns, (std::vector<std::string>{"customer", "day DESC"}));
  EXPECT_TRUE(orders.indexes[0].unique);
  std::string skipped;
  for (const SkippedObject& s : schema->skipped) skipped += s.name + ": " + s.reason + "\n";
  EXPECT_NE(skipped.find("ghost: metadata but no data file"), std::string::npos) << skipped;
  EXPECT_NE(skipped.find("orders.notes_text: not translated: text index"), std::string::npos);
  EXPECT_NE(skipped.find("orders.loc_2dsphere: not translated: 2dsphere"), std::string::npos);
  EXPECT_NE(skipped.find("orders.at_1: not translated: TTL"), std::string::npos);

  auto reader = (*source)->OpenReader(orders, Chunk{});
  ASSERT_TRUE(reader.ok());
  Batch batch;
  ASSERT_TRUE((*reader)->Next(&batch, 100));
  EXPECT_EQ(batch.num_rows(), 2u);
  EXPECT_FALSE(batch.At(0, kDocumentColumn).is_null());
  EXPECT_TRUE(batch.At(0, kErrorColumn).is_null());
}

TEST_F(MongoDumpSourceTest, FolderWithoutDumpFilesIsNotFound) {
  fs::remove_all(dir_ / "shop");
  auto source = MongoDumpSource::Open(dir_);
  EXPECT_EQ(source.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace ferry
