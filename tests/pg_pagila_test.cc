// The real Pagila database (../shared/datasets/pagila) as a PostgreSQL source:
// a partitioned payment table, sequences set past their keys by setval, views,
// a materialized view, functions, an aggregate, domains, an enum and triggers.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "test_util.h"

namespace ferry::testing {
namespace {

class PgPagilaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    std::optional<std::filesystem::path> datasets = SharedDatasetsDir();
    if (!datasets || !std::filesystem::exists(*datasets / "pagila/pagila-data.sql")) {
      GTEST_SKIP() << "../shared/datasets/pagila is absent";
    }
    ASSERT_TRUE(source_.ok()) << source_.error();
    ASSERT_TRUE(target_.ok()) << target_.error();
    PgConnection conn = source_.Connect();
    Status s = LoadDump(conn, *datasets / "pagila/pagila-schema.sql");
    ASSERT_TRUE(s.ok()) << s.message();
    s = LoadDump(conn, *datasets / "pagila/pagila-data.sql");
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_TRUE(conn.Run("ANALYZE").ok());
  }

  ScratchPgDatabase source_{"pagila"};
  ScratchPgDatabase target_{"pagila_copy"};
};

// Given Pagila and ferry's own DDL, the copy has every payment once (read through the partitioned
// table), sequences that continue from the source's values (staff_staff_id_seq
// was set to 1500 over 2 staff rows), every object it does not copy listed in
// the report, and verify finds it equal.
TEST_F(PgPagilaTest, CopiesEveryRowOnceWithItsSequencesAndListsWhatItDoesNotCopy) {
  TempDir dir;
  std::string report = (dir.path() / "report.json").string();
  CommandResult copy =
      RunFerry({"copy", "--from", source_.url(), "--to", target_.url(), "--chunk-rows", "5000",
                "--report", report, "--schema-from", "ferry"});
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  EXPECT_EQ(target_.QueryValue("SELECT count(*) FROM payment"),
            source_.QueryValue("SELECT count(*) FROM payment"));
  EXPECT_EQ(target_.QueryValue("SELECT count(*) FROM pg_class WHERE relname ~ '^payment_p20'"),
            "0");
  EXPECT_EQ(target_.QueryValue("SELECT nextval('staff_staff_id_seq')"), "1501");
  EXPECT_EQ(target_.QueryValue("SELECT nextval('payment_payment_id_seq')"), "32099");
  EXPECT_EQ(target_.QueryValue("INSERT INTO actor (first_name, last_name) VALUES ('A', 'B') "
                               "RETURNING actor_id"),
            "201");
  std::string json = ReadFile(report);
  for (const char* listed :
       {"\"function\",\"name\":\"film_in_stock(", "\"aggregate\",\"name\":\"group_concat(text)\"",
        "\"domain\",\"name\":\"year\"", "\"enum type\",\"name\":\"mpaa_rating\"",
        "\"view\",\"name\":\"actor_info\"", "\"materialized view\",\"name\":\"rental_by_category\"",
        "\"trigger\",\"name\":\"actor.last_updated\"",
        "\"partition\",\"name\":\"payment_p2022_01\""}) {
    EXPECT_NE(json.find(std::string("\"kind\":") + listed), std::string::npos) << listed;
  }
  ASSERT_TRUE(target_.Connect().Run("DELETE FROM actor WHERE actor_id = 201").ok());
  CommandResult verify =
      RunFerry({"verify", "--from", source_.url(), "--to", target_.url(), "--level", "row"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

// With --schema-from source the tables come from pg_dump's schema of the
// source: every index (name and definition), constraint, view, trigger,
// function, domain, enum and partition is there as in the source, every row once
// (counted with ONLY per physical table), sequences continue from the
// source's values, and verify finds it equal.
TEST_F(PgPagilaTest, SourceSchemaCarriesIndexesConstraintsViewsTriggersAndPartitions) {
  CommandResult copy = RunFerry({"copy", "--from", source_.url(), "--to", target_.url(),
                                 "--schema-from", "source", "--jobs", "2", "--chunk-rows", "5000"});
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  for (const char* catalog :
       {"SELECT string_agg(indexname || ' ' || indexdef, E'\\n' ORDER BY indexname) "
        "FROM pg_indexes WHERE schemaname = 'public'",
        "SELECT string_agg(conrelid::regclass || ' ' || conname || ' ' || "
        "pg_get_constraintdef(c.oid), E'\\n' ORDER BY conrelid::regclass::text, conname) FROM "
        "pg_constraint c "
        "WHERE connamespace = 'public'::regnamespace",
        "SELECT string_agg(viewname, ',' ORDER BY viewname) FROM pg_views "
        "WHERE schemaname = 'public'",
        "SELECT string_agg(matviewname || ' ' || ispopulated, ',' ORDER BY matviewname) "
        "FROM pg_matviews",
        "SELECT string_agg(tgrelid::regclass || '.' || tgname, ',' ORDER BY "
        "tgrelid::regclass::text, tgname) "
        "FROM pg_trigger WHERE NOT tgisinternal",
        "SELECT string_agg(typname || typtype::text, ',' ORDER BY typname) FROM pg_type "
        "WHERE typnamespace = 'public'::regnamespace AND typtype IN ('d', 'e')",
        "SELECT string_agg(inhrelid::regclass || '<' || inhparent::regclass, ',' ORDER BY "
        "inhrelid::regclass::text) "
        "FROM pg_inherits",
        "SELECT string_agg(rulename, ',' ORDER BY rulename) FROM pg_rules "
        "WHERE schemaname = 'public'",
        "SELECT string_agg(proname || ' ' || prokind::text, ',' ORDER BY proname) FROM pg_proc "
        "WHERE pronamespace = 'public'::regnamespace",
        "SELECT string_agg(pg_get_functiondef(oid), E'\\n' ORDER BY proname, "
        "oid::regprocedure::text) "
        "FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND prokind <> 'a'"}) {
    EXPECT_EQ(target_.QueryValue(catalog), source_.QueryValue(catalog)) << catalog;
  }
  std::string tables = source_.QueryValue(
      "SELECT string_agg(relname, ',') FROM pg_class WHERE relkind = 'r' AND "
      "relnamespace = 'public'::regnamespace");
  std::stringstream names(tables);
  for (std::string table; std::getline(names, table, ',');) {
    std::string count = "SELECT count(*) FROM ONLY public." + table;
    EXPECT_EQ(target_.QueryValue(count), source_.QueryValue(count)) << table;
  }
  EXPECT_EQ(target_.QueryValue("SELECT nextval('payment_payment_id_seq')"), "32099");
  EXPECT_EQ(target_.QueryValue("SELECT nextval('staff_staff_id_seq')"), "1501");
  CommandResult verify =
      RunFerry({"verify", "--from", source_.url(), "--to", target_.url(), "--level", "row"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
}  // namespace ferry::testing
