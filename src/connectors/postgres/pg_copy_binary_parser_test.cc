#include "connectors/postgres/pg_copy_binary_parser.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

std::string Int16(int v) {
  return {static_cast<char>((v >> 8) & 0xff), static_cast<char>(v & 0xff)};
}
std::string Int32(int v) { return Int16((v >> 16) & 0xffff) + Int16(v & 0xffff); }
std::string Header() { return std::string("PGCOPY\n\377\r\n\0", 11) + Int32(0) + Int32(0); }

// Two tuples: (1 field "ab", null) and ("c", "") then the trailer.
std::string Stream() {
  return Header() + Int16(2) + Int32(2) + "ab" + Int32(-1) + Int16(2) + Int32(1) + "c" + Int32(0) +
         Int16(-1);
}

TEST(PgCopyBinaryParserTest, SplitsTuplesAndFields) {
  PgCopyBinaryParser parser;
  parser.Feed(Stream());
  std::vector<std::optional<std::string_view>> fields;
  ASSERT_TRUE(*parser.NextTuple(&fields));
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(*fields[0], "ab");
  EXPECT_FALSE(fields[1].has_value());
  ASSERT_TRUE(*parser.NextTuple(&fields));
  EXPECT_EQ(*fields[0], "c");
  EXPECT_EQ(*fields[1], "");
  EXPECT_FALSE(*parser.NextTuple(&fields));
  EXPECT_TRUE(parser.done());
}

TEST(PgCopyBinaryParserTest, TuplesMaySpanMessages) {
  std::string stream = Stream();
  PgCopyBinaryParser parser;
  std::vector<std::optional<std::string_view>> fields;
  std::vector<std::string> seen;
  for (char byte : stream) {  // one byte per message: the worst split
    parser.Feed(std::string_view(&byte, 1));
    while (true) {
      Result<bool> tuple = parser.NextTuple(&fields);
      ASSERT_TRUE(tuple.ok());
      if (!*tuple) break;
      seen.push_back(std::string(*fields[0]));
    }
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"ab", "c"}));
  EXPECT_TRUE(parser.done());
  EXPECT_FALSE(parser.HasPartialData());
}

// Given the tuple (1 field "ab", null), we expect its first fields' bytes as
// the stream has them: with a field count before them, a tuple of its own.
TEST(PgCopyBinaryParserTest, TupleFieldsAreTheStreamsBytes) {
  PgCopyBinaryParser parser;
  parser.Feed(Stream());
  std::vector<std::optional<std::string_view>> fields;
  ASSERT_TRUE(*parser.NextTuple(&fields));
  EXPECT_EQ(parser.TupleFields(0), "");
  EXPECT_EQ(parser.TupleFields(1), Int32(2) + "ab");
  EXPECT_EQ(parser.TupleFields(2), Int32(2) + "ab" + Int32(-1));
  ASSERT_TRUE(*parser.NextTuple(&fields));
  EXPECT_EQ(Int16(2) + std::string(parser.TupleFields(2)), Int16(2) + Int32(1) + "c" + Int32(0));
}

TEST(PgCopyBinaryParserTest, BadSignatureIsCorruption) {
  PgCopyBinaryParser parser;
  parser.Feed(std::string(30, 'x'));
  std::vector<std::optional<std::string_view>> fields;
  EXPECT_EQ(parser.NextTuple(&fields).status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace ferry
