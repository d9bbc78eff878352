#include "migrate/pg_advisory_lock.h"

#include <gtest/gtest.h>

namespace ferry::migrate {
namespace {

TEST(PgAdvisoryLockTest, Crc32MatchesTheCheckValue) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32(""), 0u);
}

// Expected keys computed with Python's zlib.crc32 and sqlx's formula.
TEST(PgAdvisoryLockTest, KeyIsSqlxs) {
  EXPECT_EQ(SqlxAdvisoryLockKey("postgres"), 368907709894077238);
  EXPECT_EQ(SqlxAdvisoryLockKey("app"), 3469795979745788610);
}

}  // namespace
}  // namespace ferry::migrate
