// SQLite as a copy target (issue 12): every source ferry reads copied into a
// SQLite file, then proven equal by `ferry verify --level row`, which reads
// the file back through ferry's own SQLite reader and mapping; values kept
// bit for bit; hostile names; modes; broken foreign keys named; and the
// SIGKILL crash test with a SQLite target.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstring>
#include <fstream>
#include <random>

#include "connectors/sqlite/sqlite_database.h"
#include "mongo_test_util.h"
#include "test_util.h"
#include "verify_test_util.h"

namespace ferry::testing {
namespace {

#define FERRY_REQUIRE_DATASET(relative)                                                    \
  if (!SharedDatasetsDir() || !std::filesystem::exists(*SharedDatasetsDir() / relative)) { \
    GTEST_SKIP() << "../shared/datasets/" << relative                                      \
                 << " is absent (set FERRY_SHARED_DIR to the folder holding datasets/)";   \
  }

std::string Chinook() { return (*SharedDatasetsDir() / "chinook/Chinook_Sqlite.sqlite").string(); }

std::string Query(const std::filesystem::path& path, const std::string& sql) {
  SqliteDatabase db = SqliteDatabase::Open(path.string(), {.read_only = true}).value();
  SqliteStatement s = db.Prepare(sql).value();
  if (!s.Step().value()) return "";
  return std::string(s.ColumnText(0));
}

class SqliteTargetTest : public ::testing::Test {
 protected:
  std::string Target() const { return "sqlite:" + (dir_.path() / "target.db").string(); }
  std::filesystem::path TargetPath() const { return dir_.path() / "target.db"; }
  // Copies `from` into the SQLite target, then verifies at --level row.
  void CopyAndVerify(const std::string& from, std::vector<std::string> extra = {}) {
    std::vector<std::string> copy = {"copy", "--from", from, "--to", Target()};
    copy.insert(copy.end(), extra.begin(), extra.end());
    CommandResult copied = RunFerry(copy);
    ASSERT_EQ(copied.exit_code, 0) << copied.out << copied.err;
    std::vector<std::string> verify = {"verify", "--from",  from, "--to",
                                       Target(), "--level", "row"};
    CommandResult verified = RunFerry(verify);
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
    EXPECT_NE(verified.out.find("EQUAL"), std::string::npos) << verified.out;
  }
  TempDir dir_;
};

TEST_F(SqliteTargetTest, ChinookSqliteToSqliteVerifiesEqualRowForRow) {
  FERRY_REQUIRE_DATASET("chinook/Chinook_Sqlite.sqlite");
  CopyAndVerify("sqlite:" + Chinook());
  EXPECT_EQ(Query(TargetPath(), "SELECT count(*) FROM \"Track\""), "3503");
  EXPECT_EQ(Query(TargetPath(), "SELECT typeof(\"Total\") FROM \"Invoice\" LIMIT 1"), "text");
  EXPECT_EQ(Query(TargetPath(), "SELECT state FROM _ferry_runs"), "done");
  // WAL during the load only: the new file is back in SQLite's default mode.
  EXPECT_EQ(Query(TargetPath(), "PRAGMA journal_mode"), "delete");
  CommandResult status = RunFerry({"status", "--to", Target()});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find(": done"), std::string::npos) << status.out;
  // The copy's digests cannot stand for a SQLite table (no row versions): verify
  // says so once, without calling the tables changed, and reads them.
  CommandResult verified = RunFerry({"verify", "--from", "sqlite:" + Chinook(), "--to", Target()});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_NE(verified.out.find("target side read for every table: copy run "), std::string::npos)
      << verified.out;
  EXPECT_EQ(verified.out.find("the table changed since copy run"), std::string::npos)
      << verified.out;
  // Read as a source in its turn, the file's run state is listed, not copied.
  CommandResult plan = RunFerry({"plan", "--from", Target()});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("ferry's own run state"), std::string::npos) << plan.out;
  EXPECT_EQ(plan.out.find("CREATE TABLE \"_ferry_runs\""), std::string::npos) << plan.out;
}

