#include "migrate/sqlx_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace ferry::migrate {
namespace {
namespace fs = std::filesystem;

fs::path WriteToml(const std::string& text) {
  fs::path path = fs::temp_directory_path() /
                  ("ferry-sqlx-" + std::to_string(getpid()) + "-" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".toml");
  std::ofstream(path) << text;
  return path;
}

TEST(SqlxConfigTest, ReadsTheMigrateSection) {
  fs::path path = WriteToml(
      "[common]\ndatabase-url-var = \"X\"\n"
      "[migrate]\nignored-chars = [\" \", \"\\t\", \"\\r\", \"\\n\", \"\\uFEFF\"]\n"
      "migrations-dir = \"src/migrations\"\ntable-name = \"app._sqlx_migrations\"\n"
      "create-schemas = [\"app\"]\n");
  Result<SqlxConfig> config = LoadSqlxConfig(path);
  fs::remove(path);
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->ignored_chars, (IgnoredChars{U' ', U'\t', U'\r', U'\n', U'\uFEFF'}));
  EXPECT_EQ(config->migrations_dir, "src/migrations");
  EXPECT_EQ(config->history.table, "app._sqlx_migrations");
  EXPECT_EQ(config->history.create_schemas, std::vector<std::string>{"app"});
}

TEST(SqlxConfigTest, DefaultsWithoutAMigrateSection) {
  fs::path path = WriteToml("[drivers.sqlite]\nunsafe-load-extensions = []\n");
  Result<SqlxConfig> config = LoadSqlxConfig(path);
  fs::remove(path);
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(config->ignored_chars.empty());
  EXPECT_EQ(config->history.table, "_sqlx_migrations");
}

TEST(SqlxConfigTest, ErrorsNameTheFile) {
  fs::path path = WriteToml("[migrate]\nignored-chars = [\"ab\"]\n");
  Result<SqlxConfig> config = LoadSqlxConfig(path);
  fs::remove(path);
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find(path.string()), std::string::npos);
  EXPECT_NE(config.status().message().find("one-character strings"), std::string::npos);
}

}  // namespace
}  // namespace ferry::migrate
