// Copy runs that fail must have a one-command way on: rows that break a key
// or a foreign key are named, --on-error skip rejects them, and a failed
// first run neither blocks the next command nor leaves tables behind.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "test_util.h"

namespace ferry::testing {
namespace {

std::vector<std::string> Lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class CopyFailurePathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    ASSERT_TRUE(db_.ok()) << db_.error();
  }
  // One worker: these tests count the chunks committed before a failure,
  // which with several (--jobs defaults to the cores) depends on timing.
  CommandResult Copy(const std::string& from, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"copy", "--from", from, "--to", db_.url(), "--jobs", "1"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunFerry(args, {}, dir_.path());
  }
  // users.ndjson: _id 1..300, then _id 7 again on line 301.
  std::string UsersWithAnIdTwice() {
    std::string lines;
    for (int i = 1; i <= 300; ++i) {
      lines += "{\"_id\": " + std::to_string(i) + ", \"name\": \"u" + std::to_string(i) + "\"}\n";
    }
    lines += "{\"_id\": 7, \"name\": \"again\"}\n";
    WriteFile(dir_.path() / "users.ndjson", lines);
    return "ndjson:" + (dir_.path() / "users.ndjson").string();
  }
  // codes: a declared TEXT PRIMARY KEY that holds 'a' twice. SQLite reads it
  // without a word (only PRAGMA integrity_check finds "non-unique entry");
  // made here by editing the schema, as old tools did.
  std::string CodesWithAKeyTwice() {
    std::filesystem::path path = dir_.path() / "codes.db";
    MakeSqlite(path,
               "CREATE TABLE codes (code TEXT, label TEXT);"
               "INSERT INTO codes VALUES ('a', 'first'), ('b', 'second'), ('a', 'later');"
               "CREATE INDEX x ON codes (code);"
               "PRAGMA writable_schema = ON;"
               "UPDATE sqlite_master SET name = 'sqlite_autoindex_codes_1', sql = NULL "
               "WHERE name = 'x';"
               "UPDATE sqlite_master SET sql = 'CREATE TABLE codes (code TEXT PRIMARY KEY, "
               "label TEXT)' WHERE name = 'codes';");
    return "sqlite:" + path.string();
  }
  // authors 1..2 and books, one of which refers to author 77 (SQLite does
  // not enforce foreign keys unless asked).
  std::string BooksWithAMissingAuthor() {
    std::filesystem::path path = dir_.path() / "library.db";
    MakeSqlite(path,
               "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT);"
               "CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES "
               "authors(id), title TEXT);"
               "INSERT INTO authors VALUES (1, 'one'), (2, 'two');"
               "INSERT INTO books VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 77, 'c');");
    return "sqlite:" + path.string();
  }
  // events 1..300; the day of event `bad` is not a date.
  std::string EventsWithABadDay(int bad) {
    std::filesystem::path path = dir_.path() / "events.db";
    MakeSqlite(path,
               "CREATE TABLE events (id INTEGER PRIMARY KEY, day DATE NOT NULL);"
               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
               "INSERT INTO events SELECT i, CASE WHEN i = " +
                   std::to_string(bad) + " THEN 'soon' ELSE '2024-01-01' END FROM n;");
    return "sqlite:" + path.string();
  }
  std::string PrimaryKeys(const std::string& table) {
    return db_.QueryValue(
        "SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND conrelid = '" + table +
        "'::regclass");
  }

  ScratchPgDatabase db_{"failure_paths"};
  TempDir dir_;
};

