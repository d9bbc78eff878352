#include "connectors/postgres/pg_chunker.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

Column Col(std::string name, LogicalType type, std::string native) {
  Column c;
  c.name = std::move(name);
  c.type = type;
  c.native_type = std::move(native);
  return c;
}

KeyPart Text(std::string text) {
  KeyPart part;
  part.kind = ValueKind::kText;
  part.bytes = std::move(text);
  return part;
}

TableSchema Table(std::vector<Column> columns, std::vector<std::string> key) {
  TableSchema t;
  t.name = "orders";
  t.columns = std::move(columns);
  t.primary_key = std::move(key);
  return t;
}

TEST(PgChunkConditionTest, WholeTableHasNoCondition) {
  TableSchema t = Table({Col("id", LogicalType::kInt64, "bigint")}, {"id"});
  EXPECT_EQ(PgChunkCondition(t, Chunk{}).value(), "");
}

TEST(PgChunkConditionTest, IntegerKeyRangesAreHalfOpen) {
  TableSchema t = Table({Col("Id", LogicalType::kInt32, "integer")}, {"Id"});
  Chunk chunk;
  chunk.lower = -5;
  chunk.upper = 100;
  EXPECT_EQ(PgChunkCondition(t, chunk).value(), "\"Id\" >= -5 AND \"Id\" < 100");
  chunk.upper.reset();
  EXPECT_EQ(PgChunkCondition(t, chunk).value(), "\"Id\" >= -5");
}

TEST(PgChunkConditionTest, CompositeKeyComparesRowValuesCastToTheKeyTypes) {
  TableSchema t = Table({Col("region", LogicalType::kText, "character varying(10)"),
                         Col("seq", LogicalType::kInt64, "bigint")},
                        {"region", "seq"});
  Chunk chunk;
  chunk.by = ChunkBy::kKeyValues;
  chunk.lower_key = {Text("it's"), Text("7")};
  chunk.upper_key = {Text("r2"), Text("-1")};
  EXPECT_EQ(PgChunkCondition(t, chunk).value(),
            "(region, seq) >= ('it''s'::character varying(10), '7'::bigint) AND "
            "(region, seq) < ('r2'::character varying(10), '-1'::bigint)");
}

TEST(PgChunkConditionTest, SingleKeyIsComparedAsAValueNotATuple) {
  TableSchema t = Table({Col("id", LogicalType::kUuid, "uuid")}, {"id"});
  Chunk chunk;
  chunk.by = ChunkBy::kKeyValues;
  chunk.upper_key = {Text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")};
  EXPECT_EQ(PgChunkCondition(t, chunk).value(),
            "id < 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid");
}

TEST(PgChunkConditionTest, CtidRangesAreWholePages) {
  TableSchema t = Table({Col("line", LogicalType::kText, "text")}, {});
  Chunk chunk;
  chunk.by = ChunkBy::kCtid;
  chunk.lower = 128;
  chunk.upper = 256;
  EXPECT_EQ(PgChunkCondition(t, chunk).value(), "ctid >= '(128,0)'::tid AND ctid < '(256,0)'::tid");
  chunk.lower.reset();
  EXPECT_EQ(PgChunkCondition(t, chunk).value(), "ctid < '(256,0)'::tid");
}

TEST(PgChunkConditionTest, ABoundThatDoesNotFitTheKeyIsRefused) {
  TableSchema t = Table({Col("code", LogicalType::kText, "text")}, {"code"});
  Chunk by_int;
  by_int.lower = 1;
  EXPECT_EQ(PgChunkCondition(t, by_int).status().code(), StatusCode::kInvalidArgument);
  Chunk two_parts;
  two_parts.by = ChunkBy::kKeyValues;
  two_parts.lower_key = {Text("a"), Text("b")};
  EXPECT_EQ(PgChunkCondition(t, two_parts).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ferry
