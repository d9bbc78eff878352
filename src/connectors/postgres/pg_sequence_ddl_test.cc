#include "connectors/postgres/pg_sequence_ddl.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TableSchema Drawing(const std::string& name, const std::string& sequence) {
  TableSchema table;
  table.name = name;
  Column id;
  id.name = "id";
  id.type = LogicalType::kInt64;
  id.sequence = sequence;
  table.columns = {id};
  return table;
}

// Given a sequence two tables draw from, its value is past the source's next
// value and both tables' largest keys, and never behind its own position.
TEST(PgSequenceDdlTest, ASharedSequenceIsSetPastEveryColumnThatDrawsFromIt) {
  Sequence s;
  s.name = "global_id";
  s.next_value = 901;
  std::string sql =
      SetSequenceSql(s, {Drawing("orders", "global_id"), Drawing("other", "x")}, "app");
  EXPECT_EQ(sql,
            "SELECT setval('app.global_id', LEAST(GREATEST((SELECT CASE WHEN is_called THEN "
            "last_value::numeric + 1 ELSE last_value END FROM app.global_id), 901, (SELECT "
            "max(id)::numeric + 1 FROM app.orders)), 9223372036854775807)::bigint, false);");
}

// Given a sequence that counts down, it goes below the smallest key instead.
TEST(PgSequenceDdlTest, ADescendingSequenceGoesBelowTheSmallestKey) {
  Sequence s;
  s.name = "down";
  s.increment = -1;
  s.min_value = -1000;
  std::string sql = SetSequenceSql(s, {Drawing("t", "down")}, "public");
  EXPECT_NE(sql.find("GREATEST(LEAST("), std::string::npos) << sql;
  EXPECT_NE(sql.find("min(id)::numeric - 1"), std::string::npos) << sql;
  EXPECT_NE(sql.find(", -1000)::bigint"), std::string::npos) << sql;
}

// Given a column that owned its sequence in the source, it gets the default and
// the ownership; the sequence keeps the source's options.
TEST(PgSequenceDdlTest, ColumnsGetTheirDefaultAndOwnership) {
  TableSchema table = Drawing("Orders", "order_no");
  table.columns[0].owns_sequence = true;
  std::vector<std::string> sql = SequenceDefaultSql(table, "public");
  ASSERT_EQ(sql.size(), 1u);
  EXPECT_NE(sql[0].find("attrelid = 'public.\"Orders\"'::regclass AND attname = 'id' AND "
                        "attidentity <> '') THEN ALTER TABLE public.\"Orders\" ALTER COLUMN id "
                        "SET DEFAULT nextval('public.order_no'::regclass); ALTER SEQUENCE "
                        "public.order_no OWNED BY public.\"Orders\".id; END IF;"),
            std::string::npos)
      << sql[0];
  Sequence s;
  s.name = "order_no";
  s.type = "integer";
  s.increment = 5;
  s.max_value = 100;
  s.cycle = true;
  EXPECT_EQ(CreateSequenceSql(s, "public"),
            "CREATE SEQUENCE IF NOT EXISTS public.order_no AS integer INCREMENT BY 5 MINVALUE 1 "
            "MAXVALUE 100 START WITH 1 CACHE 1 CYCLE;");
}

}  // namespace
}  // namespace ferry
