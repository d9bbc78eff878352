#include "connectors/postgres/pg_tool_version.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(PgToolVersionTest, ReadsTheVersionOfToolOutput) {
  EXPECT_EQ(ParsePgToolVersion("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n").value(),
            150018);
  EXPECT_EQ(ParsePgToolVersion("pg_dump (PostgreSQL) 17beta1").value(), 170000);
  EXPECT_EQ(ParsePgToolVersion("pg_restore (PostgreSQL) 9.6.24").value(), 90624);
  Result<int> none = ParsePgToolVersion("command not found");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("command not found"), std::string::npos);
}

// Regression: 9.6 was written "906" (the major number was compared with 10).
TEST(PgToolVersionTest, MajorVersionsAsPostgresWritesThem) {
  EXPECT_EQ(PgMajorVersion(150018), 15);
  EXPECT_EQ(PgMajorVersionText(150018), "15");
  EXPECT_EQ(PgMajorVersion(90624), 906);
  EXPECT_EQ(PgMajorVersionText(90624), "9.6");
}

// pg_dump reads its own major version and older; the target takes the
// source's major version or newer.
TEST(PgToolVersionTest, CrossVersionRules) {
  EXPECT_TRUE(CheckPgDumpVersion("pg_dump", 150018, 150002).ok());
  EXPECT_TRUE(CheckPgDumpVersion("pg_dump", 170000, 130010).ok());
  Status old_tool = CheckPgDumpVersion("pg_dump", 150018, 160001);
  ASSERT_FALSE(old_tool.ok());
  EXPECT_NE(old_tool.message().find("pg_dump 15 cannot dump the source, a PostgreSQL 16 server"),
            std::string::npos)
      << old_tool.message();
  EXPECT_NE(old_tool.message().find("postgresql-client-16"), std::string::npos);
  EXPECT_TRUE(CheckPgTargetVersion(140005, 150018).ok());
  EXPECT_TRUE(CheckPgTargetVersion(150002, 150018).ok());
  Status older_target = CheckPgTargetVersion(160001, 150018);
  ASSERT_FALSE(older_target.ok());
  EXPECT_NE(older_target.message().find("the target is a PostgreSQL 15 server, older than the "
                                        "source's 16"),
            std::string::npos)
      << older_target.message();
}

}  // namespace
}  // namespace ferry
