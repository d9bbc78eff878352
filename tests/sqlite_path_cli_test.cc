// SQLite paths that are not a database: an empty file, a directory, a
// missing file. Each command says which, and none creates a missing source.
#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.h"

namespace ferry::testing {
namespace {

namespace fs = std::filesystem;

class SqlitePathCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    migrations_ = (dir_.path() / "migrations").string();
    WriteFile(dir_.path() / "migrations" / "1_init.sql", "CREATE TABLE a(id int);\n");
  }
  TempDir dir_;
  std::string migrations_;
};

TEST_F(SqlitePathCliTest, ZeroByteSourceIsAnErrorNotAnEmptyCopy) {
  fs::path empty = dir_.path() / "empty.db";
  WriteFile(empty, "");
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"plan", "--from", "sqlite:" + empty.string()},
           {"copy", "--from", "sqlite:" + empty.string(), "--to", "postgres://app@127.0.0.1:1/app"},
           {"verify", "--from", "sqlite:" + empty.string(), "--to",
            "postgres://app@127.0.0.1:1/app"}}) {
    CommandResult r = RunFerry(args);
    EXPECT_NE(r.exit_code, 0) << args[0] << ": " << r.err;
    EXPECT_NE(r.err.find("sqlite:" + empty.string() + " is empty (0 bytes): no tables"),
              std::string::npos)
        << args[0] << ": " << r.err;
  }
}

TEST_F(SqlitePathCliTest, DirectoryIsNamedAsADirectory) {
  std::string url = "sqlite:" + dir_.path().string();
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"plan", "--from", url},
           {"migrate", "info", "-D", url, "--source", migrations_},
           {"migrate", "run", "-D", url, "--source", migrations_}}) {
    CommandResult r = RunFerry(args);
    EXPECT_NE(r.exit_code, 0) << args[1] << ": " << r.err;
    EXPECT_NE(r.err.find("is a directory, not a SQLite database file"), std::string::npos)
        << args[1] << ": " << r.err;
    EXPECT_EQ(r.err.find("disk I/O"), std::string::npos) << r.err;
  }
}

TEST_F(SqlitePathCliTest, MissingSourceIsNotCreated) {
  fs::path missing = dir_.path() / "missing.db";
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"plan", "--from", "sqlite:" + missing.string()},
           {"migrate", "info", "-D", "sqlite:" + missing.string(), "--source", migrations_}}) {
    CommandResult r = RunFerry(args);
    EXPECT_NE(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(missing)) << args[0];
  }
}

}  // namespace
}  // namespace ferry::testing
