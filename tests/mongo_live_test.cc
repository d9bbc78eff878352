// The live read path against the MongoDB wire-protocol test server that
// scripts/test starts (scripts/lib/mongo.sh): listing, counts, cursors with
// getMore, _id range chunks, and a copy into PostgreSQL. Type fidelity is
// tested on BSON files (mongo_types_test.cc), not here: the test server
// changes some types (see scripts/lib/mongo.sh).
#include <gtest/gtest.h>

#include <set>

#include "connectors/mongo/mongo_source.h"
#include "core/document_row.h"
#include "mongo_test_util.h"

namespace ferry::testing {
namespace {

std::unique_ptr<MongoSource> Connect(const std::string& database, int batch_size = 1000) {
  Result<Endpoint> endpoint = ParseEndpoint(MongoUrlForDatabase(database));
  EXPECT_TRUE(endpoint.ok());
  auto source = MongoSource::Connect(*endpoint, batch_size);
  EXPECT_TRUE(source.ok()) << source.status().message();
  return source.ok() ? std::move(*source) : nullptr;
}

// Reads a chunk; returns the hex of every _id in the order read.
std::vector<std::string> ReadIds(MongoSource& source, const TableSchema& table, Chunk chunk) {
  auto reader = source.OpenReader(table, chunk);
  EXPECT_TRUE(reader.ok()) << reader.status().message();
  std::vector<std::string> ids;
  Batch batch;
  while ((*reader)->Next(&batch, 4096)) {
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      std::string_view bytes = batch.At(r, kDocumentColumn).bytes();
      bson_t doc;
      bson_iter_t it;
      EXPECT_TRUE(
          bson_init_static(&doc, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
      EXPECT_TRUE(bson_iter_init_find(&it, &doc, "_id"));
      char hex[25];
      bson_oid_to_string(bson_iter_oid(&it), hex);
      ids.emplace_back(hex);
    }
  }
  EXPECT_TRUE((*reader)->status().ok()) << (*reader)->status().message();
  return ids;
}

TEST(MongoLiveTest, ListsCollectionsCountsAndIndexes) {
  FERRY_REQUIRE_MONGO();
  std::string db = UniqueMongoDatabase("list");
  ASSERT_TRUE(SeedPeople(db, "people", 10).ok());
  ASSERT_TRUE(SeedPeople(db, "pets", 3).ok());
  ASSERT_TRUE(CreateIndex(db, "people", R"({"address.city":1,"n":-1})", "city_n", true).ok());
  ASSERT_TRUE(CreateIndex(db, "people", R"({"name":"text"})", "name_text", false).ok());
  auto source = Connect(db);
  ASSERT_NE(source, nullptr);
  auto schema = source->DescribeSchema();
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  ASSERT_EQ(schema->tables.size(), 2u);
  std::map<std::string, int64_t> counts;
  for (const TableSchema& t : schema->tables) counts[t.name] = t.estimated_rows;
  EXPECT_EQ(counts, (std::map<std::string, int64_t>{{"people", 10}, {"pets", 3}}));
  const TableSchema* people = schema->FindTable("people");
  ASSERT_EQ(people->indexes.size(), 1u);
  EXPECT_EQ(people->indexes[0].columns, (std::vector<std::string>{"address.city", "n DESC"}));
  EXPECT_TRUE(people->indexes[0].unique);
  ASSERT_EQ(schema->skipped.size(), 1u);
  EXPECT_EQ(schema->skipped[0].name, "people.name_text");
}

TEST(MongoLiveTest, CursorReadsOneHundredThousandDocumentsInIdOrderThroughGetMore) {
  FERRY_REQUIRE_MONGO();
  std::string db = UniqueMongoDatabase("cursor");
  ASSERT_TRUE(SeedPeople(db, "people", 100000).ok());
  auto source = Connect(db, 1000);  // 100 getMore round trips
  ASSERT_NE(source, nullptr);
  auto schema = source->DescribeSchema();
  ASSERT_TRUE(schema.ok());
  std::vector<std::string> ids = ReadIds(*source, schema->tables.at(0), Chunk{});
  EXPECT_EQ(ids.size(), 100000u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 100000u);
}

TEST(MongoLiveTest, IdRangeChunksCoverEveryDocumentExactlyOnce) {
  FERRY_REQUIRE_MONGO();
  std::string db = UniqueMongoDatabase("chunks");
  ASSERT_TRUE(SeedPeople(db, "people", 20000).ok());
  auto source = Connect(db);
  ASSERT_NE(source, nullptr);
  auto schema = source->DescribeSchema();
  ASSERT_TRUE(schema.ok());
  const TableSchema& people = schema->tables.at(0);
  auto chunks = source->PlanChunks(people, 5000);
  ASSERT_TRUE(chunks.ok()) << chunks.status().message();
  ASSERT_EQ(chunks->size(), 4u);
  std::vector<std::string> all;
  for (const Chunk& chunk : *chunks) {
    std::vector<std::string> ids = ReadIds(*source, people, chunk);
    EXPECT_EQ(ids.size(), 5000u) << "chunk " << chunk.id;
    EXPECT_EQ(chunk.by, ChunkBy::kIdRange);
    EXPECT_TRUE(all.empty() || ids.empty() || all.back() < ids.front()) << "chunks overlap";
    all.insert(all.end(), ids.begin(), ids.end());
  }
  EXPECT_EQ(all.size(), 20000u);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 20000u);
}

TEST(MongoLiveTest, CopiesACollectionIntoPostgres) {
  FERRY_REQUIRE_MONGO();
  FERRY_REQUIRE_PG();
  std::string db = UniqueMongoDatabase("copy");
  ASSERT_TRUE(SeedPeople(db, "people", 2500).ok());
  ScratchPgDatabase pg("mongo_live");
  ASSERT_TRUE(pg.ok()) << pg.error();
  // Read preference passes through the URL (a standalone server serves secondary reads too).
  auto plan = CopyDocuments(MongoUrlForDatabase(db) + "&readPreference=secondaryPreferred", pg,
                            DocumentPlanOptions{});
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(pg.QueryValue("SELECT count(*) FROM people"), "2500");
  EXPECT_EQ(pg.QueryValue("SELECT address_city || ' ' || address_zip FROM people WHERE n = 101"),
            "Lyon 1");
}

TEST(MongoLiveTest, UnreachableServerFailsWithoutPrintingThePassword) {
  CommandResult r = RunFerry(
      {"plan", "--from", "mongodb://app:s3cret@127.0.0.1:1/shop?serverSelectionTimeoutMS=300"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("mongodb://app:***@127.0.0.1:1/shop"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is the server running and reachable?"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("s3cret"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ferry::testing