TEST_F(SqliteTargetTest, ChinookSqliteThroughPostgresToSqliteVerifiesEqual) {
  FERRY_REQUIRE_PG();
  FERRY_REQUIRE_DATASET("chinook/Chinook_Sqlite.sqlite");
  ScratchPgDatabase pg("chinook_hop");
  ASSERT_TRUE(pg.ok()) << pg.error();
  CommandResult to_pg = RunFerry({"copy", "--from", "sqlite:" + Chinook(), "--to", pg.url()});
  ASSERT_EQ(to_pg.exit_code, 0) << to_pg.err;
  CopyAndVerify(pg.url());
  // The second hop keeps what the first one wrote: numeric digits as text.
  EXPECT_EQ(Query(TargetPath(), "SELECT \"Total\" FROM \"Invoice\" WHERE \"InvoiceId\" = 1"),
            "1.98");
}

TEST_F(SqliteTargetTest, PagilaPostgresToSqliteVerifiesEqual) {
  FERRY_REQUIRE_PG();
  FERRY_REQUIRE_DATASET("pagila/pagila-data.sql");
  ScratchPgDatabase pg("pagila_sqlite");
  ASSERT_TRUE(pg.ok()) << pg.error();
  PgConnection conn = pg.Connect();
  Status s = LoadDump(conn, *SharedDatasetsDir() / "pagila/pagila-schema.sql");
  ASSERT_TRUE(s.ok()) << s.message();
  s = LoadDump(conn, *SharedDatasetsDir() / "pagila/pagila-data.sql");
  ASSERT_TRUE(s.ok()) << s.message();
  CopyAndVerify(pg.url());
  EXPECT_EQ(Query(TargetPath(), "SELECT count(*) FROM rental"),
            pg.QueryValue("SELECT count(*) FROM rental"));
}

TEST_F(SqliteTargetTest, MongodumpDatasetToSqliteVerifiesEqual) {
  FERRY_REQUIRE_DATASET("mongodb-json-files/tweets-dump/dump");
  CopyAndVerify("mongodump:" +
                (*SharedDatasetsDir() / "mongodb-json-files/tweets-dump/dump").string());
}

TEST_F(SqliteTargetTest, NdjsonDatasetsToSqliteVerifyEqual) {
  FERRY_REQUIRE_DATASET("mongodb-json-files/restaurant.json");
  for (const char* name : {"restaurant.json", "books.json"}) {
    SCOPED_TRACE(name);
    std::filesystem::remove(TargetPath());
    CopyAndVerify("ndjson:" + (*SharedDatasetsDir() / "mongodb-json-files" / name).string());
  }
}

TEST_F(SqliteTargetTest, LiveMongoDbToSqliteVerifiesEqual) {
  FERRY_REQUIRE_MONGO();
  std::string db = UniqueMongoDatabase("sqlite_target");
  ASSERT_TRUE(SeedPeople(db, "people", 500).ok());
  CopyAndVerify(MongoUrlForDatabase(db));
  EXPECT_EQ(Query(TargetPath(), "SELECT count(*) FROM people"), "500");
}

TEST_F(SqliteTargetTest, EveryValueKindToSqliteVerifiesEqual) {
  std::string source = CreateEveryKindDatabase(dir_.path(), 500);
  CopyAndVerify("sqlite:" + source);
}

