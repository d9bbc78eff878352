// PostgreSQL → PostgreSQL copies whose tables come from the source's own schema
// (pg_dump's pre-data and post-data): classic inheritance with rows in every
// table, and a database that sqlx migrations made, with its functions and
// triggers and its migration history.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <map>
#include <thread>

#include "migrate_test_util.h"
#include "pg_pair_fixture.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

class PgNativeSchemaTest : public PgPairTest {
 protected:
  PgNativeSchemaTest() : PgPairTest("nativesrc", "nativedst") {}

  CommandResult NativeCopy(std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), {"--schema-from", "source"});
    return Copy(extra);
  }
  // `sql` gives the same one value on both sides.
  void ExpectSame(const std::string& sql) {
    EXPECT_EQ(target_.QueryValue(sql), source_.QueryValue(sql)) << sql;
  }
};

// Given a parent with rows of its own and two INHERITS children with rows
// (one with a column more), the target has the same three tables linked the
// same way, each with its own rows once (a plain SELECT of the parent sees
// the children's rows as in the source, not twice), and verify finds it equal.
TEST_F(PgNativeSchemaTest, InheritanceChildrenWithRowsKeepTheirLinkAndEveryRowOnce) {
  Run(source_, R"sql(
    CREATE TABLE measurement (id int PRIMARY KEY, city text NOT NULL DEFAULT 'x');
    INSERT INTO measurement VALUES (1, 'a'), (2, 'b'), (3, 'c');
    CREATE TABLE measurement_2007_01 () INHERITS (measurement);
    ALTER TABLE measurement_2007_01 ADD PRIMARY KEY (id);
    INSERT INTO measurement_2007_01 VALUES (10, 'x'), (11, 'y');
    CREATE TABLE measurement_2007_02 (extra int) INHERITS (measurement);
    INSERT INTO measurement_2007_02 SELECT 100 + i, 'z', i FROM generate_series(1, 500) i;
    ANALYZE;)sql");
  CommandResult copy = NativeCopy({"--chunk-rows", "100", "--jobs", "2"});
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  for (const char* table : {"measurement", "measurement_2007_01", "measurement_2007_02"}) {
    ExpectSame(std::string("SELECT count(*) || ' ' || count(DISTINCT id) FROM ONLY ") + table);
  }
  ExpectSame("SELECT count(*) FROM measurement");
  ExpectSame(
      "SELECT string_agg(inhrelid::regclass || '<' || inhparent::regclass, ',' ORDER BY "
      "inhrelid::regclass::text) "
      "FROM pg_inherits");
  ExpectSame(
      "SELECT string_agg(indexname || ' ' || indexdef, ',' ORDER BY indexname) FROM pg_indexes "
      "WHERE schemaname = 'public'");
  for (const char* level : {"count", "hash", "row"}) {
    CommandResult verify = Verify(level);
    EXPECT_EQ(verify.exit_code, 0) << level << verify.out << verify.err;
  }
}