// Regression: an _id twice committed both rows, the key could not be built,
// and the run was stuck with a message that named no row.
TEST_F(CopyFailurePathsTest, AnIdTwiceIsNamedAndSkipRestartRejectsTheLaterRow) {
  std::string from = UsersWithAnIdTwice();
  CommandResult first = Copy(from, {"--chunk-rows", "100"});
  ASSERT_EQ(first.exit_code, 1) << first.err;
  EXPECT_TRUE(Has(first.err, "the primary key (_id) of table users cannot be built")) << first.err;
  EXPECT_TRUE(Has(first.err, "_id=7 (chunks 0 and 3)")) << first.err;
  EXPECT_TRUE(Has(first.err, "--on-error skip --restart")) << first.err;

  CommandResult skipped = Copy(from, {"--chunk-rows", "100", "--on-error", "skip", "--restart"});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM users"), "300");
  EXPECT_EQ(db_.QueryValue("SELECT name FROM users WHERE _id = 7"), "u7");
  EXPECT_EQ(PrimaryKeys("users"), "1");
  std::vector<std::string> rejects = Lines(dir_.path() / "rejects/users.duplicates.ndjson");
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_TRUE(Has(rejects[0], "\"key\":\"_id=7\"")) << rejects[0];
  EXPECT_TRUE(Has(rejects[0], "(chunk 0) was kept, this one (chunk 3)")) << rejects[0];
  EXPECT_TRUE(Has(rejects[0], "\"again\"")) << rejects[0];
}

TEST_F(CopyFailurePathsTest, ASqlitePrimaryKeyHoldingDuplicatesIsNamedInAResumableRun) {
  std::string from = CodesWithAKeyTwice();
  CommandResult first = Copy(from);
  ASSERT_EQ(first.exit_code, 1) << first.err;
  EXPECT_TRUE(Has(first.err,
                  "the primary key (code) of table codes cannot be built: rows share "
                  "key values, e.g. code='a' (2 times in chunk 0)"))
      << first.err;
  CommandResult skipped = Copy(from, {"--on-error", "skip", "--restart"});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(db_.QueryRows("SELECT code, label FROM codes ORDER BY code"), "a|first\nb|second");
  EXPECT_EQ(Lines(dir_.path() / "rejects/codes.duplicates.ndjson").size(), 1u);
}

// The same with whole-table chunks: the later row is refused as a bad row.
TEST_F(CopyFailurePathsTest, ASqlitePrimaryKeyHoldingDuplicatesInOneStream) {
  std::string from = CodesWithAKeyTwice();
  CommandResult stopped = Copy(from, {"--chunk-rows", "0"});
  ASSERT_EQ(stopped.exit_code, 1) << stopped.err;
  EXPECT_TRUE(Has(stopped.err, "code='a' (rows ")) << stopped.err;
  EXPECT_TRUE(Has(stopped.err, "run with --on-error skip")) << stopped.err;
  CommandResult skipped = Copy(from, {"--chunk-rows", "0", "--on-error", "skip"});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(db_.QueryRows("SELECT code, label FROM codes ORDER BY code"), "a|first\nb|second");
  std::vector<std::string> rejects = Lines(dir_.path() / "rejects/codes.ndjson");
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_TRUE(Has(rejects[0], "\"key\":\"code='a'\"")) << rejects[0];
  EXPECT_TRUE(Has(rejects[0], "\"later\"")) << rejects[0];
}

// Regression: a foreign key whose parent row is missing left the run
// "finishing" with no way on. Fixed in the target, the same command finishes it.
TEST_F(CopyFailurePathsTest, AMissingParentRowIsNamedAndTheRunFinishesOnceFixed) {
  std::string from = BooksWithAMissingAuthor();
  CommandResult first = Copy(from);
  ASSERT_EQ(first.exit_code, 1) << first.err;
  EXPECT_TRUE(Has(first.err,
                  "foreign key books_author_id_fkey (books.author_id -> authors.id): "
                  "1 row(s) of books refer to keys that authors does not hold, e.g. "
                  "author_id=77 (1 row(s): id=3)"))
      << first.err;
  EXPECT_TRUE(Has(first.err, "run the same command again")) << first.err;
  EXPECT_EQ(db_.QueryValue("SELECT state FROM _ferry.runs"), "finishing");
  ASSERT_TRUE(db_.Connect().Run("INSERT INTO authors VALUES (77, 'found')").ok());
  CommandResult again = Copy(from);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(db_.QueryValue("SELECT state FROM _ferry.runs"), "done");
  EXPECT_EQ(
      db_.QueryValue("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = "
                     "'public'::regnamespace"),
      "1");
}

