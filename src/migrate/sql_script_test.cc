#include "migrate/sql_script.h"

#include <gtest/gtest.h>

namespace ferry::migrate {
namespace {

std::vector<std::string> Texts(std::string_view sql) {
  std::vector<std::string> out;
  for (const StatementSpan& s : SplitStatements(sql)) {
    out.emplace_back(sql.substr(s.code_offset, s.offset + s.length - s.code_offset));
  }
  return out;
}

TEST(SqlScriptTest, SplitsAtSemicolonsAndDropsEmptyStatements) {
  EXPECT_EQ(Texts("create table a (x int);\n;\n insert into a values (1)"),
            (std::vector<std::string>{"create table a (x int);", "insert into a values (1)"}));
}

TEST(SqlScriptTest, SemicolonsInsideQuotesAndCommentsDoNotSplit) {
  std::string sql =
      "-- a; comment\nselect 'a;b', \"c;d\", E'e\\';f' /* g; /* nested; */ h; */;\n"
      "create function f() returns int as $body$ select 1; $body$ language sql;\n"
      "select $$x;y$$;";
  EXPECT_EQ(Texts(sql),
            (std::vector<std::string>{
                "select 'a;b', \"c;d\", E'e\\';f' /* g; /* nested; */ h; */;",
                "create function f() returns int as $body$ select 1; $body$ language sql;",
                "select $$x;y$$;"}));
}

TEST(SqlScriptTest, ACommentOnlyScriptHasNoStatements) {
  EXPECT_TRUE(SplitStatements("-- no-transaction\n\n/* nothing */\n").empty());
}

TEST(SqlScriptTest, CodeOffsetSkipsLeadingComments) {
  std::string sql = "-- no-transaction\n\nCREATE DATABASE x;";
  auto spans = SplitStatements(sql);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(LineOfOffset(sql, spans[0].code_offset), 3);
}

TEST(SqlScriptTest, LinesAndCharacterPositions) {
  std::string sql = "select 'é';\r\nselect y;\n";
  EXPECT_EQ(LineOfOffset(sql, 0), 1);
  EXPECT_EQ(LineOfOffset(sql, sql.find("y")), 2);
  // Character 11 is the ';' after the two-byte 'é'.
  EXPECT_EQ(ByteOffsetOfCharacter(sql, 11), sql.find(';'));
  EXPECT_EQ(LineText(sql, 1), "select 'é';");
  EXPECT_EQ(LineText(sql, 2), "select y;");
  EXPECT_EQ(LineText(sql, 9), "");
}

TEST(SqlScriptTest, FirstInvalidUtf8FindsBadBytesAndNul) {
  EXPECT_EQ(FirstInvalidUtf8("select 'caf\xC3\xA9 \xF0\x9F\x98\x80';"), std::string_view::npos);
  EXPECT_EQ(FirstInvalidUtf8("ab\xFF"), 2u);
  EXPECT_EQ(FirstInvalidUtf8("a\xE9t\xE9"), 1u);        // Latin-1
  EXPECT_EQ(FirstInvalidUtf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(FirstInvalidUtf8("x\xED\xA0\x80"), 1u);     // a surrogate
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // past U+10FFFF
  EXPECT_EQ(FirstInvalidUtf8("ok\xC3"), 2u);            // cut short
  EXPECT_EQ(FirstInvalidUtf8(std::string_view("a;\0b;", 5)), 2u);
}

}  // namespace
}  // namespace ferry::migrate
