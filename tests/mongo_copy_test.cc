// `ferry copy` from document sources into PostgreSQL, through the binary.
#include <gtest/gtest.h>

#include "mongo_test_util.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

// A small shop: customers, and orders that refer to them by ObjectId and hold
// nested objects and arrays of line items.
void WriteShopDump(const std::filesystem::path& dir) {
  WriteBsonFile(
      dir / "shop" / "customers.bson",
      {R"({"_id":{"$oid":"650000000000000000000001"},"name":"Ada","address":{"city":"Paris","geo":{"lat":48.8}}})",
       R"({"_id":{"$oid":"650000000000000000000002"},"name":"Linus","address":{"city":"Oslo"}})"});
  WriteFile(dir / "shop" / "customers.metadata.json",
            R"({"options":{},"indexes":[{"v":2,"key":{"_id":1},"name":"_id_"},)"
            R"({"v":2,"key":{"name":1},"name":"name_1","unique":true}]})");
  WriteBsonFile(
      dir / "shop" / "orders.bson",
      {R"({"_id":{"$oid":"660000000000000000000001"},"customer":{"$oid":"650000000000000000000001"},
                    "total":{"$numberDecimal":"12.50"},"at":{"$date":"2024-01-31T10:00:00Z"},
                    "items":[{"sku":"tea","qty":2},{"sku":"cup","qty":1}]})",
       R"({"_id":{"$oid":"660000000000000000000002"},"customer":{"$oid":"650000000000000000000002"},
                    "total":{"$numberDecimal":"3"},"at":{"$date":"2024-02-01T00:00:00Z"},
                    "items":[{"sku":"tea","qty":1}]})"});
  WriteFile(dir / "shop" / "archive.metadata.json", R"({"options":{},"indexes":[]})");
}

TEST(MongoCopyTest, MongodumpNormalizedKeepsReferencesJoinable) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mcopy");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteShopDump(dir.path());
  CommandResult r = RunFerry({"copy", "--from", "mongodump:" + dir.path().string(), "--to",
                              db.url(), "--documents", "normalize"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(db.QueryRows("SELECT c.name, o.total, i.sku, i.qty FROM orders o "
                         "JOIN customers c ON c._id = o.customer "
                         "JOIN orders_items i ON i.orders_id = o._id ORDER BY o.at, i.ordinal"),
            "Ada|12.50|tea|2\nAda|12.50|cup|1\nLinus|3|tea|1");
  EXPECT_EQ(db.QueryValue("SELECT address_geo::text FROM customers WHERE name = 'Ada'"),
            R"({"lat": 48.8})");
  EXPECT_EQ(db.QueryValue("SELECT indexdef FROM pg_indexes WHERE tablename = 'customers' AND "
                          "indexname <> 'customers_pkey'"),
            "CREATE UNIQUE INDEX customers_name_1 ON public.customers USING btree (name)");
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND "
                          "conrelid = 'orders_items'::regclass"),
            "1");
}

TEST(MongoCopyTest, BadNdjsonLineIsRejectedWithItsLineNumberUnderSkip) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mbad");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteFile(dir.path() / "events.json",
            "{\"_id\":1,\"kind\":\"a\"}\n{\"_id\":2,\"kind\":oops}\n{\"_id\":3,\"kind\":\"c\"}\n");
  std::string rejects = (dir.path() / "rejects").string();
  CommandResult r = RunFerry({"copy", "--from", "ndjson:" + (dir.path() / "events.json").string(),
                              "--to", db.url(), "--on-error", "skip", "--rejects", rejects});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(db.QueryRows("SELECT _id, kind FROM events ORDER BY _id"), "1|a\n3|c");
  std::string rejected = ReadFile(dir.path() / "rejects" / "events.ndjson");
  EXPECT_NE(rejected.find("events.json' line 2:"), std::string::npos) << rejected;
}

TEST(MongoCopyTest, BadNdjsonLineStopsTheCopyByDefaultNamingTheLine) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mstop");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteFile(dir.path() / "events.json", "{\"_id\":1}\n{\"_id\":\n");
  CommandResult r = RunFerry(
      {"copy", "--from", "ndjson:" + (dir.path() / "events.json").string(), "--to", db.url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("line 2:"), std::string::npos) << r.err;
  // The chunk's transaction rolled back and no chunk was done: the run is
  // given up and its table dropped, so the target is as before.
  EXPECT_EQ(db.QueryValue("SELECT to_regclass('public.events') IS NULL"), "t");
  EXPECT_EQ(db.QueryValue("SELECT state FROM _ferry.runs"), "abandoned");
  EXPECT_NE(r.err.find("No chunk was copied"), std::string::npos) << r.err;
}

TEST(MongoCopyTest, TruncatedDumpFailsWithTheByteOffset) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mtrunc");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteShopDump(dir.path());
  std::string bytes = ReadFile(dir.path() / "shop" / "orders.bson");
  WriteFile(dir.path() / "shop" / "orders.bson", bytes.substr(0, bytes.size() - 7));
  CommandResult r =
      RunFerry({"copy", "--from", "mongodump:" + dir.path().string(), "--to", db.url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("orders.bson' is damaged at byte offset"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ferry::testing