// Given PostgreSQL floats that a REAL column would change (-0.0 becomes 0),
// we expect each stored bit for bit, and a NaN refused naming its column.
TEST_F(SqliteTargetTest, FloatsKeptBitForBitAndNaNRefusedByName) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase pg("floats");
  ASSERT_TRUE(pg.ok()) << pg.error();
  PgConnection conn = pg.Connect();
  ASSERT_TRUE(
      conn.Run("CREATE TABLE f (id int PRIMARY KEY, d float8, r float4, n numeric, j jsonb);"
               "INSERT INTO f VALUES (1, '-0', '-0', 12.50, '1.0'), (2, 4.9e-324, "
               "1.4e-45, -0.001, '{\"a\": 1.0}'), (3, 'Infinity', '-Infinity', 1e30, "
               "'[1, 2]'), (4, NULL, NULL, NULL, NULL)")
          .ok());
  CopyAndVerify(pg.url());
  {  // closed before the next copy: a reader would hold the file in its rollback journal mode
    SqliteDatabase db = SqliteDatabase::Open(TargetPath().string(), {.read_only = true}).value();
    SqliteStatement s = db.Prepare("SELECT d, typeof(d), n, typeof(n) FROM f ORDER BY id").value();
    double expected[] = {-0.0, 4.9e-324, HUGE_VAL};
    const char* numerics[] = {"12.50", "-0.001", "1000000000000000000000000000000"};
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(s.Step().value());
      double got = s.ColumnDouble(0);
      EXPECT_EQ(std::memcmp(&got, &expected[i], sizeof got), 0) << "row " << i + 1;
      EXPECT_EQ(s.ColumnText(1), "real");
      EXPECT_EQ(s.ColumnText(2), numerics[i]);
      EXPECT_EQ(s.ColumnText(3), "text");
    }
  }
  ASSERT_TRUE(conn.Run("CREATE TABLE nan (id int PRIMARY KEY, x float8); INSERT INTO nan VALUES "
                       "(7, 'NaN')")
                  .ok());
  CommandResult refused =
      RunFerry({"copy", "--from", pg.url(), "--to", Target(), "--tables", "nan"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("NaN"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("\"x\""), std::string::npos) << refused.err;
}

TEST_F(SqliteTargetTest, HostileNamesArePreserved) {
  std::filesystem::path source = dir_.path() / "hostile.db";
  SqliteDatabase db = SqliteDatabase::Open(source.string(), {.create = true}).value();
  ASSERT_TRUE(db.Exec("CREATE TABLE \"select\" (\"a \"\"b\" INTEGER PRIMARY KEY, \"ünï cödé\" "
                      "TEXT, \"order\" TEXT);"
                      "INSERT INTO \"select\" VALUES (1, 'x', 'y'), (2, NULL, 'z')")
                  .ok());
  CopyAndVerify("sqlite:" + source.string());
  EXPECT_EQ(Query(TargetPath(), "SELECT \"ünï cödé\" FROM \"select\" WHERE \"a \"\"b\" = 1"), "x");
}

// SQLite text holds NUL (PostgreSQL's cannot): a SQLite-to-SQLite copy keeps it.
TEST_F(SqliteTargetTest, TextWithNulIsKeptInASqliteTarget) {
  std::filesystem::path source = dir_.path() / "nul.db";
  SqliteDatabase db = SqliteDatabase::Open(source.string(), {.create = true}).value();
  ASSERT_TRUE(db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);"
                      "INSERT INTO t VALUES (1, 'a' || char(0) || 'b')")
                  .ok());
  CopyAndVerify("sqlite:" + source.string());
  EXPECT_EQ(Query(TargetPath(), "SELECT length(CAST(v AS BLOB)) FROM t"), "3");
}

// Given a target written once, each mode does what it says.
TEST_F(SqliteTargetTest, ReplaceTruncateAppendAndUpsertModes) {
  std::filesystem::path source = dir_.path() / "modes.db";
  SqliteDatabase db = SqliteDatabase::Open(source.string(), {.create = true}).value();
  ASSERT_TRUE(db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);"
                      "INSERT INTO t VALUES (1, 'a'), (2, 'b')")
                  .ok());
  std::string from = "sqlite:" + source.string();
  CopyAndVerify(from);
  CommandResult again = RunFerry({"copy", "--from", from, "--to", Target()});
  EXPECT_EQ(again.exit_code, 0);  // the same command again: its run is done already
  EXPECT_NE(again.out.find("already finished"), std::string::npos) << again.out;
  ASSERT_TRUE(db.Exec("UPDATE t SET v = 'B' WHERE id = 2; INSERT INTO t VALUES (3, 'c')").ok());
  CopyAndVerify(from, {"--mode", "upsert"});
  EXPECT_EQ(Query(TargetPath(), "SELECT group_concat(v, '') FROM (SELECT v FROM t ORDER BY id)"),
            "aBc");
  CopyAndVerify(from, {"--mode", "truncate"});
  CopyAndVerify(from, {"--mode", "replace"});
  ASSERT_TRUE(db.Exec("DELETE FROM t; INSERT INTO t VALUES (4, 'd')").ok());
  CommandResult appended = RunFerry({"copy", "--from", from, "--to", Target(), "--mode", "append"});
  ASSERT_EQ(appended.exit_code, 0) << appended.err;
  EXPECT_EQ(Query(TargetPath(), "SELECT count(*) FROM t"), "4");
}

