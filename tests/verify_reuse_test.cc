// `ferry verify` right after a chunked `ferry copy`: the target side comes from
// the digests the copy run stored, as long as the target is unchanged since
// (checked from row versions); otherwise the target is read, and the report
// says which and why.
#include <gtest/gtest.h>

#include <algorithm>

#include "connectors/sqlite/sqlite_database.h"
#include "test_util.h"
#include "verify_test_util.h"

namespace ferry::testing {
namespace {

class VerifyReuseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    db_ = std::make_unique<ScratchPgDatabase>("verify_reuse");
    ASSERT_TRUE(db_->ok()) << db_->error();
    sqlite_ = CreateEveryKindDatabase(dir_.path(), 300);
    // Besides "kinds" (integer key): a text key (chunks between sampled keys)
    // and no key at all (rowid ranges), so every kind of chunk bound is read.
    std::string sql =
        "CREATE TABLE tags (name TEXT PRIMARY KEY, n INTEGER); CREATE TABLE notes (body TEXT);"
        "BEGIN;";
    for (int i = 0; i < 200; ++i) {
      sql += "INSERT INTO tags VALUES ('tag" + std::to_string(i * 7919 % 1000) + "', " +
             std::to_string(i) + "); INSERT INTO notes VALUES ('note " + std::to_string(i % 50) +
             "');";
    }
    ASSERT_TRUE(Sqlite().Exec(sql + "COMMIT;").ok());
  }

  SqliteDatabase Sqlite() { return SqliteDatabase::Open(sqlite_, {}).value(); }
  std::string From() const { return "sqlite:" + sqlite_; }

  void Copy(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"copy", "--from", From(), "--to", db_->url(), "-q"};
    if (std::find(extra.begin(), extra.end(), "--chunk-rows") == extra.end()) {
      args.insert(args.end(), {"--chunk-rows", "64"});  // five chunks of "kinds"
    }
    args.insert(args.end(), extra.begin(), extra.end());
    CommandResult copy = RunFerry(args);
    ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  }

  std::string RunId(const std::string& schema = "public") const {
    return db_->QueryValue("SELECT run_id FROM _ferry.runs WHERE target LIKE '% schema " + schema +
                           "' ORDER BY finished_at DESC LIMIT 1");
  }

  // Runs verify with --report; the report's text is in report_.
  CommandResult Verify(std::vector<std::string> extra = {}) {
    std::string report = (dir_.path() / "verify.json").string();
    std::vector<std::string> args = {"verify",   "--from",   From(), "--to",
                                     db_->url(), "--report", report, "-v"};
    args.insert(args.end(), extra.begin(), extra.end());
    CommandResult r = RunFerry(args);
    report_ = ReadFile(report);
    return r;
  }

  // The JSON of table `name` in the last report (up to its differences).
  std::string TableJson(const std::string& name) const {
    size_t at = report_.find("\"target_table\": \"" + name + "\"");
    if (at == std::string::npos) return "";
    return report_.substr(at, report_.find("\"differences\"", at) - at);
  }

  void ExpectReused(const std::string& table, const std::string& run_id) {
    std::string json = TableJson(table);
    EXPECT_NE(json.find("\"target_side\": \"copy run\", \"copy_run\": \"" + run_id + "\""),
              std::string::npos)
        << json;
  }
  void ExpectRead(const std::string& table, const std::string& because) {
    std::string json = TableJson(table);
    EXPECT_NE(json.find("\"target_side\": \"read\", \"target_read_because\": "), std::string::npos)
        << json;
    EXPECT_NE(json.find(because), std::string::npos) << json;
  }

  TempDir dir_;
  std::string sqlite_;
  std::unique_ptr<ScratchPgDatabase> db_;
  std::string report_;
};

