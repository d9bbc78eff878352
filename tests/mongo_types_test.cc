// Type fidelity from BSON files (mongodump form) generated here, copied into
// PostgreSQL and read back with SQL: every BSON type, extremes, specials, deep
// nesting, a document near 16 MB, mixed _id kinds, odd keys.
#include <gtest/gtest.h>

#include "mongo_test_util.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

DocumentPlanOptions Everything() {
  DocumentPlanOptions options;
  options.sample = -1;
  return options;
}

// Copies one collection `name` holding `docs` from a generated mongodump folder.
Result<DocumentPlan> CopyCollection(const ScratchPgDatabase& db, const std::string& name,
                                    const std::vector<std::string>& docs,
                                    CopyOptions copy_options = {}) {
  TempDir dir;
  WriteBsonFile(dir.path() / "db" / (name + ".bson"), docs);
  return CopyDocuments("mongodump:" + dir.path().string(), db, Everything(), copy_options);
}

TEST(MongoTypesTest, ScalarsKeepTheirExactValues) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("types");
  ASSERT_TRUE(db.ok()) << db.error();
  auto plan = CopyCollection(
      db, "t",
      {R"({"_id":1,"i32":{"$numberInt":"-2147483648"},"i64":{"$numberLong":"-9223372036854775808"},
          "dbl":{"$numberDouble":"-0.0"},"dec":{"$numberDecimal":"9.999999999999999999999999999999999E+6144"},
          "date":{"$date":{"$numberLong":"-62135596800000"}},"str":"é😀\t\"q\"","b":true,
          "bin":{"$binary":{"base64":"AP8=","subType":"00"}},
          "u":{"$binary":{"base64":"EjRWeJASNFZ4kBI0VniQEg==","subType":"04"}},
          "oid":{"$oid":"5f0000000000000000000001"}})",
       R"({"_id":2,"i32":{"$numberInt":"2147483647"},"i64":{"$numberLong":"9223372036854775807"},
          "dbl":{"$numberDouble":"NaN"},"dec":{"$numberDecimal":"NaN"},
          "date":{"$date":{"$numberLong":"253402300800001"}},"str":"","b":false,
          "bin":{"$binary":{"base64":"","subType":"80"}},
          "u":{"$binary":{"base64":"AAAAAAAAAAAAAAAAAAAAAA==","subType":"04"}},
          "oid":{"$oid":"ffffffffffffffffffffffff"}})",
       R"({"_id":3,"i32":null,"i64":{"$numberLong":"0"},"dbl":{"$numberDouble":"-Infinity"},
          "dec":{"$numberDecimal":"-1.000E-6176"},"date":{"$date":"1969-12-31T23:59:59.999Z"}})"});
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(db.QueryRows("SELECT i32, i64, dbl, b FROM t ORDER BY _id"),
            "-2147483648|-9223372036854775808|-0|t\n"
            "2147483647|9223372036854775807|NaN|f\n"
            "<null>|0|-Infinity|<null>");
  EXPECT_EQ(
      db.QueryValue("SELECT length(dec::text) || ':' || left(dec::text, 3) FROM t WHERE _id = 1"),
      "6145:999");
  EXPECT_EQ(db.QueryValue("SELECT dec FROM t WHERE _id = 2"), "NaN");
  EXPECT_EQ(db.QueryValue("SELECT dec = -1e-6176 FROM t WHERE _id = 3"), "t");
  EXPECT_EQ(db.QueryRows("SELECT to_char(date AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS AD') "
                         "FROM t ORDER BY _id"),
            "0001-01-01 00:00:00.000 AD\n10000-01-01 00:00:00.001 AD\n1969-12-31 23:59:59.999 AD");
  EXPECT_EQ(db.QueryRows("SELECT str, encode(bin, 'hex'), u FROM t WHERE _id < 3 ORDER BY _id"),
            "é😀\t\"q\"|00ff|12345678-9012-3456-7890-123456789012\n"
            "||00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(db.QueryRows("SELECT oid FROM t WHERE _id < 3 ORDER BY _id"),
            "5f000000-0000-0000-0000-000100000000\nffffffff-ffff-ffff-ffff-ffff00000000");
}