// Given whole-table chunks (--chunk-rows 0) where one table fails, we expect
// the table that was copied kept for the resume, and --restart to drop it as
// the run's own (its chunk's writer created it and recorded so).
TEST_F(SqliteTargetTest, RestartDropsTheTablesWholeTableChunksCreated) {
  std::filesystem::path source = dir_.path() / "restart.db";
  SqliteDatabase db = SqliteDatabase::Open(source.string(), {.create = true}).value();
  ASSERT_TRUE(db.Exec("CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT);"
                      "INSERT INTO a VALUES (1, 'x'), (2, 'y');"
                      "CREATE TABLE b (id TEXT PRIMARY KEY, v TEXT);"
                      "INSERT INTO b VALUES ('k', 'v'), (NULL, 'w')")
                  .ok());
  // One worker, so a is committed before b fails (--jobs defaults to the cores).
  std::vector<std::string> copy = {"copy", "--from", "sqlite:" + source.string(),
                                   "--to", Target(), "--chunk-rows",
                                   "0",    "--jobs", "1"};
  CommandResult failed = RunFerry(copy);
  EXPECT_NE(failed.exit_code, 0);
  EXPECT_EQ(Query(TargetPath(), "SELECT count(*) FROM a"), "2");
  ASSERT_TRUE(db.Exec("DELETE FROM b WHERE id IS NULL").ok());
  copy.push_back("--restart");
  CommandResult restarted = RunFerry(copy);
  ASSERT_EQ(restarted.exit_code, 0) << restarted.err;
  EXPECT_NE(restarted.err.find("dropped a, created by run"), std::string::npos) << restarted.err;
  CopyAndVerify("sqlite:" + source.string(), {"--chunk-rows", "0"});
}

TEST_F(SqliteTargetTest, BrokenForeignKeyIsNamedWithItsRows) {
  std::filesystem::path source = dir_.path() / "orphans.db";
  SqliteDatabase db = SqliteDatabase::Open(source.string(), {.create = true}).value();
  ASSERT_TRUE(db.Exec("CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                      "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER "
                      "REFERENCES parent (id));"
                      "INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1), (2, 99)")
                  .ok());
  CommandResult copied =
      RunFerry({"copy", "--from", "sqlite:" + source.string(), "--to", Target()});
  EXPECT_NE(copied.exit_code, 0);
  EXPECT_NE(copied.err.find("foreign key (parent_id) of child to parent: 1 row(s) refer to keys "
                            "parent does not hold: id=2 (parent_id=99)"),
            std::string::npos)
      << copied.err;
}

// The crash test of copy_resume_test.cc with a SQLite target: killed with
// SIGKILL at random moments (--jobs 1 and 4 in turn), resumed until done;
// every row lands exactly once.
TEST_F(SqliteTargetTest, KilledAtRandomMomentsAndResumedEveryRowLandsExactlyOnce) {
  std::string source = (dir_.path() / "kinds.db").string();
  MakeKindsDatabase(source, 600000);
  std::random_device seed_source;
  unsigned seed = seed_source();
  std::mt19937 random(seed);
  // 150 to 400 chunks: enough that 24 rounds, each waiting for a chunk and up
  // to 120 ms more, cannot finish the copy early even when the machine is busy
  // (with 100 chunks and 250 ms, four workers did: 18 kills).
  int chunk_rows = std::uniform_int_distribution<int>(1500, 4000)(random);
  SCOPED_TRACE("seed " + std::to_string(seed) + ", --chunk-rows " + std::to_string(chunk_rows));
  std::vector<std::string> args = {
      "copy",   "--from",       "sqlite:" + source,         "--to",
      Target(), "--chunk-rows", std::to_string(chunk_rows), "--claim-timeout",
      "2"};
  TempDir logs;
  auto done_chunks = [this] {
    Result<SqliteDatabase> db = SqliteDatabase::Open(TargetPath().string(), {.read_only = true});
    if (!db.ok()) return 0;
    Result<SqliteStatement> s =
        db->Prepare("SELECT count(*) FROM _ferry_chunks WHERE state = 'done'");
    if (!s.ok()) return 0;
    Result<bool> row = s->Step();
    if (!row.ok() || !*row) return 0;
    return static_cast<int>(s->ColumnInt64(0));
  };
  int kills = KillUntilDone(args, logs.path(), random, 1, 4, done_chunks, 24, 120);
  EXPECT_GE(kills, 20);
  EXPECT_EQ(Query(TargetPath(), "SELECT count(*) FROM kinds"), "600000");
  EXPECT_EQ(Query(TargetPath(), "SELECT count(DISTINCT id) FROM kinds"), "600000");
  EXPECT_EQ(Query(TargetPath(), "SELECT sum(rows) FROM _ferry_chunks WHERE state = 'done'"),
            "600000");
  CommandResult verified =
      RunFerry({"verify", "--from", "sqlite:" + source, "--to", Target(), "--level", "row"});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

}  // namespace
}  // namespace ferry::testing
