#include "connectors/sqlite/sqlite_database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace ferry {
namespace {

namespace fs = std::filesystem;

class SqliteDatabaseOpenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ferry-sqlite-open-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(SqliteDatabaseOpenTest, ZeroByteSourceIsAnErrorSayingItIsEmpty) {
  fs::path empty = dir_ / "empty.db";
  std::ofstream(empty).close();
  Result<SqliteDatabase> db = SqliteDatabase::Open(empty.string(), {.read_only = true});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(db.status().message().find("is empty (0 bytes): no tables"), std::string::npos)
      << db.status().message();
  // Opened for writing (migrate run), an empty file is a new database.
  EXPECT_TRUE(SqliteDatabase::Open(empty.string(), {}).ok());
}

TEST_F(SqliteDatabaseOpenTest, DirectoryIsNamedAsADirectoryNotADiskError) {
  for (SqliteDatabase::Options options :
       {SqliteDatabase::Options{.read_only = true}, SqliteDatabase::Options{.create = true},
        SqliteDatabase::Options{}}) {
    Result<SqliteDatabase> db = SqliteDatabase::Open(dir_.string(), options);
    ASSERT_FALSE(db.ok());
    EXPECT_NE(db.status().message().find("is a directory"), std::string::npos)
        << db.status().message();
    EXPECT_EQ(db.status().message().find("disk I/O"), std::string::npos);
  }
}

TEST_F(SqliteDatabaseOpenTest, MissingSourceIsNotFoundAndNotCreated) {
  fs::path missing = dir_ / "missing.db";
  for (SqliteDatabase::Options options :
       {SqliteDatabase::Options{.read_only = true}, SqliteDatabase::Options{},
        SqliteDatabase::Options{.read_only = true, .create = true}}) {
    Result<SqliteDatabase> db = SqliteDatabase::Open(missing.string(), options);
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.status().code(), StatusCode::kNotFound);
    EXPECT_FALSE(fs::exists(missing));
  }
}

}  // namespace
}  // namespace ferry
