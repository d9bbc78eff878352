#include "connectors/postgres/pg_sql_text.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

std::vector<std::string> Statements(std::string_view sql) {
  std::vector<std::string> out;
  for (std::string_view s : SplitPgStatements(sql)) out.emplace_back(s);
  return out;
}

TEST(MaskPgSqlTest, KeepsTheLengthAndMasksStringsNamesBodiesAndComments) {
  std::string sql = "SELECT 'a;b', \"c;d\", $x$ e;f $x$ /* g;h */ -- i;j\n;";
  std::string masked = MaskPgSql(sql);
  ASSERT_EQ(masked.size(), sql.size());
  EXPECT_EQ(masked, "SELECT '___', \"___\", $x$_____$x$" + std::string(17, ' ') + "\n;");
}

TEST(MaskPgSqlTest, KeepsLineCommentsWhenAsked) {
  EXPECT_EQ(MaskPgSql("-- a 'b'\nx", /*keep_line_comments=*/true), "-- a 'b'\nx");
}

TEST(MaskPgSqlTest, ADoubledQuoteStaysInsideTheString) {
  EXPECT_EQ(MaskPgSql("'it''s';"), "'_____';");
  EXPECT_EQ(MaskPgSql("\"a\"\"b\";"), "\"____\";");
}

TEST(MaskPgSqlTest, AnEscapeStringTakesBackslashEscapes) {
  EXPECT_EQ(MaskPgSql("E'it\\'s;' x;"), "E'______' x;");
  // Without the E a backslash is an ordinary character.
  EXPECT_EQ(MaskPgSql("'a\\' x;"), "'__' x;");
}

TEST(MaskPgSqlTest, NestedBlockCommentsEndAtTheirOwnClose) {
  EXPECT_EQ(MaskPgSql("/* a /* b */ c; */;"), std::string(18, ' ') + ";");
}

TEST(MaskPgSqlTest, AParameterOrANameWithDollarsIsNoDollarQuote) {
  EXPECT_EQ(MaskPgSql("SELECT $1; SELECT a$b$c;"), "SELECT $1; SELECT a$b$c;");
}

TEST(MaskPgSqlTest, OnlyTheSameTagClosesADollarBody) {
  EXPECT_EQ(MaskPgSql("$a$ $b$ ; $b$ $a$;"), "$a$___________$a$;");
}

TEST(MaskPgSqlTest, AnUnclosedStringRunsToTheEnd) { EXPECT_EQ(MaskPgSql("x 'abc;"), "x '____"); }

TEST(SplitPgStatementsTest, SplitsAtTopLevelSemicolonsOnly) {
  EXPECT_EQ(
      Statements("SET a = 1;\n\nCREATE FUNCTION f() AS $$ x; y $$;\n-- c;\nSELECT ';'"),
      (std::vector<std::string>{"SET a = 1;", "CREATE FUNCTION f() AS $$ x; y $$;", "SELECT ';'"}));
}

TEST(SplitPgStatementsTest, ACommentBeforeAStatementIsNotPartOfIt) {
  EXPECT_EQ(Statements("/* x; */ -- y\n  SELECT 1;  "), std::vector<std::string>{"SELECT 1;"});
  EXPECT_TRUE(Statements(" -- only a comment;\n").empty());
}

}  // namespace
}  // namespace ferry
