// `ferry verify` from the command line: exit codes, output, --report, mapping flags.
#include <gtest/gtest.h>

#include "connectors/sqlite/sqlite_database.h"
#include "test_util.h"
#include "verify_test_util.h"

namespace ferry::testing {
namespace {

class VerifyCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    db_ = std::make_unique<ScratchPgDatabase>("verify_cli");
    ASSERT_TRUE(db_->ok()) << db_->error();
  }

  // `ferry copy` then returns the source URL.
  std::string CopyKinds() {
    std::string from = "sqlite:" + CreateEveryKindDatabase(dir_.path(), 100);
    CommandResult copy = RunFerry({"copy", "--from", from, "--to", db_->url(), "-q"});
    EXPECT_EQ(copy.exit_code, 0) << copy.err;
    return from;
  }

  CommandResult Verify(const std::string& from, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"verify", "--from", from, "--to", db_->url(), "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunFerry(args);
  }

  TempDir dir_;
  std::unique_ptr<ScratchPgDatabase> db_;
};

TEST_F(VerifyCliTest, EqualCopyExitsZeroAtEveryLevel) {
  std::string from = CopyKinds();
  for (const char* level : {"count", "hash", "row"}) {
    CommandResult r = Verify(from, {"--level", level});
    EXPECT_EQ(r.exit_code, 0) << level << "\n" << r.out << r.err;
    EXPECT_NE(r.out.find("EQUAL: 1 table(s) verified at level " + std::string(level)),
              std::string::npos)
        << r.out;
  }
}

TEST_F(VerifyCliTest, DifferenceExitsThreeAndRowLevelNamesKeyAndColumn) {
  std::string from = CopyKinds();
  ASSERT_TRUE(db_->Connect().Run("UPDATE kinds SET v = 'changed' WHERE id = 5").ok());
  CommandResult hash = Verify(from);
  EXPECT_EQ(hash.exit_code, 3) << hash.out << hash.err;
  EXPECT_NE(hash.out.find("content differs"), std::string::npos) << hash.out;
  CommandResult row = Verify(from, {"--level", "row"});
  EXPECT_EQ(row.exit_code, 3);
  EXPECT_NE(row.out.find("changed  id=5"), std::string::npos) << row.out;
  EXPECT_NE(row.out.find("v: source 'v5', target 'changed'"), std::string::npos) << row.out;
}

TEST_F(VerifyCliTest, ReportHasEveryDifferenceCountWhileMaxDiffsCapsTheList) {
  std::string from = CopyKinds();
  ASSERT_TRUE(db_->Connect().Run("DELETE FROM kinds WHERE id IN (3, 4, 5)").ok());
  std::string report = (dir_.path() / "verify.json").string();
  CommandResult r = Verify(from, {"--level", "row", "--max-diffs", "1", "--report", report});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.out.find("and 2 more"), std::string::npos) << r.out;
  std::string json = ReadFile(report);
  EXPECT_NE(json.find("\"differences_total\": 3, \"differences_not_listed\": 2"), std::string::npos)
      << json;
  EXPECT_NE(json.find("\"equal\": false"), std::string::npos);
}

TEST_F(VerifyCliTest, MappingFlagsBuildTheSamePlanAsCopy) {
  std::string path = (dir_.path() / "app.sqlite").string();
  {
    SqliteDatabase::Options options;
    options.create = true;
    SqliteDatabase sdb = SqliteDatabase::Open(path, options).value();
    ASSERT_TRUE(sdb.Exec("CREATE TABLE OrderItems (ItemId INTEGER PRIMARY KEY, UnitPrice "
                         "NUMERIC(10,2)); INSERT INTO OrderItems VALUES (1, 9.5), (2, 10);")
                    .ok());
  }
  std::string from = "sqlite:" + path;
  CommandResult copy = RunFerry(
      {"copy", "--from", from, "--to", db_->url(), "--snake-case", "--schema", "app", "-q"});
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  EXPECT_EQ(Verify(from, {"--snake-case", "--schema", "app", "--level", "row"}).exit_code, 0);
  CommandResult other_plan = Verify(from, {"--schema", "app"});
  EXPECT_EQ(other_plan.exit_code, 3);
  EXPECT_NE(other_plan.out.find("table \"OrderItems\" is missing in the target"), std::string::npos)
      << other_plan.out;
}