TEST_F(VerifyReuseTest, RightAfterACopyHashAndRowLevelUseTheRunsDigests) {
  Copy();
  std::string run_id = RunId();
  for (const char* level : {"hash", "row"}) {
    CommandResult r = Verify({"--level", level});
    EXPECT_EQ(r.exit_code, 0) << level << "\n" << r.out << r.err;
    EXPECT_NE(r.out.find("EQUAL: 3 table(s)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("run " + run_id), std::string::npos) << r.out;
    for (const char* table : {"kinds", "tags", "notes"}) ExpectReused(table, run_id);
    EXPECT_NE(TableJson("kinds").find("\"source_rows\": 300, \"target_rows\": 300, \"chunks\": 5"),
              std::string::npos)
        << TableJson("kinds");
    EXPECT_NE(r.err.find("copy run " + run_id), std::string::npos) << r.err;
  }
}

TEST_F(VerifyReuseTest, ReadTargetReadsEveryTableAndSaysWhy) {
  Copy();
  CommandResult r = Verify({"--read-target"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("target side read for every table: --read-target"), std::string::npos)
      << r.out;
  for (const char* table : {"kinds", "tags", "notes"}) ExpectRead(table, "--read-target");
}

// Given one change made to the target after the copy, we expect verify not to
// trust the run's digests for that table and to report the exact difference.
TEST_F(VerifyReuseTest, ATargetChangedByUpdateDeleteOrInsertIsReadAndTheRowReported) {
  Copy();
  std::string run_id = RunId();
  struct Case {
    std::string sql, expected, undo;
  };
  for (const Case& c :
       std::vector<Case>{{"UPDATE kinds SET v = 'changed' WHERE id = 5",
                          "changed  id=5\n           v: source 'v5', target 'changed'",
                          "UPDATE kinds SET v = 'v5' WHERE id = 5"},
                         {"DELETE FROM kinds WHERE id = 7", "missing  id=7", ""},
                         {"INSERT INTO kinds (id) VALUES (1000)", "extra    id=1000", ""}}) {
    SCOPED_TRACE(c.sql);
    ASSERT_TRUE(db_->Connect().Run(c.sql).ok());
    CommandResult r = Verify({"--level", "row"});
    EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
    EXPECT_NE(r.out.find(c.expected), std::string::npos) << r.out;
    ExpectRead("kinds", "the table changed since copy run " + run_id);
    ExpectReused("tags", run_id);
    if (!c.undo.empty()) {
      ASSERT_TRUE(db_->Connect().Run(c.undo).ok());
    }
  }
}

// A row rewritten with the same values is a change the check cannot see
// through: the target is read (and found equal).
TEST_F(VerifyReuseTest, AnUpdateToTheSameValuesIsReadAndFoundEqual) {
  Copy();
  ASSERT_TRUE(db_->Connect().Run("UPDATE tags SET n = n WHERE name = 'tag0'").ok());
  CommandResult r = Verify();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  ExpectRead("tags", "1 row(s) written since the copy");
  ExpectRead("tags", "1 copied row(s) gone or rewritten since");
  ExpectReused("kinds", RunId());
}

TEST_F(VerifyReuseTest, ATruncatedOrRewrittenTargetIsRead) {
  Copy();
  ASSERT_TRUE(db_->Connect().Run("ALTER TABLE kinds ALTER COLUMN small TYPE integer").ok());
  ASSERT_TRUE(db_->Connect().Run("TRUNCATE notes").ok());
  CommandResult r = Verify();
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  ExpectRead("kinds", "300 row(s) written since the copy");
  EXPECT_NE(TableJson("kinds").find("\"equal\": true"), std::string::npos) << TableJson("kinds");
  ExpectRead("notes", "200 copied row(s) gone or rewritten since");
  EXPECT_NE(TableJson("notes").find("\"source_rows\": 200, \"target_rows\": 0"), std::string::npos);
}

// Given a change in the source after the copy, we expect verify to find it by
// reading the source at the run's chunks (the target is unchanged), then to
// name the key and column at row level.
TEST_F(VerifyReuseTest, ASourceChangedSinceTheCopyIsFoundWithItsKeyAndColumn) {
  Copy();
  std::string run_id = RunId();
  ASSERT_TRUE(Sqlite().Exec("UPDATE kinds SET v = 'new' WHERE id = 150").ok());
  CommandResult hash = Verify();
  EXPECT_EQ(hash.exit_code, 3) << hash.out << hash.err;
  EXPECT_NE(hash.out.find("content differs"), std::string::npos) << hash.out;
  CommandResult row = Verify({"--level", "row"});
  EXPECT_EQ(row.exit_code, 3) << row.out << row.err;
  EXPECT_NE(row.out.find("changed  id=150\n           v: source 'new', target 'v150'"),
            std::string::npos)
      << row.out;
  ExpectRead("kinds", "of copy run " + run_id + " differs from the source");
  ExpectReused("tags", run_id);
}

TEST_F(VerifyReuseTest, ACopyWithOtherMappingOptionsIsNotReused) {
  Copy({"--tables", "kinds,tags"});
  CommandResult r = Verify({"--tables", "kinds"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  ExpectRead("kinds", "--tables: kinds,tags in run " + RunId() + ", kinds now");
  EXPECT_NE(r.err.find("not copy run"), std::string::npos) << r.err;
}

// Given a chunked copy into schema "app" and a whole-table copy into
// "public", we expect each schema's verify to stand on its own run.
TEST_F(VerifyReuseTest, OnlyTheRunOfTheVerifiedSchemaIsReused) {
  Copy({"--schema", "app"});
  Copy({"--chunk-rows", "0"});
  ASSERT_NE(RunId("app"), RunId("public"));
  CommandResult in_app = Verify({"--schema", "app"});
  EXPECT_EQ(in_app.exit_code, 0) << in_app.out << in_app.err;
  ExpectReused("kinds", RunId("app"));
  CommandResult in_public = Verify();
  EXPECT_EQ(in_public.exit_code, 0) << in_public.out << in_public.err;
  ExpectReused("kinds", RunId("public"));
}

// Rows the mapping rejects are in neither the copy's digests nor the target:
// verify still counts them, with or without the run's digests.
TEST_F(VerifyReuseTest, RejectedRowsAreReportedAsWithoutReuse) {
  ASSERT_TRUE(Sqlite().Exec("UPDATE kinds SET n = 'not a number' WHERE id = 42").ok());
  Copy({"--on-error", "skip", "--rejects", (dir_.path() / "rejects").string()});
  CommandResult reused = Verify();
  CommandResult read = Verify({"--read-target"});
  for (const CommandResult* r : {&reused, &read}) {
    EXPECT_EQ(r->exit_code, 3) << r->out << r->err;
    EXPECT_NE(r->out.find("1 source row(s) cannot be converted by the mapping"), std::string::npos)
        << r->out;
    EXPECT_EQ(r->out.find("content differs"), std::string::npos) << r->out;
  }
  EXPECT_NE(reused.out.find("run " + RunId()), std::string::npos) << reused.out;
}

// char(n) values are padded by the server after copy hashed them; trailing
// spaces do not count in char(n), for the server or the hash. We expect no
// false alarm whether the target is read or not, the digests used, and a real
// change still found.
TEST_F(VerifyReuseTest, ACharColumnVerifiesEqualAndItsChangesAreFound) {
  ASSERT_TRUE(Sqlite()
                  .Exec("CREATE TABLE codes (id INTEGER PRIMARY KEY, code CHAR(4));"
                        "INSERT INTO codes VALUES (1, 'ab  '), (2, 'abcd'), (3, 'x'), (4, NULL);")
                  .ok());
  Copy({"--tables", "codes"});
  CommandResult reused = Verify({"--tables", "codes", "--level", "row"});
  EXPECT_EQ(reused.exit_code, 0) << reused.out << reused.err;
  ExpectReused("codes", RunId());
  CommandResult read = Verify({"--tables", "codes", "--level", "row", "--read-target"});
  EXPECT_EQ(read.exit_code, 0) << read.out << read.err;
  ASSERT_TRUE(db_->Connect().Run("UPDATE codes SET code = 'xy' WHERE id = 3").ok());
  CommandResult changed = Verify({"--tables", "codes", "--level", "row"});
  EXPECT_EQ(changed.exit_code, 3) << changed.out << changed.err;
  EXPECT_NE(changed.out.find("code"), std::string::npos) << changed.out;
  EXPECT_NE(changed.out.find("xy"), std::string::npos) << changed.out;
}

// A copy into tables that existed (--mode truncate) is not trusted: their own
// types or triggers may have changed values as they were stored.
TEST_F(VerifyReuseTest, ACopyIntoExistingTablesIsNotReused) {
  Copy();
  Copy({"--mode", "truncate"});
  CommandResult r = Verify();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  ExpectRead("kinds", "wrote into tables that existed before it (--mode truncate)");
}

}  // namespace
}  // namespace ferry::testing
