// After a real copy (SQLite → PostgreSQL), verify finds the data equal at every
// level, including values PostgreSQL stores differently from how SQLite held them.
#include <gtest/gtest.h>

#include "connectors/sqlite/sqlite_database.h"
#include "test_util.h"
#include "verify_test_util.h"

namespace ferry::testing {
namespace {

VerifyOptions Level(VerifyLevel level) {
  VerifyOptions options;
  options.level = level;
  options.jobs = 2;
  return options;
}

void ExpectEqualAtEveryLevel(const std::string& sqlite, const std::string& pg,
                             const PlanOptions& plan = {}) {
  for (VerifyLevel level : {VerifyLevel::kCount, VerifyLevel::kHash, VerifyLevel::kRow}) {
    Result<VerifyReport> report = VerifySqliteAgainstPg(sqlite, pg, Level(level), plan);
    ASSERT_TRUE(report.ok()) << report.status().message();
    for (const TableResult& t : report->tables) {
      EXPECT_TRUE(t.error.ok()) << t.target_table << ": " << t.error.message();
      EXPECT_GT(t.source_rows, 0) << t.target_table;
      EXPECT_FALSE(t.Differs()) << VerifyLevelName(level) << " " << t.target_table << ": "
                                << t.source_rows << " vs " << t.target_rows << ", "
                                << t.chunks_differing << " chunks, " << t.differences_total
                                << " differences"
                                << (t.differences.empty() ? "" : ", first " + t.differences[0].key);
    }
  }
}

TEST(VerifyCopyTest, ChinookIsEqualAtEveryLevelAfterCopy) {
  FERRY_REQUIRE_PG();
  std::optional<std::filesystem::path> datasets = SharedDatasetsDir();
  if (!datasets) GTEST_SKIP() << "../shared/datasets is absent: no Chinook to copy";
  std::string chinook = (*datasets / "chinook" / "Chinook_Sqlite.sqlite").string();
  ScratchPgDatabase db("verify_chinook");
  ASSERT_TRUE(db.ok()) << db.error();
  PlanOptions plan;
  plan.snake_case = true;
  Status copied = CopySqliteToPg(chinook, db.url(), plan);
  ASSERT_TRUE(copied.ok()) << copied.message();
  ExpectEqualAtEveryLevel(chinook, db.url(), plan);
  Result<VerifyReport> report =
      VerifySqliteAgainstPg(chinook, db.url(), Level(VerifyLevel::kHash), plan);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->tables.size(), 11u);
  int64_t rows = 0;
  for (const TableResult& t : report->tables) rows += t.target_rows;
  EXPECT_EQ(rows, 15607);
}

TEST(VerifyCopyTest, EveryValueKindIsEqualAtEveryLevelAfterCopy) {
  FERRY_REQUIRE_PG();
  TempDir dir;
  std::string sqlite = CreateEveryKindDatabase(dir.path(), 300);
  ScratchPgDatabase db("verify_kinds");
  ASSERT_TRUE(db.ok()) << db.error();
  Status copied = CopySqliteToPg(sqlite, db.url());
  ASSERT_TRUE(copied.ok()) << copied.message();
  ExpectEqualAtEveryLevel(sqlite, db.url());
}

// Written differently, equal in value: no false alarm.
TEST(VerifyCopyTest, EqualValuesWrittenDifferentlyAreEqual) {
  FERRY_REQUIRE_PG();
  TempDir dir;
  std::string sqlite = CreateEveryKindDatabase(dir.path(), 20);
  ScratchPgDatabase db("verify_spelling");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_TRUE(CopySqliteToPg(sqlite, db.url()).ok());
  // Row 10's JSON in the source is {"a":{"b":1},"z":[1,2]}: other key order,
  // spacing, 1.0 for 1. And numeric(12,3) holds -1.001 as written, 1 vs 1.000.
  PgConnection conn = db.Connect();
  ASSERT_TRUE(
      conn.Run(R"sql(UPDATE kinds SET j = '{"z": [1.0, 2], "a": {"b": 1.000}}' WHERE id = 10;
                             ALTER TABLE kinds ALTER COLUMN n TYPE numeric;
                             UPDATE kinds SET n = n * 1.000000 WHERE id = 11)sql")
          .ok());
  EXPECT_EQ(db.QueryValue("SELECT n FROM kinds WHERE id = 11"), "-11.011000000");
  Result<VerifyReport> report = VerifySqliteAgainstPg(sqlite, db.url(), Level(VerifyLevel::kRow));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_FALSE(report->Differs()) << report->tables[0].differences_total;
}

TEST(VerifyCopyTest, KeysInAnotherCollationOrderAreEqual) {
  FERRY_REQUIRE_PG();
  TempDir dir;
  std::string sqlite = (dir.path() / "tags.sqlite").string();
  {
    SqliteDatabase::Options options;
    options.create = true;
    SqliteDatabase sdb = SqliteDatabase::Open(sqlite, options).value();
    ASSERT_TRUE(sdb.Exec("CREATE TABLE tags (name TEXT PRIMARY KEY, n INTEGER);"
                         "INSERT INTO tags VALUES ('apple', 1), ('Banana', 2), ('éclair', 3),"
                         " ('Zebra', 4), ('zoo', 5), ('_x', 6);")
                    .ok());
  }
  ScratchPgDatabase db("verify_collation");
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_TRUE(CopySqliteToPg(sqlite, db.url()).ok());
  ASSERT_TRUE(
      db.Connect().Run("ALTER TABLE tags ALTER COLUMN name TYPE text COLLATE \"und-x-icu\"").ok());
  // The target now sorts keys otherwise than SQLite (BINARY) does.
  EXPECT_EQ(db.QueryRows("SELECT string_agg(name, ',' ORDER BY name) FROM tags"),
            "_x,apple,Banana,éclair,Zebra,zoo");
  ExpectEqualAtEveryLevel(sqlite, db.url());
}

}  // namespace
}  // namespace ferry::testing
