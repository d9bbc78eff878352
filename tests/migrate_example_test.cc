// examples/migrations, which the demo runs, applies, reverts and re-applies.
#include <gtest/gtest.h>

#include "migrate_test_util.h"

namespace ferry::testing {
namespace {

TEST(MigrateExampleTest, AppliesRevertsAndReapplies) {
  FERRY_REQUIRE_PG();
  ScratchPgDatabase db("mexample");
  ASSERT_TRUE(db.ok()) << db.error();
  std::filesystem::path source = std::filesystem::path(FERRY_SOURCE_DIR) / "examples/migrations";
  CommandResult run = Migrate({"run"}, db.url(), source);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(PgHistory(db), ExpectedHistory(source));
  EXPECT_EQ(db.QueryValue("SELECT indexdef FROM pg_indexes WHERE indexname = "
                          "'posts_author_published'"),
            "CREATE INDEX posts_author_published ON public.posts USING btree (author_id, "
            "published_at DESC)");
  CommandResult revert = Migrate({"revert", "--target-version", "0"}, db.url(), source);
  ASSERT_EQ(revert.exit_code, 0) << revert.err;
  EXPECT_EQ(Count(revert.out, "Reverted "), 4) << revert.out;
  EXPECT_EQ(db.QueryValue("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "1");
  ASSERT_EQ(Migrate({"run"}, db.url(), source).exit_code, 0);
  EXPECT_EQ(Migrate({"validate"}, db.url(), source).exit_code, 0);
}

}  // namespace
}  // namespace ferry::testing
