#include "migrate/migration_add.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace ferry::migrate {
namespace {
namespace fs = std::filesystem;

// 2024-12-21 09:30:00 UTC.
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1734773400));

class MigrationAddTest : public ::testing::Test {
 protected:
  MigrationAddTest() {
    dir_ = fs::temp_directory_path() /
           ("ferry-add-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  ~MigrationAddTest() override { fs::remove_all(dir_); }
  std::string Add(AddOptions options) {
    Result<std::vector<fs::path>> paths = AddMigration(dir_, options, kNow);
    if (!paths.ok()) return "error: " + paths.status().message();
    std::string names;
    for (const fs::path& p : *paths) names += (names.empty() ? "" : " ") + p.filename().string();
    return names;
  }
  static AddOptions Desc(std::string description) {
    AddOptions o;
    o.description = std::move(description);
    return o;
  }
  fs::path dir_;
};

TEST_F(MigrationAddTest, AnEmptyFolderGetsATimestamp) {
  EXPECT_EQ(Add(Desc("create users")), "20241221093000_create_users.sql");
  // The same second again still gets a newer version.
  EXPECT_EQ(Add(Desc("posts")), "20241221093001_posts.sql");
}

TEST_F(MigrationAddTest, SequentialIsInferredAsSqlxCliDoes) {
  AddOptions first = Desc("one");
  first.sequential = true;
  EXPECT_EQ(Add(first), "0001_one.sql");
  EXPECT_EQ(Add(Desc("two")), "0002_two.sql");
  EXPECT_EQ(Add(Desc("three")), "0003_three.sql");
  AddOptions stamp = Desc("four");
  stamp.timestamp = true;
  EXPECT_EQ(Add(stamp), "20241221093000_four.sql");
  EXPECT_EQ(Add(Desc("five")), "20241221093001_five.sql");
}

TEST_F(MigrationAddTest, ReversibleCreatesBothHalvesWithSqlxsTemplates) {
  AddOptions o = Desc("users");
  o.reversible = true;
  EXPECT_EQ(Add(o), "20241221093000_users.up.sql 20241221093000_users.down.sql");
  std::ifstream down(dir_ / "20241221093000_users.down.sql");
  std::string text((std::istreambuf_iterator<char>(down)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "-- Add down migration script here\n");
}

TEST_F(MigrationAddTest, DescriptionsWithSlashesAreRefused) {
  EXPECT_EQ(Add(Desc("a/b")).rfind("error: ", 0), 0u);
}

}  // namespace
}  // namespace ferry::migrate
