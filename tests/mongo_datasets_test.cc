// The public MongoDB datasets in ../shared/datasets/mongodb-json-files load
// completely: counts equal to the source, nested values spot-checked.
#include <gtest/gtest.h>

#include "mongo_test_util.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

#define FERRY_REQUIRE_DATASETS()                                                         \
  FERRY_REQUIRE_PG();                                                                    \
  if (!SharedDatasetsDir()) {                                                            \
    GTEST_SKIP() << "../shared/datasets is absent (set FERRY_SHARED_DIR to its parent)"; \
  }

std::string Dataset(const std::string& name) {
  return (*SharedDatasetsDir() / "mongodb-json-files" / name).string();
}

DocumentPlanOptions AllDocuments(DocumentMode mode = DocumentMode::kFlatten) {
  DocumentPlanOptions options;
  options.sample = -1;
  options.defaults.mode = mode;
  return options;
}

TEST(MongoDatasetsTest, TweetsDumpLoadsEveryDocumentWithNestedValues) {
  FERRY_REQUIRE_DATASETS();
  ScratchPgDatabase db("tweets");
  ASSERT_TRUE(db.ok()) << db.error();
  auto plan = CopyDocuments("mongodump:" + Dataset("tweets-dump/dump"), db, AllDocuments());
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM tweets"), "966");
  EXPECT_EQ(db.QueryValue("SELECT count(DISTINCT _id) FROM tweets"), "966");
  // user is flattened (depth 2): user_screen_name is a column.
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM tweets WHERE user_screen_name IS NULL"), "0");
  // The text index is listed as not translated.
  bool text_index_listed = false;
  for (const SkippedObject& s : plan->plan.skipped)
    text_index_listed |= s.name == "tweets.text_text";
  EXPECT_TRUE(text_index_listed);
}

TEST(MongoDatasetsTest, ImagesGzHasOneHundredThousandDocuments) {
  FERRY_REQUIRE_DATASETS();
  ScratchPgDatabase db("images");
  ASSERT_TRUE(db.ok()) << db.error();
  auto plan = CopyDocuments("ndjson:" + Dataset("palbum/images.json.gz"), db, AllDocuments());
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM images"), "100000");
  EXPECT_EQ(db.QueryValue("SELECT tags::text FROM images WHERE _id = 1"),
            R"(["cats", "sunrises", "kittens", "travel", "vacation", "work"])");
  EXPECT_EQ(db.QueryValue("SELECT height FROM images WHERE _id = 0"), "480");
}

TEST(MongoDatasetsTest, RestaurantsKeepObjectIdsAsUuidsByTheRule) {
  FERRY_REQUIRE_DATASETS();
  ScratchPgDatabase db("restaurant");
  ASSERT_TRUE(db.ok()) << db.error();
  auto plan = CopyDocuments("ndjson:" + Dataset("restaurant.json"), db, AllDocuments());
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM restaurant"), "2548");
  EXPECT_EQ(db.QueryValue("SELECT name FROM restaurant WHERE _id = "
                          "('55f14312c7447c3da7051b26' || '00000000')::uuid"),
            ".CN Chinese");
  EXPECT_EQ(db.QueryValue("SELECT address_line_2 FROM restaurant WHERE "
                          "left(replace(_id::text, '-', ''), 24) = '55f14312c7447c3da7051b26'"),
            "Cardiff");
}

TEST(MongoDatasetsTest, BooksWithMixedIdsAndOffsetDates) {
  FERRY_REQUIRE_DATASETS();
  ScratchPgDatabase db("books");
  ASSERT_TRUE(db.ok()) << db.error();
  auto plan = CopyDocuments("ndjson:" + Dataset("books.json"), db, AllDocuments());
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM books"), "431");
  // "2009-04-01T00:00:00.000-0700" is 07:00 UTC.
  EXPECT_EQ(db.QueryValue("SELECT published_date AT TIME ZONE 'UTC' FROM books WHERE _id = '1'"),
            "2009-04-01 07:00:00");
}

TEST(MongoDatasetsTest, EveryFileLoadsWithCountsEqualToItsLines) {
  FERRY_REQUIRE_DATASETS();
  for (const char* name : {"countries-small", "covers", "grades", "products", "profiles",
                           "students", "palbum/albums"}) {
    SCOPED_TRACE(name);
    ScratchPgDatabase db("ds");
    ASSERT_TRUE(db.ok()) << db.error();
    std::string path = Dataset(std::string(name) + ".json");
    int64_t lines = 0;
    for (char c : ReadFile(path)) lines += c == '\n';
    for (DocumentMode mode : {DocumentMode::kFlatten, DocumentMode::kNormalize}) {
      auto plan =
          CopyDocuments("ndjson:" + path, db, AllDocuments(mode), {.mode = WriteMode::kReplace});
      ASSERT_TRUE(plan.ok()) << plan.status().message();
      std::string table = plan->plan.tables[0].target.name;
      EXPECT_EQ(db.QueryValue("SELECT count(*) FROM " + table), std::to_string(lines));
    }
  }
}

TEST(MongoDatasetsTest, NormalizedGradesHaveOneRowPerScore) {
  FERRY_REQUIRE_DATASETS();
  ScratchPgDatabase db("grades");
  ASSERT_TRUE(db.ok()) << db.error();
  auto plan =
      CopyDocuments("ndjson:" + Dataset("grades.json"), db, AllDocuments(DocumentMode::kNormalize));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM grades"), "280");
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM grades_scores"), "1241");
  EXPECT_EQ(db.QueryValue("SELECT type || ':' || round(score::numeric, 4) FROM grades_scores s "
                          "JOIN grades g ON g._id = s.grades_id WHERE g.student_id = 0 AND "
                          "g.class_id = 2 AND s.ordinal = 1"),
            "quiz:21.2454");
}

}  // namespace
}  // namespace ferry::testing
