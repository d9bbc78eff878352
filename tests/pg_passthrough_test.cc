// PostgreSQL → PostgreSQL rows in binary pass-through: COPY tuples go from
// the source's COPY TO into the target's COPY FROM as the source sent them
// (pg_raw_rows.h), when the mapping leaves a table as it is and every
// column's binary form is portable; otherwise they are decoded and encoded.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pg_pair_fixture.h"

namespace ferry::testing {
namespace {

constexpr char kPassedThrough[] = "rows written as the source sent them (binary pass-through)";
constexpr char kEncodedAgain[] = "rows encoded again, not passed through";

class PgPassThroughTest : public PgPairTest {
 protected:
  PgPassThroughTest() : PgPairTest("rawsrc", "rawdst") {}

  // ferry -v copy ... (the writers say at debug level how rows went in).
  CommandResult VerboseCopy(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"-v", "copy", "--from", source_.url(), "--to", target_.url()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunFerry(args);
  }
  CommandResult Plan(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"plan", "--from", source_.url(), "--to", target_.url()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunFerry(args);
  }
  // The rows of `table` as text, in key order, the same on both sides.
  void ExpectSameRows(const std::string& table) {
    std::string rows = "SELECT r::text FROM " + table + " r ORDER BY 1";
    std::string source_rows = source_.QueryRows(rows);
    EXPECT_FALSE(source_rows.empty());
    EXPECT_EQ(target_.QueryRows(rows), source_rows);
  }

