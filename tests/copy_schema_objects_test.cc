// Indexes and CHECK constraints, SQLite and PostgreSQL sources into PostgreSQL:
// each arrives as the source had it (name, method, predicate, expression,
// options) or is listed with its text in the plan, the log and the report.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "pg_pair_fixture.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

// Index name and definition of every index of schema `schema` in `db`, the
// table's qualified name left out so that two databases compare.
std::string IndexDefinitions(const ScratchPgDatabase& db, const std::string& schema) {
  return db.QueryRows(
      "SELECT indexname, regexp_replace(indexdef, ' ON (ONLY )?\\S+ ', ' ON t ') FROM pg_indexes "
      "WHERE schemaname = '" +
      schema + "' ORDER BY 1");
}

std::string CheckDefinitions(const ScratchPgDatabase& db, const std::string& schema) {
  return db.QueryRows(
      "SELECT c.relname, co.conname, pg_get_constraintdef(co.oid, true) FROM pg_constraint co "
      "JOIN pg_class c ON c.oid = co.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE co.contype = 'c' AND n.nspname = '" +
      schema + "' ORDER BY 1, 2");
}

class CopySchemaObjectsTest : public PgPairTest {
 protected:
  CopySchemaObjectsTest() : PgPairTest("objsrc", "objdst") {}
  void SourceSql(const std::string& sql) { Run(source_, sql); }

  TempDir dir_;
};