TEST_F(VerifyCliTest, DocumentsVerifyThroughTheSameDocumentMappingAsCopy) {
  std::optional<std::filesystem::path> datasets = SharedDatasetsDir();
  if (!datasets) GTEST_SKIP() << "../shared/datasets is absent: no students.json to copy";
  std::string from = "ndjson:" + (*datasets / "mongodb-json-files" / "students.json").string();
  std::vector<std::string> mapping = {"--documents", "normalize", "--snake-case"};
  std::vector<std::string> copy = {"copy", "--from", from, "--to", db_->url(), "-q"};
  copy.insert(copy.end(), mapping.begin(), mapping.end());
  CommandResult copied = RunFerry(copy);
  ASSERT_EQ(copied.exit_code, 0) << copied.err;
  std::vector<std::string> row_level = mapping;
  row_level.insert(row_level.end(), {"--level", "row"});
  std::string report = (dir_.path() / "verify.json").string();
  std::vector<std::string> with_report = row_level;
  with_report.insert(with_report.end(), {"--report", report});
  CommandResult equal = Verify(from, with_report);
  EXPECT_EQ(equal.exit_code, 0) << equal.out << equal.err;
  EXPECT_NE(equal.out.find("students_scores"), std::string::npos) << equal.out;
  EXPECT_NE(ReadFile(report).find("\"documents\": \"normalize\""), std::string::npos);
  ASSERT_TRUE(db_->Connect()
                  .Run("DELETE FROM students_scores WHERE ctid IN "
                       "(SELECT ctid FROM students_scores LIMIT 1)")
                  .ok());
  CommandResult differs = Verify(from, row_level);
  EXPECT_EQ(differs.exit_code, 3) << differs.out << differs.err;
  EXPECT_NE(differs.out.find("missing "), std::string::npos) << differs.out;
}