TEST(MongoTypesTest, TypesWithoutAColumnTypeBecomeExtendedJson) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("jsontypes");
  ASSERT_TRUE(db.ok()) << db.error();
  auto plan = CopyCollection(
      db, "t", {R"({"_id":1,"re":{"$regularExpression":{"pattern":"^a.*","options":"im"}},
          "code":{"$code":"function() { return 1; }"},"ts":{"$timestamp":{"t":1700000000,"i":7}},
          "min":{"$minKey":1},"max":{"$maxKey":1},"sym":{"$symbol":"s"},"undef":{"$undefined":true},
          "ref":{"$ref":"users","$id":{"$oid":"5f0000000000000000000001"}},
          "legacy":{"$binary":{"base64":"AAECAwQFBgcICQoLDA0ODw==","subType":"03"}}})"});
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(db.QueryRows("SELECT re, code, ts, min, max FROM t"),
            R"({"$regularExpression": {"options": "im", "pattern": "^a.*"}}|)"
            R"({"$code": "function() { return 1; }"}|)"
            R"({"$timestamp": {"i": 7, "t": 1700000000}}|{"$minKey": 1}|{"$maxKey": 1})");
  EXPECT_EQ(db.QueryRows("SELECT sym, undef, ref FROM t"),
            R"({"$symbol": "s"}|{"$undefined": true}|)"
            R"({"$id": {"$oid": "5f0000000000000000000001"}, "$ref": "users"})");
  EXPECT_EQ(db.QueryValue("SELECT encode(legacy, 'hex') FROM t"),
            "000102030405060708090a0b0c0d0e0f");
}

TEST(MongoTypesTest, DatesPostgresCannotHoldAreRejectedWithTheReason) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("baddates");
  ASSERT_TRUE(db.ok()) << db.error();
  TempDir rejects;
  auto plan = CopyCollection(db, "events",
                             {R"({"_id":1,"at":{"$date":"2020-01-01T00:00:00Z"}})",
                              R"({"_id":2,"at":{"$date":{"$numberLong":"-9223372036854775808"}}})"},
                             {.on_error = OnError::kSkip, .rejects_dir = rejects.path()});
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(db.QueryValue("SELECT string_agg(_id::text, ',') FROM events"), "1");
  std::string rejected = ReadFile(rejects.path() / "events.ndjson");
  EXPECT_NE(rejected.find("document _id 2: field 'at'"), std::string::npos) << rejected;
  EXPECT_NE(rejected.find("outside PostgreSQL's timestamptz range"), std::string::npos);
  // The rejected document itself is in the file, as Extended JSON.
  EXPECT_NE(rejected.find(R"("_document":{"_id":2,"at":{ "$date" : { "$numberLong" : )"
                          R"("-9223372036854775808" } }})"),
            std::string::npos)
      << rejected;
}

TEST(MongoTypesTest, MixedIdKindsAreKeptApartInOneJsonKey) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mixedids");
  ASSERT_TRUE(db.ok()) << db.error();
  auto plan = CopyCollection(db, "m",
                             {R"({"_id":1,"v":"int"})", R"({"_id":"1","v":"string"})",
                              R"({"_id":{"$numberLong":"2"},"v":"long"})",
                              R"({"_id":{"$oid":"5f0000000000000000000001"},"v":"oid"})",
                              R"({"_id":{"a":1,"b":[2]},"v":"doc"})"});
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(db.QueryRows("SELECT _id::text || ' ' || v FROM m ORDER BY v"),
            "{\"a\": 1, \"b\": [2]} doc\n1 int\n2 long\n{\"$oid\": \"5f0000000000000000000001\"} "
            "oid\n\"1\" string");
}

TEST(MongoTypesTest, DeepNestingAndOddKeysAreKept) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("deep");
  ASSERT_TRUE(db.ok()) << db.error();
  // 90 levels: libbson's JSON reader stops at 100, MongoDB itself at 100 levels.
  constexpr int kLevels = 90;
  std::string deep = "1";
  for (int i = 0; i < kLevels; ++i) deep = R"({"d":)" + deep + "}";
  auto plan = CopyCollection(
      db, "n",
      {R"({"_id":1,"deep":)" + deep +
       R"(,"$exists":true,"a.b":2,"first name":"x","\uFEFFbom":3,"camelCase":{"innerKey":4}})"});
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  std::string path;  // deep.d is the column (depth 2); the other levels are inside its json
  for (int i = 1; i < kLevels; ++i) path += i > 1 ? ",d" : "d";
  EXPECT_EQ(db.QueryValue("SELECT deep_d #>> '{" + path + "}' FROM n"), "1");
  EXPECT_EQ(db.QueryRows("SELECT \"exists\", a_b, first_name, bom, camel_case_inner_key FROM n"),
            "t|2|x|3|4");
}

TEST(MongoTypesTest, DocumentNearSixteenMegabytesCopies) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("large");
  ASSERT_TRUE(db.ok()) << db.error();
  std::string big(16 * 1024 * 1024 - 200, 'x');
  auto plan = CopyCollection(db, "big",
                             {R"({"_id":1,"blob":")" + big + R"("})", R"({"_id":2,"blob":"y"})"});
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(db.QueryRows("SELECT length(blob) FROM big ORDER BY _id"),
            std::to_string(big.size()) + "\n1");
}

}  // namespace
}  // namespace ferry::testing
