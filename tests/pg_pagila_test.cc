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

// Given Pagila, the copy has every payment once (read through the partitioned
// table), sequences that continue from the source's values (staff_staff_id_seq
// was set to 1500 over 2 staff rows), every object it does not copy listed in
// the report, and verify finds it equal.
TEST_F(PgPagilaTest, CopiesEveryRowOnceWithItsSequencesAndListsWhatItDoesNotCopy) {
  TempDir dir;
  std::string report = (dir.path() / "report.json").string();
  CommandResult copy = RunFerry({"copy", "--from", source_.url(), "--to", target_.url(),
                                 "--chunk-rows", "5000", "--report", report});
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

}  // namespace
}  // namespace ferry::testing