// Given columns, an index and a function that need extensions (citext,
// hstore, pg_trgm; pg_dump -n leaves extensions out), the target gets the
// extensions first, then the tables, the trigram index and the rows.
TEST_F(PgNativeSchemaTest, ExtensionsTheSchemaNeedsAreCreatedFirst) {
  Run(source_, R"sql(
    CREATE EXTENSION citext; CREATE EXTENSION hstore; CREATE EXTENSION pg_trgm;
    CREATE TABLE people (id int PRIMARY KEY, email citext UNIQUE, tags hstore, name text);
    CREATE INDEX people_name_trgm ON people USING gin (name gin_trgm_ops);
    INSERT INTO people SELECT i, 'P' || i || '@Example.com', hstore('k', i::text), 'name ' || i
      FROM generate_series(1, 200) i;)sql");
  CommandResult copy = NativeCopy();
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  ExpectSame("SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension");
  ExpectSame(
      "SELECT string_agg(indexname || ' ' || indexdef, ',' ORDER BY indexname) FROM pg_indexes "
      "WHERE schemaname = 'public'");
  EXPECT_EQ(target_.QueryValue("SELECT id FROM people WHERE email = 'p7@example.COM'"), "7");
  EXPECT_EQ(copy.err.find("not restored"), std::string::npos) << copy.err;
  CommandResult verify = Verify("row");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

// Given grants, a comment, row-level security with a policy and a table owned
// by another role, the copy carries them all; with --no-owner and --no-acl
// (as pg_dump has them) the target's user owns the table and no grant comes.
TEST_F(PgNativeSchemaTest, GrantsOwnersPoliciesAndCommentsComeAlongUnlessLeftOut) {
  // Roles are the cluster's, shared by every test database: made once.
  Run(source_, R"sql(
    DO $$BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ferry_test_reader') THEN
        CREATE ROLE ferry_test_reader;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ferry_test_owner') THEN
        CREATE ROLE ferry_test_owner;
      END IF;
    END$$;
    CREATE TABLE notes (id int PRIMARY KEY, owner_name text, body text);
    INSERT INTO notes VALUES (1, 'a', 'x'), (2, 'b', 'y');
    COMMENT ON TABLE notes IS 'what people wrote';
    GRANT SELECT ON notes TO ferry_test_reader;
    ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
    CREATE POLICY own_notes ON notes FOR SELECT USING (owner_name = current_user);
    ALTER TABLE notes OWNER TO ferry_test_owner;)sql");
  const std::string about =
      "SELECT relowner::regrole || ' ' || coalesce(relacl::text, '-') || ' ' || relrowsecurity || "
      "' ' || coalesce(obj_description(oid, 'pg_class'), '-') FROM pg_class WHERE relname = "
      "'notes'";
  const std::string policies =
      "SELECT string_agg(policyname || ' ' || qual, ',') FROM pg_policies WHERE tablename = "
      "'notes'";
  CommandResult copy = NativeCopy();
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  ExpectSame(about);
  ExpectSame(policies);
  EXPECT_NE(target_.QueryValue(about).find("ferry_test_reader=r/"), std::string::npos);

  ScratchPgDatabase bare("nativebare");
  ASSERT_TRUE(bare.ok()) << bare.error();
  CommandResult left_out =
      RunFerry({"copy", "--from", source_.url(), "--to", bare.url(), "--no-owner", "--no-acl"});
  ASSERT_EQ(left_out.exit_code, 0) << left_out.out << left_out.err;
  EXPECT_EQ(bare.QueryValue("SELECT (relowner::regrole::text = current_user) || ' ' || "
                            "(relacl IS NULL) FROM pg_class WHERE relname = 'notes'"),
            "true true");
  EXPECT_EQ(bare.QueryValue(policies), source_.QueryValue(policies));
  EXPECT_EQ(bare.QueryValue("SELECT count(*) FROM notes"), "2");
}

// Given a copy killed while its post-data waits (the foreign key of notes,
// held back by a lock the test takes), the same command resumes the run and
// finishes it: every key, index and foreign key once, every row once.
TEST_F(PgNativeSchemaTest, KilledDuringThePostDataTheSameCommandFinishesIt) {
  Run(source_, R"sql(
    CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL);
    CREATE TABLE books (id int PRIMARY KEY, author_id int REFERENCES authors (id), title text);
    CREATE INDEX books_by_title ON books (title);
    CREATE TABLE notes (body text, author_id int REFERENCES authors (id));
    INSERT INTO authors SELECT i, 'author ' || i FROM generate_series(1, 1000) i;
    INSERT INTO books SELECT i, i % 1000 + 1, 'title ' || (i * 7919 % 20000)
      FROM generate_series(1, 20000) i;
    INSERT INTO notes SELECT 'note ' || i, i % 1000 + 1 FROM generate_series(1, 20000) i;
    ANALYZE;)sql");
  std::vector<std::string> args = {"copy",         "--from", source_.url(), "--to", target_.url(),
                                   "--chunk-rows", "2000",   "--jobs",      "2"};
  TempDir logs;
  PgConnection holder = target_.Connect();
  BackgroundFerry ferry(args, logs.path());
  // The pre-data commits with the run: lock notes as soon as it exists.
  bool locked = false;
  for (int i = 0; i < 3000 && ferry.Running() && !locked; ++i) {
    if (target_.QueryValue("SELECT to_regclass('public.notes') IS NOT NULL") == "t") {
      locked = holder.Run("BEGIN; LOCK TABLE notes IN SHARE UPDATE EXCLUSIVE MODE").ok();
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  ASSERT_TRUE(locked) << ferry.Err();
  const std::string waits = PgWaitsForLockSql("notes", "ferry %");
  bool waiting = false;
  for (int i = 0; i < 600 && ferry.Running() && !waiting; ++i) {
    waiting = target_.QueryValue(waits) == "t";
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(waiting) << ferry.Err();
  EXPECT_EQ(target_.QueryValue("SELECT state FROM _ferry.runs"), "finishing");
  KillFerryAndItsBackends(ferry, target_);
  ASSERT_TRUE(holder.Run("ROLLBACK").ok());

  CommandResult resumed = RunFerry(args);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  EXPECT_EQ(target_.QueryValue("SELECT state FROM _ferry.runs"), "done");
  ExpectSame(
      "SELECT string_agg(conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid), "
      "',' ORDER BY conrelid::regclass::text, conname) FROM pg_constraint "
      "WHERE connamespace = 'public'::regnamespace");
  ExpectSame(
      "SELECT string_agg(indexname || ' ' || indexdef, ',' ORDER BY indexname) FROM pg_indexes "
      "WHERE schemaname = 'public'");
  EXPECT_EQ(target_.QueryValue("SELECT bool_and(indisvalid) FROM pg_index i JOIN pg_class c ON "
                               "c.oid = i.indrelid WHERE c.relnamespace = 'public'::regnamespace"),
            "t");
  for (const char* table : {"authors", "books", "notes"}) {
    ExpectSame(std::string("SELECT count(*) FROM ") + table);
  }
  CommandResult verify = Verify("row");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

// Given no pg_dump on PATH, the default (--schema-from auto) says so and
// builds the tables with ferry's own DDL; --schema-from source refuses,
// naming the tool and the package to install.
TEST_F(PgNativeSchemaTest, WithoutPgDumpAutoTakesFerrysDdlAndSourceRefuses) {
  Run(source_, "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2);");
  std::map<std::string, std::string> no_tools = {{"PATH", "/nonexistent"}};
  CommandResult insisted =
      RunFerry({"copy", "--from", source_.url(), "--to", target_.url(), "--schema-from", "source"},
               no_tools);
  EXPECT_EQ(insisted.exit_code, 2) << insisted.err;
  EXPECT_NE(insisted.err.find("--schema-from source: "), std::string::npos) << insisted.err;
  EXPECT_NE(insisted.err.find("pg_dump"), std::string::npos) << insisted.err;
  EXPECT_NE(insisted.err.find("postgresql-client-15"), std::string::npos) << insisted.err;
  CommandResult automatic =
      RunFerry({"copy", "--from", source_.url(), "--to", target_.url()}, no_tools);
  ASSERT_EQ(automatic.exit_code, 0) << automatic.err;
  EXPECT_NE(automatic.err.find("building the tables with ferry's own DDL: "), std::string::npos)
      << automatic.err;
  EXPECT_EQ(target_.QueryValue("SELECT count(*) FROM t"), "2");
}

// Given a target that already has a type of the same name, the source's
// definition of it is refused by the server: the copy goes on (the table
// takes the type that is there), and the log and the report name the entry
// by kind and name with the server's error.
TEST_F(PgNativeSchemaTest, WhatTheTargetRefusesIsReportedByKindNameAndServerError) {
  Run(source_, R"sql(
    CREATE TYPE mood AS ENUM ('sad', 'ok');
    CREATE TABLE feelings (id int PRIMARY KEY, m mood);
    INSERT INTO feelings VALUES (1, 'sad'), (2, 'ok');)sql");
  Run(target_, "CREATE TYPE mood AS ENUM ('sad', 'ok')");
  TempDir dir;
  std::string report = (dir.path() / "report.json").string();
  CommandResult copy = NativeCopy({"--report", report});
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  EXPECT_NE(copy.err.find("not restored: TYPE public.mood: not restored from the source's "
                          "schema: type \"mood\" already exists"),
            std::string::npos)
      << copy.err;
  std::string json = ReadFile(report);
  EXPECT_NE(json.find("\"kind\":\"TYPE\",\"name\":\"public.mood\""), std::string::npos) << json;
  EXPECT_EQ(target_.QueryValue("SELECT string_agg(m::text, ',' ORDER BY id) FROM feelings"),
            "sad,ok");
}

// Given a database that sqlx's multi-database/accounts migrations made (two
// plpgsql functions, a trigger created by calling one of them, a foreign key)
// and rows in it, the copy carries the functions, the trigger (which still
// fires) and the migration history: `ferry migrate info` and `validate` on the
// target say what they say on the source.
TEST_F(PgNativeSchemaTest, ADatabaseMadeBySqlxMigrationsKeepsItsFunctionsTriggersAndHistory) {
  FERRY_REQUIRE_SQLX_DATASET(sqlx);
  std::filesystem::path migrations = sqlx / "examples/postgres/multi-database/accounts/migrations";
  CommandResult run = Migrate({"run"}, source_.url(), migrations);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  Run(source_, R"sql(
    INSERT INTO account (email, password_hash)
      SELECT 'u' || i || '@example.com', 'h' || i FROM generate_series(1, 50) i;
    INSERT INTO session SELECT 't' || email, account_id FROM account;)sql");
  CommandResult copy = NativeCopy();
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  ExpectSame(
      "SELECT string_agg(proname || ' ' || pg_get_functiondef(oid), E'\\n' ORDER BY proname) "
      "FROM pg_proc WHERE pronamespace = 'public'::regnamespace");
  ExpectSame(
      "SELECT string_agg(tgrelid::regclass || '.' || tgname, ',' ORDER BY tgrelid::regclass::text, "
      "tgname) FROM pg_trigger "
      "WHERE NOT tgisinternal");
  ExpectSame(
      "SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), ',' ORDER BY conname) "
      "FROM pg_constraint WHERE connamespace = 'public'::regnamespace");
  EXPECT_EQ(PgHistory(target_), PgHistory(source_));
  CommandResult source_info = Migrate({"info", "--json"}, source_.url(), migrations);
  CommandResult target_info = Migrate({"info", "--json"}, target_.url(), migrations);
  ASSERT_EQ(target_info.exit_code, 0) << target_info.err;
  EXPECT_EQ(target_info.out, source_info.out);
  EXPECT_EQ(Count(target_info.out, "\"state\": \"applied\""), 3) << target_info.out;
  EXPECT_EQ(Migrate({"validate"}, target_.url(), migrations).exit_code, 0);
  CommandResult verify = Verify("row");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // Verify plans as the copy's default did, so it takes the target side from
  // the run's digests. Regression: it read the target again ("used other
  // options (--schema-from: source …)").
  std::string run_id = target_.QueryValue("SELECT run_id FROM _ferry.runs");
  EXPECT_NE(verify.out.find("run " + run_id), std::string::npos) << verify.out;
  EXPECT_EQ(verify.out.find("used other options"), std::string::npos) << verify.out;
  // And ferry plan lists what the source's schema brings as restored, not skipped.
  CommandResult plan = RunFerry({"plan", "--from", source_.url(), "--to", target_.url()});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  size_t restored =
      plan.out.find("Restored from the source's own schema (pg_dump), not by ferry's DDL:");
  ASSERT_NE(restored, std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("  function set_updated_at()\n", restored), std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("  trigger account.set_updated_at\n", restored), std::string::npos)
      << plan.out;
  EXPECT_EQ(plan.out.find("Skipped (not copied)"), std::string::npos) << plan.out;
  // The trigger the migration made by calling trigger_updated_at() fires.
  Run(target_, "UPDATE account SET password_hash = 'new' WHERE email = 'u1@example.com'");
  EXPECT_EQ(target_.QueryValue(
                "SELECT updated_at IS NOT NULL FROM account WHERE email = 'u1@example.com'"),
            "t");
}

}  // namespace
}  // namespace ferry::testing
