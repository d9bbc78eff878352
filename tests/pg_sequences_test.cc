// PostgreSQL sources' sequences: owned or not, shared or standalone, each
// continues in the target past every value the source has issued.
#include <gtest/gtest.h>

#include "test_util.h"

namespace ferry::testing {
namespace {

class PgSequencesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FERRY_REQUIRE_PG();
    ASSERT_TRUE(source_.ok()) << source_.error();
    ASSERT_TRUE(target_.ok()) << target_.error();
  }
  void Run(ScratchPgDatabase& db, const std::string& sql) {
    Status s = db.Connect().Run(sql);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  CommandResult Copy(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"copy", "--from", source_.url(), "--to", target_.url()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunFerry(args);
  }

  ScratchPgDatabase source_{"seqsrc"};
  ScratchPgDatabase target_{"seqdst"};
};

// Given a sequence no column owns, set far past the largest key (setval in
// the data), and a serial column set past it too, the target issues the next
// value of each source sequence, not max + 1.
TEST_F(PgSequencesTest, ASequenceNotOwnedByItsColumnContinuesFromTheSourcesNextValue) {
  Run(source_, R"sql(
    CREATE SEQUENCE ticket_seq;
    CREATE TABLE ticket (id bigint PRIMARY KEY DEFAULT nextval('ticket_seq'), note text);
    INSERT INTO ticket (note) VALUES ('a'), ('b'), ('c');
    SELECT setval('ticket_seq', 5000);
    CREATE TABLE owned (id serial PRIMARY KEY, note text);
    INSERT INTO owned (note) VALUES ('a');
    SELECT setval('owned_id_seq', 700);)sql");
  for (const char* chunk_rows : {"1", "0"}) {
    CommandResult copy = Copy({"--chunk-rows", chunk_rows, "--mode", "replace"});
    ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  }
  EXPECT_EQ(target_.QueryValue("INSERT INTO ticket (note) VALUES ('new') RETURNING id"), "5001");
  EXPECT_EQ(target_.QueryValue("INSERT INTO owned (note) VALUES ('new') RETURNING id"), "701");
  EXPECT_EQ(target_.QueryValue("SELECT count(*) FROM ticket"), "4");
}

// Given one sequence that two tables draw their keys from, the target has one
// sequence too: both tables' defaults draw from it, past the source's value.
TEST_F(PgSequencesTest, ASequenceSharedByTwoTablesStaysOneSequence) {
  Run(source_, R"sql(
    CREATE SEQUENCE global_id START 100;
    CREATE TABLE orders (id bigint PRIMARY KEY DEFAULT nextval('global_id'), note text);
    CREATE TABLE refunds (id bigint PRIMARY KEY DEFAULT nextval('global_id'), note text);
    INSERT INTO orders (note) VALUES ('a'), ('b');
    INSERT INTO refunds (note) VALUES ('c');
    SELECT setval('global_id', 900);)sql");
  CommandResult copy = Copy();
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  EXPECT_EQ(target_.QueryValue("INSERT INTO orders (note) VALUES ('n') RETURNING id"), "901");
  EXPECT_EQ(target_.QueryValue("INSERT INTO refunds (note) VALUES ('n') RETURNING id"), "902");
  EXPECT_EQ(target_.QueryValue("SELECT count(*) FROM pg_sequences WHERE schemaname = 'public'"),
            "1");
}

// Given a standalone sequence (no column draws from it) with its own
// increment and bounds, the target has it under its name with the same
// options, continuing where the source's would.
TEST_F(PgSequencesTest, AStandaloneSequenceIsCopiedWithItsOptionsAndValue) {
  Run(source_, R"sql(
    CREATE SEQUENCE invoice_no AS integer INCREMENT BY 10 START 1000 MAXVALUE 999999;
    SELECT nextval('invoice_no'), nextval('invoice_no');
    CREATE TABLE t (id int PRIMARY KEY);)sql");
  CommandResult plan = RunFerry({"plan", "--from", source_.url(), "--to", target_.url()});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("CREATE SEQUENCE IF NOT EXISTS public.invoice_no AS integer"),
            std::string::npos)
      << plan.out;
  CommandResult copy = Copy();
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  EXPECT_EQ(target_.QueryValue("SELECT nextval('invoice_no')"), "1020");
  EXPECT_EQ(target_.QueryValue("SELECT data_type || ' ' || increment_by || ' ' || max_value FROM "
                               "pg_sequences WHERE sequencename = 'invoice_no'"),
            "integer 10 999999");
}

// Given a target whose sequence issued values after a first copy, copying
// again never moves it back.
TEST_F(PgSequencesTest, CopyingAgainNeverMovesATargetSequenceBack) {
  Run(source_, R"sql(
    CREATE SEQUENCE ticket_seq;
    CREATE TABLE ticket (id bigint PRIMARY KEY DEFAULT nextval('ticket_seq'));
    INSERT INTO ticket DEFAULT VALUES;)sql");
  ASSERT_EQ(Copy().exit_code, 0);
  Run(target_, "SELECT setval('ticket_seq', 80)");
  CommandResult again = Copy({"--mode", "replace"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(target_.QueryValue("SELECT nextval('ticket_seq')"), "81");
}

// Given a target table made beforehand whose key is an identity, a copy into
// it (--mode append) leaves that identity alone and still creates the sequence.
TEST_F(PgSequencesTest, AnIdentityTheTargetAlreadyHasKeepsItsOwnDefault) {
  Run(source_, R"sql(
    CREATE SEQUENCE ticket_seq;
    CREATE TABLE ticket (id bigint PRIMARY KEY DEFAULT nextval('ticket_seq'));
    INSERT INTO ticket DEFAULT VALUES;)sql");
  Run(target_, "CREATE TABLE ticket (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY)");
  CommandResult copy = Copy({"--mode", "append"});
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  EXPECT_EQ(target_.QueryValue("SELECT count(*) FROM ticket"), "1");
  EXPECT_EQ(target_.QueryValue("SELECT attidentity FROM pg_attribute WHERE attrelid = "
                               "'ticket'::regclass AND attname = 'id'"),
            "d");
  EXPECT_EQ(target_.QueryValue("SELECT nextval('ticket_seq')"), "2");
}

}  // namespace
}  // namespace ferry::testing
