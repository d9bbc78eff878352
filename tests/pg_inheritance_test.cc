// PostgreSQL sources whose tables have inheritance children or partitions:
// every read (copy and verify) counts each physical row once.
#include <gtest/gtest.h>

#include "pg_pair_fixture.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

class PgInheritanceTest : public PgPairTest {
 protected:
  PgInheritanceTest() : PgPairTest("inhsrc", "inhdst") {}
  // A parent with 3 rows of its own and two children (one with a column more)
  // holding 2 and 1 rows.
  void MakeInheritance() {
    Run(source_, R"sql(
      CREATE TABLE measurement (id int PRIMARY KEY, city text);
      INSERT INTO measurement VALUES (1, 'a'), (2, 'b'), (3, 'c');
      CREATE TABLE measurement_2007_01 () INHERITS (measurement);
      ALTER TABLE measurement_2007_01 ADD PRIMARY KEY (id);
      INSERT INTO measurement_2007_01 VALUES (10, 'x'), (11, 'y');
      CREATE TABLE measurement_2007_02 (extra int) INHERITS (measurement);
      INSERT INTO measurement_2007_02 VALUES (20, 'z', 7);)sql");
  }
};

// Given a parent whose children hold rows, each table is copied with its own
// rows only (chunked and in one stream), the link is listed as not copied,
// and verify finds the copy equal.
TEST_F(PgInheritanceTest, InheritedChildRowsAreCopiedOnce) {
  MakeInheritance();
  for (const char* chunk_rows : {"1", "0"}) {
    CommandResult copy = Copy({"--chunk-rows", chunk_rows, "--mode", "replace"});
    ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
    EXPECT_EQ(target_.QueryValue("SELECT string_agg(id::text, ',' ORDER BY id) FROM measurement"),
              "1,2,3")
        << chunk_rows;
    EXPECT_EQ(target_.QueryValue("SELECT count(*) FROM measurement_2007_01"), "2");
    EXPECT_EQ(target_.QueryValue("SELECT count(*) FROM measurement_2007_02"), "1");
    EXPECT_NE(copy.err.find("skipping inheritance measurement_2007_01: inherits from "
                            "public.measurement"),
              std::string::npos)
        << copy.err;
  }
  for (const char* level : {"count", "hash", "row"}) {
    CommandResult verify = Verify(level);
    EXPECT_EQ(verify.exit_code, 0) << level << verify.out << verify.err;
  }
}

// Given a target parent that holds its child's rows a second time (what a read
// without ONLY copied), verify finds the duplicates at every level, though the
// source parent has children whose rows a plain SELECT would count as its own.
TEST_F(PgInheritanceTest, VerifyFindsADuplicatedRowWhenTheTableHasChildren) {
  MakeInheritance();
  CommandResult copy = Copy();
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  Run(target_, "INSERT INTO measurement SELECT * FROM measurement_2007_01");
  for (const char* level : {"count", "hash", "row"}) {
    CommandResult verify = Verify(level);
    EXPECT_EQ(verify.exit_code, 3) << level << verify.out << verify.err;
  }
}

// Given a table partitioned in two levels, it is read once through its root
// (the partitions are no tables of their own), each partition is listed as
// not recreated, and verify finds the copy equal.
TEST_F(PgInheritanceTest, PartitionsAreReadThroughTheirRootOnce) {
  Run(source_, R"sql(
    CREATE TABLE payment (id int, paid date, amount numeric, PRIMARY KEY (id, paid))
      PARTITION BY RANGE (paid);
    CREATE TABLE payment_2020 PARTITION OF payment FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')
      PARTITION BY RANGE (id);
    CREATE TABLE payment_2020_low PARTITION OF payment_2020 FOR VALUES FROM (0) TO (500);
    CREATE TABLE payment_2020_high PARTITION OF payment_2020 FOR VALUES FROM (500) TO (100000);
    CREATE TABLE payment_2021 PARTITION OF payment FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');
    INSERT INTO payment SELECT i, date '2020-01-01' + i % 700, i / 7.0 FROM generate_series(1, 1000) i;
    ANALYZE;)sql");
  CommandResult copy = Copy({"--chunk-rows", "100", "--schema-from", "ferry"});
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  EXPECT_EQ(target_.QueryValue("SELECT count(*) || ' ' || count(DISTINCT id) FROM payment"),
            "1000 1000");
  EXPECT_EQ(target_.QueryValue("SELECT count(*) FROM pg_class WHERE relname LIKE 'payment_%' "
                               "AND relkind IN ('r', 'p')"),
            "0");
  EXPECT_NE(copy.err.find("skipping partition payment_2020_low: its rows are copied into table "
                          "payment"),
            std::string::npos)
      << copy.err;
  for (const char* level : {"count", "hash", "row"}) {
    CommandResult verify = Verify(level);
    EXPECT_EQ(verify.exit_code, 0) << level << verify.out << verify.err;
  }
}

}  // namespace
}  // namespace ferry::testing
