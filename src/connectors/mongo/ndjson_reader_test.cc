#include "connectors/mongo/ndjson_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace ferry {
namespace {

std::string WriteTemp(const std::string& name, const std::string& text) {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("ferry_ndjson_" + std::to_string(getpid()) + "_" + name))
                         .string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

int64_t DateMillis(const bson_t* doc, const char* key) {
  bson_iter_t it;
  EXPECT_TRUE(bson_iter_init_find(&it, doc, key));
  return bson_iter_date_time(&it);
}

TEST(NdjsonReaderTest, ReadsCanonicalRelaxedAndLegacyDates) {
  std::string path =
      WriteTemp("dates.json",
                "\xEF\xBB\xBF{\"d\":{\"$date\":{\"$numberLong\":\"1238569200000\"}}}\n"
                "{\"d\":{\"$date\":\"2009-04-01T07:00:00Z\"}}\r\n"
                "\n"
                "{\"d\":{\"$date\":\"2009-04-01T00:00:00.000-0700\"}}\n"
                "{\"d\":{\"$date\":\"2009-04-01T00:00:00.000-07:00\"}}");
  auto reader = NdjsonReader::Open(path);
  ASSERT_TRUE(reader.ok());
  int n = 0;
  while ((*reader)->Next()) {
    ASSERT_NE((*reader)->document(), nullptr) << (*reader)->error();
    EXPECT_EQ(DateMillis((*reader)->document(), "d"), 1238569200000) << "record " << n;
    ++n;
  }
  EXPECT_EQ(n, 4);
  EXPECT_EQ((*reader)->line_number(), 5);
  std::filesystem::remove(path);
}

TEST(NdjsonReaderTest, BadLineIsAnUnreadableRecordNamingItsLine) {
  std::string path = WriteTemp("bad.json", "{\"a\":1}\n{\"a\": oops}\n{\"a\":3}\n");
  auto reader = NdjsonReader::Open(path);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->Next());
  ASSERT_TRUE((*reader)->Next());
  EXPECT_EQ((*reader)->document(), nullptr);
  EXPECT_NE((*reader)->error().find("line 2:"), std::string::npos) << (*reader)->error();
  ASSERT_TRUE((*reader)->Next());
  EXPECT_NE((*reader)->document(), nullptr);
  EXPECT_FALSE((*reader)->Next());
  EXPECT_TRUE((*reader)->status().ok());
  std::filesystem::remove(path);
}

TEST(NdjsonReaderTest, InvalidExtendedJsonIsAnUnreadableRecordNamingFileLineAndField) {
  std::string path = WriteTemp("badoid.json",
                               "{\"_id\":1,\"ref\":{\"$oid\":\"57e193d7a9cc81b4027498b5\"}}\n"
                               "{\"_id\":2,\"ref\":{\"$oid\":\"zzf14312c7447c3da7051b26\"}}\n");
  auto reader = NdjsonReader::Open(path);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->Next());
  EXPECT_NE((*reader)->document(), nullptr) << (*reader)->error();
  ASSERT_TRUE((*reader)->Next());
  EXPECT_EQ((*reader)->document(), nullptr);
  EXPECT_NE((*reader)->error().find("badoid.json' line 2: document _id 2: field 'ref'"),
            std::string::npos)
      << (*reader)->error();
  std::filesystem::remove(path);
}

TEST(NdjsonReaderTest, UnreadableLineKeepsItsTextBounded) {
  std::string long_line = "{\"a\": " + std::string(100000, 'x') + "}";
  std::string path = WriteTemp("raw.json", "{\"a\": oops}\n" + long_line + "\n{\"a\":1}\n");
  auto reader = NdjsonReader::Open(path);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->Next());
  EXPECT_EQ((*reader)->raw_record(), "{\"a\": oops}");
  ASSERT_TRUE((*reader)->Next());
  std::string_view raw = (*reader)->raw_record();
  EXPECT_EQ(raw.substr(0, 7), "{\"a\": x");
  EXPECT_TRUE(raw.ends_with("...[cut: 100007 bytes in all]")) << raw.substr(raw.size() - 40);
  EXPECT_LE(raw.size(), kMaxRawRecordBytes + 40);
  ASSERT_TRUE((*reader)->Next());
  EXPECT_NE((*reader)->document(), nullptr);
  EXPECT_EQ((*reader)->raw_record(), "");
  std::filesystem::remove(path);
}

TEST(NdjsonReaderTest, GzFileThatIsNotGzipIsAnErrorNamingIt) {
  std::string path = WriteTemp("plain.json.gz", "{\"a\":1}\n");
  auto reader = NdjsonReader::Open(path);
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("plain.json.gz' is named .gz but is not gzip"),
            std::string::npos)
      << reader.status().message();
  std::filesystem::remove(path);
}

TEST(NdjsonReaderTest, StripsOnlyDateOffsetColons) {
  EXPECT_EQ(StripDateOffsetColons(R"({"t":"10:30","d":{"$date":"2020-01-01T10:30:00+05:30"}})"),
            R"({"t":"10:30","d":{"$date":"2020-01-01T10:30:00+0530"}})");
}

}  // namespace
}  // namespace ferry
