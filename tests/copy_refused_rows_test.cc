// Rows the target refuses (its own constraints, under --mode append) with
// --on-error skip: each is set aside into the rejects file and the rest of
// its chunk or table is copied, in chunked and single-stream copies alike.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "connectors/sqlite/sqlite_database.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

constexpr int kRows = 5000;

class CopyRefusedRowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    ASSERT_TRUE(db_.ok()) << db_.error();
    path_ = dir_.path() / "app.db";
    SqliteDatabase sqlite = SqliteDatabase::Open(path_.string(), {.create = true}).value();
    Status s = sqlite.Exec(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
        std::to_string(kRows) +
        ") INSERT INTO t SELECT i, 'v' || i FROM n;"
        "UPDATE t SET v = 'bad' WHERE id = 1234;");
    ASSERT_TRUE(s.ok()) << s.message();
  }

  // The target's own table: rows already there, and a check SQLite never had.
  void MakeTarget(const std::string& existing_ids) {
    ASSERT_TRUE(db_.Connect()
                    .Run("CREATE TABLE t (id bigint PRIMARY KEY, v text CHECK (v <> 'bad'));"
                         "INSERT INTO t SELECT i, 'old' FROM unnest(ARRAY[" +
                         existing_ids + "]) i")
                    .ok());
  }

  CommandResult Copy(const std::string& chunk_rows, const std::string& on_error) {
    return RunFerry({"copy", "--from", "sqlite:" + path_.string(), "--to", db_.url(), "--mode",
                     "append", "--on-error", on_error, "--chunk-rows", chunk_rows, "--rejects",
                     (dir_.path() / "rejects").string()});
  }

  // Every line of every rejects file.
  std::vector<std::string> Rejects() {
    std::vector<std::string> lines;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path() / "rejects", ec)) {
      std::ifstream in(entry.path());
      for (std::string line; std::getline(in, line);) lines.push_back(line);
    }
    return lines;
  }

  ScratchPgDatabase db_{"refused"};
  TempDir dir_;
  std::filesystem::path path_;
};

class CopyRefusedRowsModeTest : public CopyRefusedRowsTest,
                                public ::testing::WithParamInterface<const char*> {};

// Given three source rows whose keys the target already holds and one its
// check refuses, we expect those four in the rejects file with the target's
// reasons, every other row copied, and the counts of the summary right.
TEST_P(CopyRefusedRowsModeTest, RefusedRowsAreSetAsideAndTheRestCopied) {
  MakeTarget("7, 2500, 4999");
  CommandResult r = Copy(GetParam(), "skip");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM t"), std::to_string(kRows - 1));
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM t WHERE v = 'old'"), "3");
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM t WHERE id = 1234"), "0");
  std::vector<std::string> lines = Rejects();
  ASSERT_EQ(lines.size(), 4u) << r.err;
  std::string all;
  for (const std::string& line : lines) all += line + "\n";
  for (const char* key :
       {"\"key\":\"id=7\"", "\"key\":\"id=2500\"", "\"key\":\"id=4999\"", "\"key\":\"id=1234\""}) {
    EXPECT_NE(all.find(key), std::string::npos) << key << " not in\n" << all;
  }
  EXPECT_NE(all.find("already exists"), std::string::npos) << all;
  EXPECT_NE(all.find("violates check constraint"), std::string::npos) << all;
  // The summary counts each row once, however many times its chunk was copied.
  EXPECT_NE(r.out.find(" 5000          4996          4 "), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(ChunkedAndSingleStream, CopyRefusedRowsModeTest,
                         ::testing::Values("1000", "0"));

// Given --on-error stop, we expect the first refusal to stop the copy as
// before, with the target's reason, nothing of the source committed, and the
// summary saying so.
TEST_F(CopyRefusedRowsTest, StopModeStillStopsAtTheFirstRefusal) {
  MakeTarget("7");
  CommandResult r = Copy("0", "stop");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("Key (id)=(7) already exists"), std::string::npos) << r.err;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM t"), "1");
  // None written: the transaction was rolled back, and the chunk's reads are
  // not counted either, as the same command reads it again.
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\nt +0 +0 +0 .*\(failed\))"))) << r.out;
}

// Given more refusals than one table or chunk may set aside (each costs one
// more pass), we expect the copy to stop and say so.
TEST_F(CopyRefusedRowsTest, TooManyRefusalsStopWithAClearError) {
  std::string ids;
  for (int i = 1; i <= 101; ++i) ids += (ids.empty() ? "" : ", ") + std::to_string(i * 10);
  MakeTarget(ids);
  CommandResult r = Copy("0", "skip");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("refused more than 100 rows"), std::string::npos) << r.err;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM t"), "101");
}

}  // namespace
}  // namespace ferry::testing