// Under --on-error skip the broken foreign key is listed as not created.
TEST_F(CopyFailurePathsTest, AMissingParentRowUnderSkipLeavesTheForeignKeyOut) {
  std::string from = BooksWithAMissingAuthor();
  ASSERT_EQ(Copy(from).exit_code, 1);
  CommandResult skipped = Copy(from, {"--on-error", "skip", "--restart", "--report", "r.json"});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_TRUE(Has(skipped.err, "foreign key books_author_id_fkey not created")) << skipped.err;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM books"), "3");
  EXPECT_EQ(
      db_.QueryValue("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = "
                     "'public'::regnamespace"),
      "0");
  std::string report = ReadFile(dir_.path() / "r.json");
  EXPECT_TRUE(Has(report, "\"kind\":\"foreign key\",\"name\":\"books_author_id_fkey\"")) << report;
}

// Regression: a failed first run left its empty table and its run behind, so
// the suggested --on-error skip was refused as "other options".
TEST_F(CopyFailurePathsTest, AFirstRunFailingBeforeAnyChunkLeavesTheTargetAsBefore) {
  std::string from = EventsWithABadDay(5);
  CommandResult first = Copy(from);
  ASSERT_EQ(first.exit_code, 1) << first.err;
  EXPECT_TRUE(Has(first.err, "No chunk was copied")) << first.err;
  EXPECT_TRUE(Has(first.err, "run it with --on-error skip")) << first.err;
  EXPECT_EQ(db_.QueryValue("SELECT to_regclass('public.events') IS NULL"), "t");
  CommandResult skipped = Copy(from, {"--on-error", "skip"});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM events"), "299");
}

// Regression: after chunks were done, --restart was refused as "tables
// already exist"; now it drops the tables the failed run created.
TEST_F(CopyFailurePathsTest, AFailedRunWithChunksDoneRestartsWithSkipInOneCommand) {
  std::string from = EventsWithABadDay(250);
  CommandResult first = Copy(from, {"--chunk-rows", "100"});
  ASSERT_EQ(first.exit_code, 1) << first.err;
  EXPECT_TRUE(Has(first.err, "run it with --on-error skip --restart")) << first.err;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM events"), "200");
  CommandResult refused = Copy(from, {"--chunk-rows", "100", "--on-error", "skip"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Has(refused.err, "run this command with --restart")) << refused.err;
  CommandResult skipped = Copy(from, {"--chunk-rows", "100", "--on-error", "skip", "--restart"});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_TRUE(Has(skipped.err, "dropped public.events, created by run")) << skipped.err;
  EXPECT_EQ(db_.QueryValue("SELECT count(*) FROM events"), "299");
  EXPECT_EQ(Lines(dir_.path() / "rejects/events.2.ndjson").size(), 1u);
}

// --restart with the very options of the unfinished run starts it over too.
TEST_F(CopyFailurePathsTest, RestartWithTheSameOptionsStartsOver) {
  std::string from = EventsWithABadDay(250);
  ASSERT_EQ(Copy(from, {"--chunk-rows", "100"}).exit_code, 1);
  ASSERT_TRUE(db_.Connect().Run("UPDATE events SET day = '1999-01-01' WHERE id = 1").ok());
  CommandResult again = Copy(from, {"--chunk-rows", "100", "--restart"});
  EXPECT_EQ(again.exit_code, 1) << again.err;
  EXPECT_TRUE(Has(again.err, "dropped public.events")) << again.err;
  // The new run copied chunks 0 and 1 again, from the source.
  EXPECT_EQ(db_.QueryValue("SELECT day FROM events WHERE id = 1"), "2024-01-01");
}

}  // namespace
}  // namespace ferry::testing
