#include "connectors/mongo/ndjson_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace ferry {
namespace {
namespace fs = std::filesystem;

class NdjsonSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ferry_ndjson_source_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const fs::path& relative, const std::string& text) {
    fs::create_directories((dir_ / relative).parent_path());
    std::ofstream(dir_ / relative, std::ios::binary) << text;
  }
  std::string Tables() {
    auto source = NdjsonSource::Open(dir_);
    EXPECT_TRUE(source.ok()) << source.status().message();
    if (!source.ok()) return "";
    auto schema = (*source)->DescribeSchema();
    std::string out;
    for (const TableSchema& t : schema->tables) out += (out.empty() ? "" : " ") + t.name;
    for (const SkippedObject& s : schema->skipped) out += " (skipped " + s.name + ")";
    return out;
  }
  fs::path dir_;
};

TEST_F(NdjsonSourceTest, FolderOfDatabaseFoldersNamesCollectionsDatabaseDotCollection) {
  Write("palbum/albums.json", "{\"_id\":1}\n");
  Write("shop/orders.ndjson", "{\"_id\":1}\n");
  Write("dump/twitter/tweets.bson", "");
  Write(".git/config.json", "{}");
  EXPECT_EQ(Tables(), "palbum.albums shop.orders (skipped dump)");
}

TEST_F(NdjsonSourceTest, TopLevelFilesKeepTheirNamesBesideDatabaseFolders) {
  Write("books.json", "{\"_id\":1}\n");
  Write("palbum/albums.json", "{\"_id\":1}\n");
  EXPECT_EQ(Tables(), "books palbum.albums");
}

TEST_F(NdjsonSourceTest, FolderWithNoDocumentFilesIsNotFound) {
  Write("notes/readme.txt", "hello");
  auto source = NdjsonSource::Open(dir_);
  EXPECT_EQ(source.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace ferry
