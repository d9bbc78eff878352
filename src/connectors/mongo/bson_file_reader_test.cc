#include "connectors/mongo/bson_file_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/bson_handles.h"

namespace ferry {
namespace {

std::string Bson(const char* json) {
  bson_error_t error;
  BsonHandle doc(bson_new_from_json(reinterpret_cast<const uint8_t*>(json), -1, &error));
  EXPECT_NE(doc, nullptr) << error.message;
  return std::string(reinterpret_cast<const char*>(bson_get_data(doc.get())), doc->len);
}

class BsonFileReaderTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& bytes) {
    std::string path = (std::filesystem::temp_directory_path() /
                        ("ferry_bson_" + std::to_string(getpid()) + "_" + name))
                           .string();
    std::ofstream(path, std::ios::binary) << bytes;
    paths_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const auto& p : paths_) std::filesystem::remove(p);
  }
  std::vector<std::string> paths_;
};

TEST_F(BsonFileReaderTest, ReadsEveryDocumentInOrder) {
  auto reader = BsonFileReader::Open(Write("a.bson", Bson(R"({"_id":1})") + Bson(R"({"_id":2})")));
  ASSERT_TRUE(reader.ok());
  int64_t sum = 0;
  while ((*reader)->Next()) {
    bson_iter_t it;
    ASSERT_TRUE(bson_iter_init_find(&it, (*reader)->document(), "_id"));
    sum = sum * 10 + bson_iter_int32(&it);
  }
  EXPECT_TRUE((*reader)->status().ok());
  EXPECT_EQ(sum, 12);
}

TEST_F(BsonFileReaderTest, TruncatedFileIsCorruptionWithTheByteOffset) {
  std::string first = Bson(R"({"_id":1})"), second = Bson(R"({"_id":2,"name":"cut here"})");
  auto reader = BsonFileReader::Open(Write("t.bson", first + second.substr(0, 10)));
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE((*reader)->Next());
  EXPECT_FALSE((*reader)->Next());
  Status status = (*reader)->status();
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  EXPECT_NE(status.message().find("byte offset " + std::to_string(first.size())), std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("truncated"), std::string::npos);
}

TEST_F(BsonFileReaderTest, ImpossibleLengthIsCorruptionNotAHugeAllocation) {
  std::string garbage = "\xff\xff\xff\x7f" + std::string(20, 'x');
  auto reader = BsonFileReader::Open(Write("g.bson", Bson(R"({"a":1})") + garbage));
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE((*reader)->Next());
  EXPECT_FALSE((*reader)->Next());
  EXPECT_EQ((*reader)->status().code(), StatusCode::kCorruption);
  EXPECT_NE((*reader)->status().message().find("impossible"), std::string::npos);
}

TEST_F(BsonFileReaderTest, DamagedDocumentInAnIntactFrameIsAnUnreadableRecord) {
  std::string bad = Bson(R"({"a":"xyz"})");
  bad[4] = 0x7e;  // an element type that does not exist
  auto reader = BsonFileReader::Open(Write("d.bson", bad + Bson(R"({"b":2})")));
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->Next());
  EXPECT_EQ((*reader)->document(), nullptr);
  EXPECT_NE((*reader)->error().find("byte offset"), std::string::npos) << (*reader)->error();
  ASSERT_TRUE((*reader)->Next());
  EXPECT_NE((*reader)->document(), nullptr);
  EXPECT_FALSE((*reader)->Next());
  EXPECT_TRUE((*reader)->status().ok());
}

TEST_F(BsonFileReaderTest, GzipFileReadsLikeAPlainOne) {
  std::string path = Write("z.bson.gz", "");
  std::string bytes = Bson(R"({"_id":1})") + Bson(R"({"_id":2})");
  gzFile gz = gzopen(path.c_str(), "wb");
  gzwrite(gz, bytes.data(), bytes.size());
  gzclose(gz);
  auto reader = BsonFileReader::Open(path);
  ASSERT_TRUE(reader.ok());
  int n = 0;
  while ((*reader)->Next()) n += (*reader)->document() != nullptr;
  EXPECT_TRUE((*reader)->status().ok());
  EXPECT_EQ(n, 2);
}

}  // namespace
}  // namespace ferry
