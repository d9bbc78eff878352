#include "migrate/migration_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace ferry::migrate {
namespace {
namespace fs = std::filesystem;

class MigrationSourceTest : public ::testing::Test {
 protected:
  MigrationSourceTest() {
    dir_ = fs::temp_directory_path() /
           ("ferry-source-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~MigrationSourceTest() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  fs::path dir_;
};

TEST_F(MigrationSourceTest, SimpleLayoutFollowsSqlxNamingRules) {
  Write("20240101000000_create_users.sql", "-- no-transaction\nselect 1;\n");
  Write("3_post.sql", "select 2;\n");
  Write("README.md", "not a migration");
  Write(".gitattributes", "*.sql text eol=lf\n");
  Result<std::vector<Migration>> m = LoadMigrations(dir_);
  ASSERT_TRUE(m.ok()) << m.status().message();
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].version, 3);
  EXPECT_EQ((*m)[1].version, 20240101000000);
  EXPECT_EQ((*m)[1].description, "create users");
  EXPECT_TRUE((*m)[1].up.no_transaction);
  EXPECT_FALSE((*m)[0].up.no_transaction);
  EXPECT_FALSE((*m)[0].reversible());
  EXPECT_EQ((*m)[0].checksum, Sha384("select 2;\n"));
}

TEST_F(MigrationSourceTest, ReversibleFilesPairUp) {
  Write("1_add_table.up.sql", "create table t (x int);\n");
  Write("1_add_table.down.sql", "drop table t;\n");
  Result<std::vector<Migration>> m = LoadMigrations(dir_);
  ASSERT_TRUE(m.ok()) << m.status().message();
  ASSERT_EQ(m->size(), 1u);
  EXPECT_EQ((*m)[0].description, "add table");
  EXPECT_EQ((*m)[0].layout, MigrationLayout::kReversible);
  ASSERT_TRUE((*m)[0].reversible());
  EXPECT_EQ((*m)[0].down->sql, "drop table t;\n");
  EXPECT_EQ((*m)[0].checksum, Sha384("create table t (x int);\n"));
}

TEST_F(MigrationSourceTest, DirectoryLayoutReadsUpAndDown) {
  Write("0002_posts/up.sql", "create table posts (x int);\n");
  Write("0002_posts/down.sql", "drop table posts;\n");
  Write("0001_users/up.sql", "create table users (x int);\n");
  Result<std::vector<Migration>> m = LoadMigrations(dir_);
  ASSERT_TRUE(m.ok()) << m.status().message();
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].version, 1);
  EXPECT_FALSE((*m)[0].reversible());
  EXPECT_TRUE((*m)[1].reversible());
  EXPECT_EQ((*m)[1].layout, MigrationLayout::kDirectory);
}

TEST_F(MigrationSourceTest, MixedLayoutsAreAnError) {
  Write("1_a.sql", "select 1;\n");
  Write("2_b/up.sql", "select 2;\n");
  Result<std::vector<Migration>> m = LoadMigrations(dir_);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("mixes layouts"), std::string::npos) << m.status().message();
}

// golang-migrate allows a version with only its .up.sql; its names have zero-padded versions.
TEST_F(MigrationSourceTest, GolangMigrateFolderWithUpOnlyVersionsIsRead) {
  Write("000001_create_users_table.up.sql", "create table users (id int);\n");
  Write("000001_create_users_table.down.sql", "drop table users;\n");
  Write("000002_add_index.up.sql", "create index i on users (id);\n");
  Write("000003_add_email.up.sql", "alter table users add email text;\n");
  Write("000003_add_email.down.sql", "alter table users drop email;\n");
  Result<std::vector<Migration>> m = LoadMigrations(dir_);
  ASSERT_TRUE(m.ok()) << m.status().message();
  ASSERT_EQ(m->size(), 3u);
  EXPECT_EQ((*m)[0].version, 1);
  EXPECT_EQ((*m)[0].description, "create users table");
  EXPECT_TRUE((*m)[0].reversible());
  EXPECT_EQ((*m)[1].version, 2);
  EXPECT_EQ((*m)[1].layout, MigrationLayout::kReversible);
  EXPECT_FALSE((*m)[1].reversible());
  EXPECT_EQ((*m)[1].checksum, Sha384("create index i on users (id);\n"));
  EXPECT_TRUE((*m)[2].reversible());
}

TEST_F(MigrationSourceTest, DownWithoutUpIsAnError) {
  Write("1_a.up.sql", "select 1;\n");
  Write("2_b.down.sql", "select 2;\n");
  Result<std::vector<Migration>> m = LoadMigrations(dir_);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("2_b.down.sql has no matching .up.sql"), std::string::npos)
      << m.status().message();
}

TEST_F(MigrationSourceTest, DuplicateVersionsAreAnError) {
  Write("1_a.sql", "select 1;\n");
  Write("01_b.sql", "select 2;\n");
  Result<std::vector<Migration>> m = LoadMigrations(dir_);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("two migrations have version 1"), std::string::npos)
      << m.status().message();
}

TEST_F(MigrationSourceTest, BadVersionNamesTheFile) {
  Write("first_a.sql", "select 1;\n");
  Result<std::vector<Migration>> m = LoadMigrations(dir_);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("'first_a' is not named <VERSION>_<DESCRIPTION>"),
            std::string::npos)
      << m.status().message();
}

TEST_F(MigrationSourceTest, MissingFolderSaysHowToCreateOne) {
  Result<std::vector<Migration>> m = LoadMigrations(dir_ / "nope");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kNotFound);
  EXPECT_NE(m.status().message().find("ferry migrate add"), std::string::npos);
}

TEST(ParseVersionedNameTest, AcceptsSixtyFourBitVersionsOnly) {
  EXPECT_EQ(ParseVersionedName("9223372036854775807_max")->version, INT64_MAX);
  EXPECT_FALSE(ParseVersionedName("9223372036854775808_over").ok());
  EXPECT_FALSE(ParseVersionedName("-1_negative").ok());
  EXPECT_FALSE(ParseVersionedName("12").ok());
  EXPECT_EQ(ParseVersionedName("0_setup")->rest, "setup");
  EXPECT_EQ(ParseVersionedName("2017-02-01-123456_create_users")->version, 20170201123456);
  EXPECT_FALSE(ParseVersionedName("1-2_dashes").ok());
}

}  // namespace
}  // namespace ferry::migrate
