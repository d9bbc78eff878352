#include "connectors/sqlite/sqlite_sql_text.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(SqliteSqlTextTest, ColumnAndTableChecksAreFoundWithTheirNames) {
  std::vector<CheckConstraint> checks = SqliteCheckConstraints(
      "CREATE TABLE t (\n"
      "  price REAL CHECK (price >= 0) NOT NULL,  -- a CHECK (in a comment)\n"
      "  code TEXT DEFAULT 'CHECK (x)' CONSTRAINT \"code ok\" CHECK(length(code) IN (2, 3)),\n"
      "  \"check\" INT, /* CHECK (1) */\n"
      "  CONSTRAINT [both] CHECK ((price > 0) OR code IS NULL)\n"
      ")");
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_EQ(checks[0].name, "");
  EXPECT_EQ(checks[0].expression, "price >= 0");
  EXPECT_EQ(checks[1].name, "code ok");
  EXPECT_EQ(checks[1].expression, "length(code) IN (2, 3)");
  EXPECT_EQ(checks[2].name, "both");
  EXPECT_EQ(checks[2].expression, "(price > 0) OR code IS NULL");
}

TEST(SqliteSqlTextTest, ATableWithoutChecksHasNone) {
  EXPECT_TRUE(SqliteCheckConstraints("CREATE TABLE t (a, b AS (a * 2))").empty());
  EXPECT_TRUE(SqliteCheckConstraints("").empty());
}

TEST(SqliteSqlTextTest, IndexEntriesAndPredicate) {
  SqliteIndexText text = ParseSqliteIndex(
      "CREATE UNIQUE INDEX \"on\" ON users (lower(email), substr(name, 1, 2) DESC, id)\n"
      "  WHERE deleted_at IS NULL AND (kind = 'a,b');");
  EXPECT_EQ(text.entries,
            (std::vector<std::string>{"lower(email)", "substr(name, 1, 2) DESC", "id"}));
  EXPECT_EQ(text.where, "deleted_at IS NULL AND (kind = 'a,b')");
  EXPECT_TRUE(ParseSqliteIndex("CREATE INDEX i ON t (a)").where.empty());
  EXPECT_TRUE(ParseSqliteIndex("not an index").entries.empty());
}

}  // namespace
}  // namespace ferry