TEST_F(VerifyCliTest, UnreachableTargetExitsOneWithoutThePassword) {
  std::string from = CopyKinds();
  CommandResult r =
      RunFerry({"verify", "--from", from, "--to", "postgres://me:hunter2@127.0.0.1:1/db"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("127.0.0.1:1"), std::string::npos) << r.err;
  EXPECT_EQ((r.out + r.err).find("hunter2"), std::string::npos);
}

// Makes app.sqlite in the test's folder from `sql` and returns its URL.
std::string MakeSqlite(const TempDir& dir, const std::string& sql) {
  std::string path = (dir.path() / "app.sqlite").string();
  SqliteDatabase sdb = SqliteDatabase::Open(path, {.create = true}).value();
  Status s = sdb.Exec(sql);
  EXPECT_TRUE(s.ok()) << s.message();
  return "sqlite:" + path;
}

// Issue 11.20: one changed byte of a 24 KB BLOB printed 24 KB of hex.
TEST_F(VerifyCliTest, ALongBlobDifferenceIsShownByLengthHashAndFirstDifferingByte) {
  std::string from = MakeSqlite(dir_,
                                "CREATE TABLE files (id INTEGER PRIMARY KEY, body BLOB);"
                                "INSERT INTO files VALUES (1, zeroblob(24576)), (2, x'00');");
  ASSERT_EQ(RunFerry({"copy", "--from", from, "--to", db_->url(), "-q"}).exit_code, 0);
  ASSERT_TRUE(db_->Connect()
                  .Run("UPDATE files SET body = overlay(body placing '\\x07'::bytea "
                       "from 1201 for 1) WHERE id = 1")
                  .ok());
  CommandResult r = Verify(from, {"--level", "row"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_LT(r.out.size(), 2000u) << r.out;
  EXPECT_NE(r.out.find("changed  id=1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("body: source 24576 bytes, xxh3 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("first difference at byte 1200: …\\x00000000000000000700"),
            std::string::npos)
      << r.out;
}

// Issue 11.22: verify without the copy's --snake-case said "schema differs"
// for every table and never which option made the difference.
TEST_F(VerifyCliTest, AMappingOptionTheCopyUsedIsNamedWhenTheSchemaDiffers) {
  std::string from = MakeSqlite(dir_,
                                "CREATE TABLE OrderItems (ItemId INTEGER PRIMARY KEY);"
                                "INSERT INTO OrderItems VALUES (1), (2);");
  ASSERT_EQ(RunFerry({"copy", "--from", from, "--to", db_->url(), "--snake-case", "-q"}).exit_code,
            0);
  std::string report = (dir_.path() / "verify.json").string();
  CommandResult r = Verify(from, {"--report", report});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("was mapped with other options:\n  --snake-case: "), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("run verify with the mapping options the copy used"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("OrderItems             -             -"), std::string::npos) << r.out;
  EXPECT_NE(ReadFile(report).find("\"options_differ\": [\"--snake-case: "), std::string::npos);
}

// Issue 11.23: after a copy with --on-error skip, verify always exited 3.
// Given one row the mapping refuses and one the target refuses (its own
// check), --accept-rejects takes both as known; a real difference still shows.
TEST_F(VerifyCliTest, AcceptRejectsTakesTheRowsTheCopySetAsideAsKnown) {
  std::string from = MakeSqlite(dir_,
                                "CREATE TABLE t (id INTEGER PRIMARY KEY, qty INTEGER, v TEXT);"
                                "INSERT INTO t VALUES (1, 1, 'a'), (2, 'lots', 'b'), (3, 3, 'bad'),"
                                " (4, 4, 'd'), (5, 5, 'e');");
  ASSERT_TRUE(
      db_->Connect()
          .Run("CREATE TABLE t (id bigint PRIMARY KEY, qty bigint, v text CHECK (v <> 'bad'))")
          .ok());
  std::string rejects = (dir_.path() / "rejects").string();
  CommandResult copy = RunFerry({"copy", "--from", from, "--to", db_->url(), "--mode", "append",
                                 "--on-error", "skip", "--rejects", rejects, "-q"});
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  ASSERT_EQ(db_->QueryValue("SELECT count(*) FROM t"), "3");

  CommandResult plain = Verify(from, {"--level", "row"});
  EXPECT_EQ(plain.exit_code, 3) << plain.out << plain.err;
  EXPECT_NE(plain.out.find("--accept-rejects"), std::string::npos) << plain.out;

  CommandResult accepted =
      Verify(from, {"--level", "row", "--accept-rejects", "--rejects", rejects});
  EXPECT_EQ(accepted.exit_code, 0) << accepted.out << accepted.err;
  EXPECT_NE(
      accepted.out.find("2 source row(s) set aside by the copy (its rejects files), accepted"),
      std::string::npos)
      << accepted.out;
  EXPECT_NE(accepted.out.find("2 row(s) set aside by the copy accepted"), std::string::npos)
      << accepted.out;

  ASSERT_TRUE(db_->Connect().Run("DELETE FROM t WHERE id = 5").ok());
  CommandResult differs =
      Verify(from, {"--level", "row", "--accept-rejects", "--rejects", rejects});
  EXPECT_EQ(differs.exit_code, 3) << differs.out;
  EXPECT_NE(differs.out.find("missing  id=5"), std::string::npos) << differs.out;

  CommandResult no_folder = Verify(from, {"--accept-rejects", "--rejects", rejects + "-none"});
  EXPECT_EQ(no_folder.exit_code, 1);
  EXPECT_NE(no_folder.err.find("no rejects folder"), std::string::npos) << no_folder.err;
}

TEST(VerifyCliUsageTest, UnknownLevelIsAUsageError) {
  CommandResult r =
      RunFerry({"verify", "--from", "sqlite:x.db", "--to", "postgres://h/db", "--level", "bits"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--level"), std::string::npos) << r.err;
}

TEST(VerifyCliUsageTest, HelpDescribesTheLevels) {
  CommandResult r = RunFerry({"help", "verify"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--max-diffs"), std::string::npos);
  EXPECT_NE(r.out.find("bisection"), std::string::npos);
}

}  // namespace
}  // namespace ferry::testing
