#include "mapping/sqlite_expression.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

// Source columns Price (numeric), Code (text), Active (boolean) and "Unit Name"
// (text), copied under snake_case names.
ExpressionColumns Columns() {
  return [](std::string_view name) -> std::optional<ExpressionColumn> {
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "price") return ExpressionColumn{"price", LogicalType::kNumeric};
    if (lower == "qty") return ExpressionColumn{"qty", LogicalType::kInt64};
    if (lower == "code") return ExpressionColumn{"code", LogicalType::kText};
    if (lower == "active") return ExpressionColumn{"active", LogicalType::kBool};
    if (lower == "unit name") return ExpressionColumn{"unit_name", LogicalType::kText};
    return std::nullopt;
  };
}

std::string Condition(std::string_view sql) {
  Result<std::string> out = TranslateSqliteCondition(sql, Columns());
  return out.ok() ? *out : "refused: " + out.status().message();
}

TEST(SqliteExpressionTest, PortableConditionsAreTranslatedWithTargetNames) {
  EXPECT_EQ(Condition("Price >= 0"), "\"price\" >= 0");
  EXPECT_EQ(Condition("qty > 0 AND qty <= 1e6"), "\"qty\" > 0 AND \"qty\" <= 1e6");
  EXPECT_EQ(Condition("code IN ('a', 'it''s')"), "\"code\" IN ('a', 'it''s')");
  EXPECT_EQ(Condition("[Unit Name] IS NOT NULL OR \"code\" == 'x'"),
            "\"unit_name\" IS NOT NULL OR \"code\" = 'x'");
  EXPECT_EQ(Condition("length(code) = 3"), "length(\"code\") = 3");
  EXPECT_EQ(Condition("NOT (qty BETWEEN -5 AND 5)"), "NOT (\"qty\" BETWEEN -5 AND 5)");
  EXPECT_EQ(Condition("code != upper(code)"), "\"code\" <> upper(\"code\")");
  EXPECT_EQ(Condition("qty NOT IN (1, 2) AND code NOTNULL"),
            "\"qty\" NOT IN (1, 2) AND \"code\" IS NOT NULL");
  EXPECT_EQ(Condition("active IS NULL"), "\"active\" IS NULL");
}

TEST(SqliteExpressionTest, WhatMayMeanSomethingElseIsRefusedWithTheReason) {
  // SQLite-only syntax and functions.
  EXPECT_EQ(Condition("code GLOB 'A*'"), "refused: 'GLOB' is not translated");
  EXPECT_EQ(Condition("code LIKE 'a%'"), "refused: 'LIKE' is not translated");
  EXPECT_EQ(Condition("typeof(qty) = 'integer'"), "refused: function typeof() is not translated");
  EXPECT_EQ(Condition("qty IS 1"), "refused: IS other than IS [NOT] NULL");
  // Types the target sees differently: boolean vs 0/1, text vs numbers.
  EXPECT_NE(Condition("active IN (0, 1)").find("refused"), std::string::npos);
  EXPECT_NE(Condition("code > 5").find("refused"), std::string::npos);
  EXPECT_NE(Condition("length(qty) < 5").find("refused"), std::string::npos);
  // Text order depends on the collation.
  EXPECT_NE(Condition("code > 'm'").find("collation"), std::string::npos);
  // Columns the table does not copy, and literals SQLite would read as strings.
  EXPECT_EQ(Condition("gone > 0"), "refused: 'gone' is not a column the table copies");
  EXPECT_NE(Condition("code = \"nosuchcolumn\"").find("refused"), std::string::npos);
  EXPECT_NE(Condition("qty > 0x10").find("refused"), std::string::npos);
  EXPECT_NE(Condition("qty + 1 > 2").find("refused"), std::string::npos);
  EXPECT_NE(Condition("qty").find("refused"), std::string::npos);
  EXPECT_NE(Condition("qty > 0 AND").find("refused"), std::string::npos);
}

TEST(SqliteExpressionTest, IndexExpressionsAreValues) {
  Result<std::string> lower = TranslateSqliteValue("lower(Code)", Columns());
  ASSERT_TRUE(lower.ok()) << lower.status().message();
  EXPECT_EQ(*lower, "lower(\"code\")");
  EXPECT_FALSE(TranslateSqliteValue("code COLLATE NOCASE", Columns()).ok());
  EXPECT_FALSE(TranslateSqliteValue("qty > 0", Columns()).ok());
  EXPECT_FALSE(TranslateSqliteValue("json_extract(code, '$.a')", Columns()).ok());
}

}  // namespace
}  // namespace ferry
