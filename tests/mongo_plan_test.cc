// `ferry plan` on document sources, and the ferry.toml it writes.
#include <gtest/gtest.h>

#include "mongo_test_util.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

void WriteOrders(const std::filesystem::path& file) {
  WriteFile(
      file,
      R"({"_id":{"$oid":"660000000000000000000001"},"customerId":{"$oid":"650000000000000000000001"},"ship":{"zip":"75001"},"legacy":1,"items":[{"sku":"tea"}]})"
      "\n"
      R"({"_id":{"$oid":"660000000000000000000002"},"customerId":{"$oid":"650000000000000000000002"},"ship":{"zip":"10001"},"legacy":2,"items":[]})"
      "\n");
}

TEST(MongoPlanTest, ShowsColumnsTheirPathsAndTheDdl) {
  TempDir dir;
  WriteOrders(dir.path() / "orders.json");
  CommandResult r = RunFerry({"plan", "--from", "ndjson:" + (dir.path() / "orders.json").string(),
                              "--to", "postgres://app:secret@db/app"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("postgres://app:***@db/app"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("secret"), std::string::npos);
  EXPECT_NE(r.out.find("Table orders → public.orders"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ship_zip"), std::string::npos);
  EXPECT_NE(r.out.find("customerId (objectId, in 100% of documents)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("CREATE TABLE public.orders ("), std::string::npos);
}

TEST(MongoPlanTest, WrittenMappingIsEditedAndUsedByCopy) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mplan");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir dir;
  WriteOrders(dir.path() / "orders.json");
  std::string from = "ndjson:" + (dir.path() / "orders.json").string();
  std::filesystem::path toml = dir.path() / "ferry.toml";
  CommandResult plan = RunFerry(
      {"plan", "--from", from, "--documents", "normalize", "--write-mapping", toml.string()});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  std::string mapping = ReadFile(toml);
  EXPECT_NE(mapping.find("mode = \"normalize\""), std::string::npos) << mapping;
  EXPECT_NE(mapping.find("[tables.\"orders\".columns.\"ship.zip\"]"), std::string::npos);
  // The user's edits: rename a column, drop a field, rename the table.
  size_t at = mapping.find("name = \"ship_zip\"");
  ASSERT_NE(at, std::string::npos);
  mapping.replace(at, 17, "name = \"postcode\"");
  mapping.replace(mapping.find("name = \"orders\""), 15, "name = \"purchases\"");
  std::string legacy = "[tables.\"orders\".columns.\"legacy\"]\n";
  at = mapping.find(legacy);
  ASSERT_NE(at, std::string::npos) << mapping;
  mapping.insert(at + legacy.size(), "exclude = true\n");
  WriteFile(toml, mapping);

  CommandResult copy =
      RunFerry({"copy", "--from", from, "--to", db.url(), "--config", toml.string()});
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  EXPECT_EQ(db.QueryRows("SELECT postcode FROM purchases ORDER BY postcode"), "10001\n75001");
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM information_schema.columns WHERE "
                          "table_name = 'purchases' AND column_name = 'legacy'"),
            "0");
  EXPECT_EQ(db.QueryValue("SELECT sku FROM purchases_items"), "tea");
}

TEST(MongoPlanTest, UnknownCollectionInTheMappingIsAUsageError) {
  TempDir dir;
  WriteOrders(dir.path() / "orders.json");
  WriteFile(dir.path() / "ferry.toml", "[tables.ordres]\nname = \"x\"\n");
  CommandResult r = RunFerry({"plan", "--from", "ndjson:" + (dir.path() / "orders.json").string(),
                              "--config", (dir.path() / "ferry.toml").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("collection 'ordres'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ferry::testing
