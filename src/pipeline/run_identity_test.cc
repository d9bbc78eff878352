#include "pipeline/run_identity.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(RunIdentityTest, SameSourceTargetAndOptionsGiveTheSameId) {
  RunOptions options = {{"--mode", "create"}, {"--chunk-rows", "50000"}};
  std::string id = MakeRunId("sqlite:/data/app.db", "postgres://u@h/db schema public", options);
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(id, MakeRunId("sqlite:/data/app.db", "postgres://u@h/db schema public", options));
}

TEST(RunIdentityTest, AnyResultChangingOptionGivesAnotherId) {
  RunOptions options = {{"--mode", "create"}, {"--chunk-rows", "50000"}};
  std::string id = MakeRunId("s", "t", options);
  RunOptions other = options;
  other["--chunk-rows"] = "10000";
  EXPECT_NE(id, MakeRunId("s", "t", other));
  EXPECT_NE(id, MakeRunId("s2", "t", options));
  EXPECT_NE(id, MakeRunId("s", "t2", options));
  // Field boundaries matter: ("ab", "c") is not ("a", "bc").
  EXPECT_NE(MakeRunId("ab", "c", {}), MakeRunId("a", "bc", {}));
}

TEST(RunIdentityTest, DiffNamesEachDifferingOption) {
  RunOptions before = {{"--mode", "create"}, {"--chunk-rows", "50000"}, {"--config", "a.toml"}};
  RunOptions now = {{"--mode", "create"}, {"--chunk-rows", "10000"}};
  std::vector<std::string> diff = DiffRunOptions(before, now, "0123456789abcdef");
  ASSERT_EQ(diff.size(), 2u);
  EXPECT_EQ(diff[0], "--chunk-rows: 50000 in run 0123456789abcdef, 10000 now");
  EXPECT_EQ(diff[1], "--config: a.toml in run 0123456789abcdef, (not set) now");
  EXPECT_TRUE(DiffRunOptions(now, now, "x").empty());
}

}  // namespace
}  // namespace ferry