// Regression (issue 11): SQLite CHECKs were dropped silently, partial and
// expression indexes were skipped, and index names were rewritten.
TEST_F(CopySchemaObjectsTest, SqliteChecksAndPartialAndExpressionIndexesArrive) {
  std::filesystem::path path = dir_.path() / "shop.sqlite";
  MakeSqlite(path,
             "CREATE TABLE Orders (Id INTEGER PRIMARY KEY, Qty INTEGER CHECK (Qty > 0),"
             "  Status TEXT NOT NULL DEFAULT 'new', Email TEXT,"
             "  CONSTRAINT known_status CHECK (Status IN ('new', 'paid', 'done')),"
             "  CHECK (Email GLOB '*@*'));"
             "CREATE INDEX idx_open ON Orders (Status) WHERE Status <> 'done';"
             "CREATE UNIQUE INDEX idx_email ON Orders (lower(Email));"
             "CREATE INDEX idx_qty_desc ON Orders (Qty DESC);"
             "INSERT INTO Orders VALUES (1, 2, 'new', 'a@x'), (2, 5, 'done', 'B@x');"
             // A row that breaks a CHECK, as a database with checks turned off may hold.
             "PRAGMA ignore_check_constraints = ON;"
             "INSERT INTO Orders VALUES (3, -1, 'new', 'c@x');");
  std::string report = (dir_.path() / "report.json").string();
  CommandResult r = RunFerry({"copy", "--from", "sqlite:" + path.string(), "--to", target_.url(),
                              "--snake-case", "--report", report, "--on-error", "skip", "--rejects",
                              (dir_.path() / "rejects").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(IndexDefinitions(target_, "public"),
            "idx_email|CREATE UNIQUE INDEX idx_email ON t USING btree (lower(email))\n"
            "idx_open|CREATE INDEX idx_open ON t USING btree (status) WHERE (status <> "
            "'done'::text)\n"
            "idx_qty_desc|CREATE INDEX idx_qty_desc ON t USING btree (qty DESC)\n"
            "orders_pkey|CREATE UNIQUE INDEX orders_pkey ON t USING btree (id)");
  EXPECT_EQ(CheckDefinitions(target_, "public"),
            "orders|known_status|CHECK (status = ANY (ARRAY['new'::text, 'paid'::text, "
            "'done'::text]))\n"
            "orders|orders_qty_check|CHECK (qty > 0)");
  // The check that does not translate is named with its text everywhere.
  EXPECT_NE(r.err.find("CHECK (Email GLOB '*@*')"), std::string::npos) << r.err;
  EXPECT_NE(ReadFile(report).find("\"kind\":\"check constraint\",\"name\":\"Orders.(unnamed)\""),
            std::string::npos);
  CommandResult plan = RunFerry(
      {"plan", "--from", "sqlite:" + path.string(), "--to", target_.url(), "--snake-case"});
  EXPECT_NE(plan.out.find("check constraint Orders.(unnamed): not translated ('GLOB' is not "
                          "translated): CHECK (Email GLOB '*@*')"),
            std::string::npos)
      << plan.out;
  // A row the CHECK refuses is that row's error, not the table's.
  EXPECT_EQ(target_.QueryValue("SELECT string_agg(id::text, ',' ORDER BY id) FROM orders"), "1,2");
}

// Regression (issue 11): GiST, GIN, BRIN and hash indexes became btree, and
// operator classes, orders, INCLUDE columns and CHECKs were lost.
TEST_F(CopySchemaObjectsTest, PostgresIndexesAndChecksAreRecreatedAsTheSourceHasThem) {
  SourceSql(
      "CREATE TABLE docs (id bigint PRIMARY KEY, title text NOT NULL, body tsvector,"
      "  tags text[], created timestamptz, code text, during tstzrange,"
      "  price numeric CONSTRAINT price_positive CHECK (price > 0),"
      "  CHECK (length(title) BETWEEN 1 AND 200),"
      "  EXCLUDE USING gist (during WITH &&));"
      "CREATE INDEX docs_body_gist ON docs USING gist (body);"
      "CREATE INDEX idx_tags ON docs USING gin (tags);"
      "CREATE INDEX docs_created_brin ON docs USING brin (created);"
      "CREATE INDEX docs_code_hash ON docs USING hash (code);"
      "CREATE INDEX docs_title_lower ON docs (lower(title) DESC NULLS LAST) INCLUDE (price);"
      "CREATE INDEX docs_code_pattern ON docs (code text_pattern_ops) WHERE code IS NOT NULL;"
      "CREATE INDEX docs_title_c ON docs (title COLLATE \"C\");"
      "INSERT INTO docs VALUES (1, 'a', 'x y', '{a}', now(), 'c', '[2024-01-01,2024-02-01)', 3);");
  std::string report = (dir_.path() / "report.json").string();
  CommandResult r = RunFerry({"copy", "--from", source_.url(), "--to", target_.url(), "--report",
                              report, "--schema-from", "ferry"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string source_indexes = IndexDefinitions(source_, "public");
  std::string target_indexes = IndexDefinitions(target_, "public");
  // Everything but the exclusion constraint's index, which is listed instead.
  size_t exclusion = source_indexes.find("docs_during_excl|");
  ASSERT_NE(exclusion, std::string::npos) << source_indexes;
  source_indexes.erase(exclusion, source_indexes.find('\n', exclusion) + 1 - exclusion);
  EXPECT_EQ(target_indexes, source_indexes);
  EXPECT_EQ(CheckDefinitions(target_, "public"), CheckDefinitions(source_, "public"));
  EXPECT_NE(ReadFile(report).find("\"kind\":\"exclusion constraint\",\"name\":\"docs.docs_during_"
                                  "excl\",\"reason\":\"EXCLUDE USING gist (during WITH &&)"),
            std::string::npos)
      << ReadFile(report);
}

// Regression (issue 11): a CHECK that calls the source's own function would
// fail CREATE TABLE in a target without it; it is listed instead.
TEST_F(CopySchemaObjectsTest, PostgresChecksCallingOwnFunctionsAreListed) {
  SourceSql(
      "CREATE FUNCTION is_even(bigint) RETURNS boolean LANGUAGE sql IMMUTABLE AS "
      "'SELECT $1 % 2 = 0';"
      "CREATE TABLE t (id bigint PRIMARY KEY CONSTRAINT even CHECK (is_even(id)));"
      "INSERT INTO t VALUES (2);");
  CommandResult r =
      RunFerry({"copy", "--from", source_.url(), "--to", target_.url(), "--schema-from", "ferry"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(CheckDefinitions(target_, "public"), "");
  EXPECT_NE(r.err.find("t.even"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("it calls is_even(bigint)"), std::string::npos) << r.err;
}

// Pagila's GiST full-text index and its idx_* names (issue 11: idx_title
// became film_title_idx, film_fulltext_idx a btree); indexes of single
// partitions, which the copy folds into their parent, are listed.
TEST_F(CopySchemaObjectsTest, PagilaIndexesKeepNamesAndMethods) {
  std::optional<std::filesystem::path> datasets = SharedDatasetsDir();
  if (!datasets || !std::filesystem::exists(*datasets / "pagila/pagila-schema.sql")) {
    GTEST_SKIP() << "../shared/datasets/pagila is absent";
  }
  SourceSql(ReadFile(*datasets / "pagila/pagila-schema.sql"));
  CommandResult r =
      RunFerry({"plan", "--from", source_.url(), "--to", target_.url(), "--schema-from", "ferry"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("index film_fulltext_idx: using gist (fulltext)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("CREATE INDEX IF NOT EXISTS film_fulltext_idx ON public.film USING gist "
                       "(fulltext);"),
            std::string::npos);
  EXPECT_NE(r.out.find("index idx_title: (title)"), std::string::npos);
  EXPECT_EQ(r.out.find("film_title_idx"), std::string::npos);
  EXPECT_NE(r.out.find("index payment_p2022_01.idx_fk_payment_p2022_01_customer_id:"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace ferry::testing