  // A table of every kind of column pass-through carries: built-in scalars,
  // arrays of built-in types, an interval, an enum, a domain, a range, with
  // 3,000 rows of varied values and a row of NULLs.
  void CreateKinds() {
    Run(source_, R"sql(
      CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
      CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
      CREATE TABLE kinds (
        id integer PRIMARY KEY, i integer, t text, n numeric(14,4), at timestamptz, jb jsonb,
        words text[], ints integer[], span interval, u uuid, raw bytea, m mood, p positive,
        r int4range, f float8[]);
      INSERT INTO kinds SELECT g, g * 7 - 1000, 'row ' || g || repeat('é', g % 5),
        g * 1.2345 - 500, timestamptz '2024-01-01 00:00+00' + g * interval '37 min 1.5 s',
        jsonb_build_object('g', g, 'tags', jsonb_build_array('a', g % 3), 'nil', null),
        ARRAY['w' || g, NULL, 'x,y "z"'], ARRAY[g, -g, NULL],
        make_interval(0, g % 13, 0, g % 31, 0, 0, g * 0.001), md5(g::text)::uuid,
        decode(lpad(to_hex(g), 8, '0'), 'hex'), (ARRAY['sad', 'ok', 'happy'])[1 + g % 3]::mood,
        1 + g % 100, int4range(g, g + 10), ARRAY[g / 3.0, 0.1]
        FROM generate_series(1, 3000) g;
      INSERT INTO kinds (id) VALUES (0);
      ANALYZE;)sql");
  }
};

// Given a table of every portable kind of column, we expect the plan to say
// its rows pass through, the writers to write them so, the target to hold the
// source's rows exactly, verify --level row to find them EQUAL, and a row
// changed in the target afterwards to be found.
TEST_F(PgPassThroughTest, RowsOfPortableTypesPassThroughAndVerifyEqual) {
  CreateKinds();
  Run(target_, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
  CommandResult plan = Plan();
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("rows: binary pass-through"), std::string::npos) << plan.out;

  CommandResult copy = VerboseCopy({"--chunk-rows", "500", "--jobs", "2"});
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  EXPECT_NE(copy.err.find(std::string("table kinds: ") + kPassedThrough), std::string::npos)
      << copy.err;
  EXPECT_EQ(copy.err.find(kEncodedAgain), std::string::npos) << copy.err;
  ExpectSameRows("kinds");
  EXPECT_EQ(target_.QueryValue("SELECT count(*) FROM kinds WHERE m IS NULL AND p IS NULL"), "1");

  CommandResult verify = Verify("row");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("EQUAL"), std::string::npos) << verify.out;
  Run(target_, "UPDATE kinds SET span = span + interval '1 microsecond' WHERE id = 1234");
  CommandResult changed = Verify("row");
  EXPECT_EQ(changed.exit_code, 3) << changed.out << changed.err;
  EXPECT_NE(changed.out.find("span"), std::string::npos) << changed.out;
}

// Given the source's own schema restored on the target (--schema-from
// source), whose columns keep their domains and enums, we expect the rows to
// pass through too.
TEST_F(PgPassThroughTest, RowsPassThroughIntoTheSourcesOwnSchema) {
  CreateKinds();
  CommandResult copy = VerboseCopy({"--schema-from", "source", "--chunk-rows", "1000"});
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  EXPECT_NE(copy.err.find(kPassedThrough), std::string::npos) << copy.err;
  EXPECT_EQ(copy.err.find(kEncodedAgain), std::string::npos) << copy.err;
  EXPECT_EQ(target_.QueryValue("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                               "WHERE attrelid = 'kinds'::regclass AND attname = 'p'"),
            "positive");
  ExpectSameRows("kinds");
  EXPECT_EQ(Verify("row").exit_code, 0);
}

// Given a column whose type the mapping file changes, we expect the plan to
// say why its rows are decoded and encoded again, no pass-through, and the
// same rows.
TEST_F(PgPassThroughTest, ATypeTheMappingChangesIsDecodedAndEncoded) {
  Run(source_, R"sql(
    CREATE TABLE t (id integer PRIMARY KEY, i integer, words text[], span interval);
    INSERT INTO t SELECT g, g, ARRAY['a' || g], g * interval '1 s' FROM generate_series(1, 500) g;)sql");
  TempDir dir;
  std::string config = (dir.path() / "ferry.toml").string();
  WriteFile(config, "[tables.t.columns.i]\ntype = \"bigint\"\n");
  CommandResult plan = Plan({"--config", config});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("rows: decoded and encoded again: column i: integer becomes bigint"),
            std::string::npos)
      << plan.out;
  CommandResult copy = VerboseCopy({"--config", config});
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  EXPECT_EQ(copy.err.find(kPassedThrough), std::string::npos) << copy.err;
  ExpectSameRows("t");
  EXPECT_EQ(Verify("row").exit_code, 0);
}

// Given an array of an enum (binary arrays carry the element type's OID,
// which differs between databases), we expect the plan to name the column and
// the reason, and its rows decoded and encoded.
TEST_F(PgPassThroughTest, AnArrayOfAUserTypeIsDecodedAndEncoded) {
  Run(source_, R"sql(
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
    CREATE TABLE feelings (id integer PRIMARY KEY, moods mood[]);
    INSERT INTO feelings SELECT g, ARRAY['ok', 'sad']::mood[] FROM generate_series(1, 50) g;)sql");
  Run(target_, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
  CommandResult plan = Plan();
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("rows: decoded and encoded again: column moods: type mood[] is an array "
                          "of a type that is not built in"),
            std::string::npos)
      << plan.out;
  CommandResult copy = VerboseCopy();
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  EXPECT_EQ(copy.err.find(kPassedThrough), std::string::npos) << copy.err;
  ExpectSameRows("feelings");
}

// Given an existing target table whose column has another type than the
// source's (--mode append), we expect the writer to see it and encode the
// values instead of passing the rows through.
TEST_F(PgPassThroughTest, AnExistingTableOfOtherTypesGetsTheRowsEncoded) {
  Run(source_, R"sql(
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
    CREATE TABLE t (id integer PRIMARY KEY, m mood);
    INSERT INTO t SELECT g, 'ok' FROM generate_series(1, 100) g;)sql");
  Run(target_, R"sql(
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
    CREATE TABLE t (id integer PRIMARY KEY, m text);)sql");
  CommandResult copy = VerboseCopy({"--mode", "append"});
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  EXPECT_NE(copy.err.find(std::string(kEncodedAgain) + ": column m is text there, not mood"),
            std::string::npos)
      << copy.err;
  EXPECT_EQ(target_.QueryValue("SELECT count(*) FROM t WHERE m = 'ok'"), "100");
}

}  // namespace
}  // namespace ferry::testing
