#include "migrate/migration_status.h"

#include <gtest/gtest.h>

namespace ferry::migrate {
namespace {

Migration File(int64_t version, std::string sql) {
  Migration m;
  m.version = version;
  m.description = "m" + std::to_string(version);
  m.up.path = m.description + ".sql";
  m.up.sql = std::move(sql);
  m.checksum = MigrationChecksum(m.up.sql);
  return m;
}

AppliedMigration Row(int64_t version, std::string_view sql, bool success = true,
                     int64_t time = 1000) {
  return {version, "m" + std::to_string(version), "2024-12-21 09:30:00",
          success, MigrationChecksum(sql),        time};
}

TEST(MigrationStatusTest, EveryStateIsFound) {
  std::vector<Migration> files = {File(1, "a;\n"), File(2, "b;\r\n"), File(3, "c;\n"),
                                  File(5, "e;\n")};
  std::vector<AppliedMigration> rows = {Row(1, "a;\n"), Row(2, "b;\n"), Row(3, "c;\n", false),
                                        Row(4, "d;\n")};
  std::vector<MigrationStatus> s = CompareWithHistory(files, rows);
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0].state, MigrationState::kApplied);
  EXPECT_EQ(s[1].state, MigrationState::kChanged);
  EXPECT_EQ(s[1].reason,
            "only line endings differ (the file has CRLF, the applied version had LF)");
  EXPECT_EQ(s[2].state, MigrationState::kFailed);
  EXPECT_EQ(s[3].state, MigrationState::kMissing);
  EXPECT_EQ(s[3].description, "m4");
  EXPECT_EQ(s[4].state, MigrationState::kPending);
  EXPECT_FALSE(s[4].IsProblem());
  EXPECT_TRUE(s[3].IsProblem());
}

TEST(MigrationStatusTest, AFailedRowWithoutTimeMayStillBeRunning) {
  std::vector<Migration> files = {File(1, "a;\n")};
  std::vector<MigrationStatus> s = CompareWithHistory(files, {Row(1, "a;\n", false, -1)});
  EXPECT_NE(DescribeProblem(s[0]).find("another deployer may be applying it"), std::string::npos);
}

}  // namespace
}  // namespace ferry::migrate
