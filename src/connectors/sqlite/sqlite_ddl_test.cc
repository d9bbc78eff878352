#include "connectors/sqlite/sqlite_ddl.h"

#include <gtest/gtest.h>

#include "mapping/sqlite_types.h"
#include "mapping/target_type.h"

namespace ferry {
namespace {

Column Col(std::string name, LogicalType type = LogicalType::kText, std::string native = "",
           bool nullable = true) {
  Column c;
  c.name = std::move(name);
  c.type = type;
  c.native_type = std::move(native);
  c.nullable = nullable;
  return c;
}

Index Idx(std::string name, std::string column, std::string where = "") {
  Index index;
  index.name = std::move(name);
  index.columns = {std::move(column)};
  index.where = std::move(where);
  return index;
}

// Given each PostgreSQL type the mapping produces, we expect the declared
// type a SQLite target writes to map back to the same logical type and
// parameters, with an affinity that leaves the bound values alone.
TEST(SqliteDdlTest, EveryDeclaredTypeMapsBackToItsLogicalType) {
  struct Case {
    const char* pg_type;
    const char* declared;
    SqliteAffinity affinity;
  };
  const Case cases[] = {
      {"boolean", "BOOLEAN", SqliteAffinity::kNumeric},
      {"smallint", "INT2", SqliteAffinity::kInteger},
      {"integer", "INT4", SqliteAffinity::kInteger},
      {"bigint", "INTEGER", SqliteAffinity::kInteger},
      {"real", "FLOAT4_BLOB", SqliteAffinity::kBlob},
      {"double precision", "FLOAT8_BLOB", SqliteAffinity::kBlob},
      {"numeric(10,2)", "NUMERIC_TEXT(10,2)", SqliteAffinity::kText},
      {"numeric", "NUMERIC_TEXT", SqliteAffinity::kText},
      {"text", "TEXT", SqliteAffinity::kText},
      {"varchar(40)", "VARCHAR(40)", SqliteAffinity::kText},
      {"char(3)", "CHAR(3)", SqliteAffinity::kText},
      {"bytea", "BLOB", SqliteAffinity::kBlob},
      {"date", "DATE", SqliteAffinity::kNumeric},
      {"time", "TIME", SqliteAffinity::kNumeric},
      {"timestamp", "TIMESTAMP", SqliteAffinity::kNumeric},
      {"timestamptz", "TIMESTAMPTZ", SqliteAffinity::kNumeric},
      {"uuid", "UUID", SqliteAffinity::kNumeric},
      {"json", "JSONB_TEXT", SqliteAffinity::kText},
      {"jsonb", "JSONB_TEXT", SqliteAffinity::kText},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.pg_type);
    TargetType target = ParseTargetType(c.pg_type).value();
    Column column = Col("c", target.type, target.pg_type);
    std::string declared = SqliteDeclaredType(column);
    EXPECT_EQ(declared, c.declared);
    EXPECT_EQ(AffinityOf(declared), c.affinity);
    TypeChoice back = MapSqliteType(declared);
    EXPECT_EQ(back.target.type, target.type);
    EXPECT_EQ(back.target.pg_type, target.pg_type);
  }
}

TEST(SqliteDdlTest, OtherPostgresTypesAreTheirTextForm) {
  Column array = Col("tags", LogicalType::kText, "integer[]");
  EXPECT_EQ(SqliteDeclaredType(array), "TEXT");
  EXPECT_NE(SqliteStorageRule(array).find("text form of integer[]"), std::string::npos);
}

TEST(SqliteDdlTest, CreateTableDeclaresKeysAndForeignKeysWithQuotedNames) {
  TableSchema table;
  table.name = "or\"der";
  table.columns = {Col("id", LogicalType::kInt64, "bigint", false),
                   Col("user id", LogicalType::kInt64, "bigint")};
  table.primary_key = {"id"};
  table.unique_keys = {{"user id"}};
  ForeignKey fk;
  fk.columns = {"user id"};
  fk.referenced_table = "users";
  fk.on_delete = "CASCADE";
  table.foreign_keys = {fk};
  EXPECT_EQ(SqliteCreateTableSql(table),
            "CREATE TABLE \"or\"\"der\" (\"id\" INTEGER NOT NULL, \"user id\" INTEGER, PRIMARY KEY "
            "(\"id\"), UNIQUE (\"user id\"), FOREIGN KEY (\"user id\") REFERENCES \"users\" ON "
            "DELETE CASCADE)");
}

TEST(SqliteDdlTest, IndexesOfPlainColumnsOnlyAndIfNotExists) {
  TableSchema table;
  table.name = "t";
  table.columns = {Col("a"), Col("b")};
  table.indexes = {Idx("t_a", "a"), Idx("t_lower", "lower(b)"),
                   Idx("t_part", "b", "b IS NOT NULL")};
  std::vector<std::string> skipped;
  std::vector<std::string> sql = SqliteIndexSql(table, &skipped);
  ASSERT_EQ(sql.size(), 1u);
  EXPECT_EQ(sql[0], "CREATE INDEX IF NOT EXISTS \"t_a\" ON \"t\" (\"a\")");
  EXPECT_EQ(skipped, (std::vector<std::string>{"t_lower", "t_part"}));
}

}  // namespace
}  // namespace ferry
