// PgPairTest: the fixture of tests that copy one scratch PostgreSQL database
// into another and verify it, with the ferry commands between the two.
#ifndef FERRY_TESTS_PG_PAIR_FIXTURE_H_
#define FERRY_TESTS_PG_PAIR_FIXTURE_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_util.h"

namespace ferry::testing {

class PgPairTest : public ::testing::Test {
 protected:
  // The databases are named after `source` and `target` (ScratchPgDatabase).
  PgPairTest(const std::string& source, const std::string& target)
      : source_(source), target_(target) {}

  void SetUp() override {
    FERRY_REQUIRE_PG();
    ASSERT_TRUE(source_.ok()) << source_.error();
    ASSERT_TRUE(target_.ok()) << target_.error();
  }
  // Runs `sql` in `db`; fails the test on error.
  void Run(ScratchPgDatabase& db, const std::string& sql) {
    Status s = db.Connect().Run(sql);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  // ferry copy --from source --to target, then `extra`.
  CommandResult Copy(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"copy", "--from", source_.url(), "--to", target_.url()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunFerry(args);
  }
  // ferry verify --from source --to target --level `level`.
  CommandResult Verify(const std::string& level) {
    return RunFerry({"verify", "--from", source_.url(), "--to", target_.url(), "--level", level});
  }

  ScratchPgDatabase source_;
  ScratchPgDatabase target_;
};

}  // namespace ferry::testing

#endif  // FERRY_TESTS_PG_PAIR_FIXTURE_H_
