// Document sources given invalid or awkward input: a value that does not
// parse is a data error on the copy and on the verify side, never a guess.
#include <gtest/gtest.h>

#include "mongo_test_util.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

// One good line, then values libbson would read as something else.
constexpr const char* kBadValues =
    "{\"_id\":1,\"ref\":{\"$oid\":\"57e193d7a9cc81b4027498b5\"},\"x\":{\"$numberDouble\":\"1.5\"}}"
    "\n"
    "{\"_id\":2,\"ref\":{\"$oid\":\"zzf14312c7447c3da7051b26\"}}\n"
    "{\"_id\":3,\"x\":{\"$numberDouble\":\"1.5xyz\"}}\n"
    "{\"_id\":4,\"d\":{\"$numberDecimal\":\"1.2.3\"}}\n"
    "{\"_id\":5,\"n\":123456789012345678901234567890}\n"
    "[1,2]\n"
    "{\"_id\":7,\"k\":1,\"k\":2}\n";

TEST(MongoBadInputTest, InvalidExtendedJsonIsRejectedWithFileLineAndFieldUnderSkip) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mbadejson");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteFile(dir.path() / "items.json", kBadValues);
  std::string from = "ndjson:" + (dir.path() / "items.json").string();
  std::string rejects = (dir.path() / "rejects").string();
  CommandResult r = RunFerry(
      {"copy", "--from", from, "--to", db.url(), "--on-error", "skip", "--rejects", rejects});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(db.QueryRows("SELECT _id FROM items"), "1");
  std::string rejected = ReadFile(dir.path() / "rejects" / "items.ndjson");
  for (const char* expected : {
           "items.json' line 2: document _id 2: field 'ref'",
           "items.json' line 3: document _id 3: field 'x'",
           "items.json' line 4: document _id 4: field 'd'",
           "field 'n': the integer 123456789012345678901234567890",
           "line 6: the line is an array, not a document",
           "line 7: document _id 7: field 'k': the key appears twice",
       }) {
    EXPECT_NE(rejected.find(expected), std::string::npos) << expected << "\n" << rejected;
  }
  // Each reject holds the line as written.
  EXPECT_NE(
      rejected.find(R"("_document":"{\"_id\":2,\"ref\":{\"$oid\":\"zzf14312c7447c3da7051b26\"}}")"),
      std::string::npos)
      << rejected;

  // The verify side reads the source on its own and finds the same bad values.
  CommandResult verify = RunFerry({"verify", "--from", from, "--to", db.url()});
  EXPECT_EQ(verify.exit_code, 3) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("rows rejected"), std::string::npos) << verify.out;
}

TEST(MongoBadInputTest, InvalidObjectIdStopsTheCopyByDefaultNamingFileLineAndField) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mbadoid");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteFile(dir.path() / "items.json", "{\"_id\":{\"$oid\":\"------------------------\"}}\n");
  CommandResult r = RunFerry(
      {"copy", "--from", "ndjson:" + (dir.path() / "items.json").string(), "--to", db.url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("items.json' line 1: document _id {\"$oid\":\"------------------------\"}: "
                       "field '_id'"),
            std::string::npos)
      << r.err;
}

// BSON may hold a key twice; jsonb would keep one value and drop the other.
TEST(MongoBadInputTest, KeyGivenTwiceInMongodumpIsRejectedAndVerifyFlagsIt) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mdupbson");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteBsonFile(dir.path() / "app" / "things.bson",
                {R"({"_id":1,"a":{"k":1}})", R"({"_id":2,"a":{"k":1,"k":2}})",
                 R"({"_id":3,"a":{"k":3},"a":{"k":4}})"});
  std::string from = "mongodump:" + dir.path().string();
  std::string rejects = (dir.path() / "rejects").string();
  CommandResult r = RunFerry(
      {"copy", "--from", from, "--to", db.url(), "--on-error", "skip", "--rejects", rejects});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(db.QueryRows("SELECT _id FROM things"), "1");
  CommandResult verify = RunFerry({"verify", "--from", from, "--to", db.url()});
  EXPECT_EQ(verify.exit_code, 3) << verify.out << verify.err;
}

std::string ManyFieldDocument(int i) {
  return "{\"_id\":" + std::to_string(i) + ",\"common\":\"c" + std::to_string(i) + "\",\"unique_" +
         std::to_string(i) + "\":" + std::to_string(i) + "}";
}

// Given 1,200 documents each with _id, a common field and a field of its own,
// we expect _id and common as columns and each document's own field in _extra.
void ExpectLongTailInExtra(const ScratchPgDatabase& db, const std::string& table) {
  EXPECT_EQ(db.QueryValue("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
                          "information_schema.columns WHERE table_name = '" +
                          table + "'"),
            "_id,common,_extra");
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM " + table +
                          " WHERE _id IS NOT NULL AND "
                          "common = 'c' || _id AND (_extra->>('unique_' || _id))::int = _id"),
            "1200");
}

TEST(MongoBadInputTest, MoreThanAThousandTopLevelFieldsKeepIdAndCommonColumnsFromNdjson) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mwide");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  std::string text;
  for (int i = 0; i < 1200; ++i) text += ManyFieldDocument(i) + "\n";
  WriteFile(dir.path() / "wide.json", text);
  std::string from = "ndjson:" + (dir.path() / "wide.json").string();
  CommandResult r = RunFerry({"copy", "--from", from, "--to", db.url()});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(r.err.find("has an _id"), std::string::npos) << r.err;
  ExpectLongTailInExtra(db, "wide");
  CommandResult verify = RunFerry({"verify", "--from", from, "--to", db.url()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST(MongoBadInputTest, MoreThanAThousandTopLevelFieldsKeepIdAndCommonColumnsFromMongodump) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mwidedump");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  std::vector<std::string> docs;
  for (int i = 0; i < 1200; ++i) docs.push_back(ManyFieldDocument(i));
  WriteBsonFile(dir.path() / "app" / "wide.bson", docs);
  CommandResult r =
      RunFerry({"copy", "--from", "mongodump:" + dir.path().string(), "--to", db.url()});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  ExpectLongTailInExtra(db, "wide");
}

TEST(MongoBadInputTest, NdjsonFolderOfDatabaseFoldersNamesTablesDatabaseUnderscoreCollection) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mdbdirs");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteFile(dir.path() / "palbum" / "albums.json", "{\"_id\":1,\"name\":\"a\"}\n");
  WriteFile(dir.path() / "shop" / "orders.json", "{\"_id\":1,\"total\":3}\n");
  CommandResult r = RunFerry({"copy", "--from", "ndjson:" + dir.path().string(), "--to", db.url()});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(db.QueryValue("SELECT name FROM palbum_albums"), "a");
  EXPECT_EQ(db.QueryValue("SELECT total FROM shop_orders"), "3");
}

TEST(MongoBadInputTest, GzFileThatIsNotGzipIsAnErrorNamingIt) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mnotgz");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteFile(dir.path() / "items.json.gz", "{\"_id\":1}\n");
  CommandResult r = RunFerry(
      {"copy", "--from", "ndjson:" + (dir.path() / "items.json.gz").string(), "--to", db.url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("items.json.gz' is named .gz but is not gzip"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ferry::testing
