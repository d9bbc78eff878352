#include "connectors/mongo/file_chunker.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "connectors/mongo/bson_file_reader.h"
#include "connectors/mongo/ndjson_reader.h"
#include "core/bson_handles.h"

namespace ferry {
namespace {

class FileChunkerTest : public ::testing::Test {
 protected:
  ~FileChunkerTest() override {
    for (const std::string& p : paths_) std::filesystem::remove(p);
  }
  std::string Write(const std::string& name, const std::string& bytes) {
    std::string path = (std::filesystem::temp_directory_path() /
                        ("ferry_chunker_" + std::to_string(getpid()) + "_" + name))
                           .string();
    std::ofstream(path, std::ios::binary) << bytes;
    paths_.push_back(path);
    return path;
  }
  std::vector<std::string> paths_;
};

int64_t IntField(const bson_t* doc, const char* key) {
  bson_iter_t it;
  return bson_iter_init_find(&it, doc, key) ? bson_iter_as_int64(&it) : -1;
}

// Given 10 lines with a blank and a bad one, chunks of 3 lines read every
// document once, in order, and the bad line's error names its real line number.
TEST_F(FileChunkerTest, NdjsonChunksReadEveryLineOnceAndNumberLinesRight) {
  std::string text;
  for (int i = 1; i <= 10; ++i) {
    if (i == 4)
      text += "\n";
    else if (i == 7)
      text += "{not json\n";
    else
      text += "{\"n\": " + std::to_string(i) + "}\n";
  }
  std::string path = Write("lines.json", text);
  auto chunks = PlanFileChunks(path, RecordFormat::kNdjson, 3);
  ASSERT_TRUE(chunks.ok()) << chunks.status().message();
  ASSERT_EQ(chunks->size(), 4u);  // lines 1-3, 4-6, 7-9, 10
  std::vector<int64_t> seen;
  std::vector<std::string> errors;
  for (const Chunk& chunk : *chunks) {
    EXPECT_EQ(chunk.by, ChunkBy::kByteOffset);
    auto reader = NdjsonReader::Open(path, FileRangeOf(chunk));
    ASSERT_TRUE(reader.ok());
    while ((*reader)->Next()) {
      if ((*reader)->document() != nullptr) {
        seen.push_back(IntField((*reader)->document(), "n"));
      } else {
        errors.push_back((*reader)->error());
      }
    }
    EXPECT_TRUE((*reader)->status().ok());
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 3, 5, 6, 8, 9, 10}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("line 7:"), std::string::npos) << errors[0];
}

TEST_F(FileChunkerTest, NdjsonWithoutFinalNewlineAndExactMultipleHasNoEmptyChunk) {
  std::string path = Write("exact.json", "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4}");
  auto chunks = PlanFileChunks(path, RecordFormat::kNdjson, 2);
  ASSERT_TRUE(chunks.ok());
  EXPECT_EQ(chunks->size(), 2u);
  std::string full = Write("full.json", "{\"n\":1}\n{\"n\":2}\n");
  chunks = PlanFileChunks(full, RecordFormat::kNdjson, 2);
  ASSERT_TRUE(chunks.ok());
  EXPECT_EQ(chunks->size(), 1u);
}

std::string Bson(const std::string& json) {
  bson_error_t error;
  BsonHandle doc(bson_new_from_json(reinterpret_cast<const uint8_t*>(json.data()),
                                    static_cast<ssize_t>(json.size()), &error));
  EXPECT_NE(doc, nullptr) << error.message;
  return std::string(reinterpret_cast<const char*>(bson_get_data(doc.get())), doc->len);
}

TEST_F(FileChunkerTest, BsonChunksStartAtDocumentsAndCoverEveryDocumentOnce) {
  std::string bytes;
  for (int i = 0; i < 25; ++i) {
    bytes += Bson("{\"n\": " + std::to_string(i) + ", \"pad\": \"" + std::string(i, 'x') + "\"}");
  }
  std::string path = Write("docs.bson", bytes);
  auto chunks = PlanFileChunks(path, RecordFormat::kBson, 10);
  ASSERT_TRUE(chunks.ok());
  ASSERT_EQ(chunks->size(), 3u);
  std::vector<int64_t> seen;
  for (const Chunk& chunk : *chunks) {
    auto reader = BsonFileReader::Open(path, FileRangeOf(chunk));
    ASSERT_TRUE(reader.ok());
    while ((*reader)->Next()) seen.push_back(IntField((*reader)->document(), "n"));
    EXPECT_TRUE((*reader)->status().ok()) << (*reader)->status().message();
  }
  ASSERT_EQ(seen.size(), 25u);
  for (int i = 0; i < 25; ++i) EXPECT_EQ(seen[i], i);
}

// Given records far larger than the byte budget allows for the record count,
// we expect chunks cut by bytes, each still starting at a record and together
// holding every record once, with their record counts.
TEST_F(FileChunkerTest, WideRecordsAreCutByBytes) {
  std::string bson, ndjson;
  for (int i = 0; i < 20; ++i) {
    std::string pad(1000, static_cast<char>('a' + i % 26));
    bson += Bson("{\"n\": " + std::to_string(i) + ", \"pad\": \"" + pad + "\"}");
    ndjson += "{\"n\": " + std::to_string(i) + ", \"pad\": \"" + pad + "\"}\n";
  }
  for (RecordFormat format : {RecordFormat::kBson, RecordFormat::kNdjson}) {
    bool is_bson = format == RecordFormat::kBson;
    std::string path = Write(is_bson ? "wide.bson" : "wide.json", is_bson ? bson : ndjson);
    // 100,000 records a chunk by count, but 4 KB by bytes: 4 records of ~1 KB each.
    auto chunks = PlanFileChunks(path, format, 100000, 4000);
    ASSERT_TRUE(chunks.ok()) << chunks.status().message();
    EXPECT_EQ(chunks->size(), 5u);
    std::vector<int64_t> seen;
    for (const Chunk& chunk : *chunks) {
      if (chunk.id + 1 < static_cast<int64_t>(chunks->size())) {
        EXPECT_EQ(chunk.estimated_rows, 4);
      }
      size_t before = seen.size();
      if (is_bson) {
        auto reader = BsonFileReader::Open(path, FileRangeOf(chunk));
        ASSERT_TRUE(reader.ok());
        while ((*reader)->Next()) seen.push_back(IntField((*reader)->document(), "n"));
      } else {
        auto reader = NdjsonReader::Open(path, FileRangeOf(chunk));
        ASSERT_TRUE(reader.ok());
        while ((*reader)->Next()) seen.push_back(IntField((*reader)->document(), "n"));
      }
      EXPECT_EQ(seen.size() - before, 4u);
    }
    ASSERT_EQ(seen.size(), 20u);
    for (int i = 0; i < 20; ++i) EXPECT_EQ(seen[i], i);
  }
}

TEST_F(FileChunkerTest, CompressedFilesAreOneWholeChunk) {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("ferry_chunker_" + std::to_string(getpid()) + "_docs.json.gz"))
                         .string();
  paths_.push_back(path);
  gzFile gz = gzopen(path.c_str(), "wb");
  gzputs(gz, "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
  gzclose(gz);
  auto chunks = PlanFileChunks(path, RecordFormat::kNdjson, 1);
  ASSERT_TRUE(chunks.ok());
  ASSERT_EQ(chunks->size(), 1u);
  EXPECT_EQ((*chunks)[0].by, ChunkBy::kWhole);
}

}  // namespace
}  // namespace ferry
