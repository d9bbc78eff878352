#include "mapping/sqlite_defaults.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

std::optional<std::string> Translate(std::string_view expression, std::string_view pg_type) {
  bool is_null = false;
  return TranslateSqliteDefault(expression, ParseTargetType(pg_type).value(), &is_null);
}

TEST(SqliteDefaultsTest, LiteralsThatFitTranslate) {
  EXPECT_EQ(Translate("0", "bigint"), "0");
  EXPECT_EQ(Translate("(-1.5)", "numeric(4,2)"), "-1.5");
  EXPECT_EQ(Translate("'it''s'", "text"), "'it''s'");
  EXPECT_EQ(Translate("42", "varchar(10)"), "'42'");
  EXPECT_EQ(Translate("TRUE", "boolean"), "true");
  EXPECT_EQ(Translate("0", "boolean"), "false");
}

TEST(SqliteDefaultsTest, CurrentTimeIsUtcAsInSqlite) {
  EXPECT_EQ(Translate("CURRENT_TIMESTAMP", "timestamp"), "(now() AT TIME ZONE 'UTC')");
  EXPECT_EQ(Translate("current_timestamp", "timestamptz"), "now()");
  EXPECT_EQ(Translate("CURRENT_DATE", "date"), "((now() AT TIME ZONE 'UTC')::date)");
}

TEST(SqliteDefaultsTest, WhatWouldChangeOrFailDoesNotTranslate) {
  EXPECT_FALSE(Translate("1.5", "bigint"));              // PostgreSQL would round it
  EXPECT_FALSE(Translate("'abc'", "bigint"));            // CREATE TABLE would fail
  EXPECT_FALSE(Translate("CURRENT_TIMESTAMP", "text"));  // SQLite's text form differs
  EXPECT_FALSE(Translate("randomblob(16)", "bytea"));
  EXPECT_FALSE(Translate("'it's", "text"));  // not one literal
}

TEST(SqliteDefaultsTest, NullMeansNoDefault) {
  bool is_null = false;
  EXPECT_FALSE(TranslateSqliteDefault("NULL", ParseTargetType("text").value(), &is_null));
  EXPECT_TRUE(is_null);
}

}  // namespace
}  // namespace ferry
