// SqliteSource::DescribeSchema on generated databases: what PRAGMA introspection yields.
#include <gtest/gtest.h>

#include "connectors/sqlite/sqlite_database.h"
#include "connectors/sqlite/sqlite_source.h"
#include "test_util.h"

namespace ferry::testing {
namespace {

// A SQLite file built from `sql` in a temporary directory.
class SqliteFile {
 public:
  explicit SqliteFile(const std::string& sql) : path_((dir_.path() / "db.sqlite").string()) {
    SqliteDatabase::Options options;
    options.create = true;
    SqliteDatabase db = SqliteDatabase::Open(path_, options).value();
    Status status = db.Exec(sql);
    EXPECT_TRUE(status.ok()) << status.message();
  }
  const std::string& path() const { return path_; }
  DatabaseSchema Describe() const {
    auto source = SqliteSource::Open(path_).value();
    Result<DatabaseSchema> schema = source->DescribeSchema();
    EXPECT_TRUE(schema.ok()) << schema.status().message();
    return schema.ok() ? *schema : DatabaseSchema{};
  }

 private:
  TempDir dir_;
  std::string path_;
};

TEST(SqliteSourceSchemaTest, ColumnsKeepDeclaredTypeNullabilityAndDefaults) {
  SqliteFile db(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, name NVARCHAR(40) NOT NULL DEFAULT 'x', "
      "price NUMERIC(10,2), anything);");
  DatabaseSchema schema = db.Describe();
  ASSERT_EQ(schema.tables.size(), 1u);
  const TableSchema& t = schema.tables[0];
  ASSERT_EQ(t.columns.size(), 4u);
  EXPECT_EQ(t.columns[1].name, "name");
  EXPECT_EQ(t.columns[1].native_type, "NVARCHAR(40)");
  EXPECT_FALSE(t.columns[1].nullable);
  EXPECT_EQ(t.columns[1].default_expression, "'x'");
  EXPECT_EQ(t.columns[3].native_type, "");
  EXPECT_TRUE(t.columns[3].nullable);
  EXPECT_EQ(t.primary_key, std::vector<std::string>{"id"});
  EXPECT_TRUE(t.columns[0].auto_increment);
}

TEST(SqliteSourceSchemaTest, OnlyARowidAliasIsAutoIncrement) {
  SqliteFile db(
      "CREATE TABLE a (id INT PRIMARY KEY);"  // INT, not INTEGER: not the rowid
      "CREATE TABLE b (id INTEGER PRIMARY KEY) WITHOUT ROWID;"
      "CREATE TABLE c (x INTEGER, y INTEGER, PRIMARY KEY (y, x));");
  DatabaseSchema schema = db.Describe();
  ASSERT_EQ(schema.tables.size(), 3u);
  EXPECT_FALSE(schema.tables[0].columns[0].auto_increment);
  EXPECT_FALSE(schema.tables[1].columns[0].auto_increment);
  EXPECT_EQ(schema.tables[2].primary_key, (std::vector<std::string>{"y", "x"}));
  EXPECT_FALSE(schema.tables[2].columns[0].auto_increment);
}

TEST(SqliteSourceSchemaTest, ForeignKeysUniqueKeysAndIndexes) {
  SqliteFile db(
      "CREATE TABLE p (a INTEGER, b TEXT, code TEXT UNIQUE, PRIMARY KEY (a, b));"
      "CREATE TABLE c (id INTEGER PRIMARY KEY, pa INTEGER, pb TEXT, q INTEGER REFERENCES p,"
      "  FOREIGN KEY (pa, pb) REFERENCES p (a, b) ON DELETE CASCADE);"
      "CREATE INDEX c_pa ON c (pa, pb DESC);"
      "CREATE UNIQUE INDEX c_q ON c (q);");
  DatabaseSchema schema = db.Describe();
  const TableSchema& p = schema.tables[0];
  EXPECT_EQ(p.unique_keys, std::vector<std::vector<std::string>>{{"code"}});
  EXPECT_TRUE(p.indexes.empty());  // the primary key's index is not a secondary index
  const TableSchema& c = schema.tables[1];
  ASSERT_EQ(c.foreign_keys.size(), 2u);
  const ForeignKey* composite = &c.foreign_keys[0];
  if (composite->columns.size() != 2) composite = &c.foreign_keys[1];
  EXPECT_EQ(composite->columns, (std::vector<std::string>{"pa", "pb"}));
  EXPECT_EQ(composite->referenced_table, "p");
  EXPECT_EQ(composite->referenced_columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(composite->on_delete, "CASCADE");
  const ForeignKey* bare =
      composite == &c.foreign_keys[0] ? &c.foreign_keys[1] : &c.foreign_keys[0];
  EXPECT_TRUE(bare->referenced_columns.empty());  // REFERENCES p: its primary key
  ASSERT_EQ(c.indexes.size(), 2u);
  EXPECT_EQ(c.indexes[0].name, "c_pa");
  EXPECT_EQ(c.indexes[0].columns, (std::vector<std::string>{"pa", "pb DESC"}));
  EXPECT_FALSE(c.indexes[0].unique);
  EXPECT_TRUE(c.indexes[1].unique);
}

TEST(SqliteSourceSchemaTest, ViewsTriggersAndGeneratedColumnsAreListedAsSkipped) {
  SqliteFile db(
      "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, x INTEGER, y AS (x * 2));"
      "CREATE VIEW v AS SELECT * FROM t;"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;"
      "INSERT INTO t (x) VALUES (1);");
  DatabaseSchema schema = db.Describe();
  ASSERT_EQ(schema.tables.size(), 1u);
  std::map<std::string, std::string> skipped;
  for (const SkippedObject& s : schema.skipped) skipped[s.name] = s.kind;
  EXPECT_EQ(skipped["v"], "view");
  EXPECT_EQ(skipped["tr"], "trigger");
  EXPECT_EQ(skipped["sqlite_sequence"], "table");
  EXPECT_EQ(skipped["t.y"], "generated column");
  EXPECT_EQ(schema.tables[0].columns.size(), 3u);  // y is still read, as a plain column
}

// Regression (issue 11): partial and expression indexes were only listed as
// skipped; they are read with their SQL (the mapping translates or lists them).
TEST(SqliteSourceSchemaTest, PartialExpressionAndCollatedIndexesKeepTheirSql) {
  SqliteFile db(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER, email TEXT, tag TEXT COLLATE NOCASE);"
      "CREATE INDEX partial ON t (x) WHERE x > 0;"
      "CREATE UNIQUE INDEX expr ON t (lower(email) DESC, x);"
      "CREATE INDEX by_tag ON t (tag);");
  DatabaseSchema schema = db.Describe();
  ASSERT_EQ(schema.tables.size(), 1u);
  std::map<std::string, Index> indexes;
  for (const Index& index : schema.tables[0].indexes) indexes[index.name] = index;
  ASSERT_EQ(indexes.size(), 3u);
  EXPECT_EQ(indexes["partial"].columns, std::vector<std::string>{"x"});
  EXPECT_EQ(indexes["partial"].where, "x > 0");
  EXPECT_EQ(indexes["expr"].columns, (std::vector<std::string>{"(lower(email)) DESC", "x"}));
  EXPECT_TRUE(indexes["expr"].unique);
  EXPECT_EQ(indexes["by_tag"].columns, std::vector<std::string>{"(\"tag\" COLLATE NOCASE)"});
  for (const SkippedObject& s : schema.skipped) EXPECT_NE(s.kind, "index") << s.name;
}

// Regression (issue 11): CHECK constraints were dropped without a word.
TEST(SqliteSourceSchemaTest, ColumnAndTableChecksAreRead) {
  SqliteFile db(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, qty INTEGER CHECK (qty >= 0),"
      "  CONSTRAINT sane CHECK (qty < 1000 OR id IS NULL));");
  DatabaseSchema schema = db.Describe();
  ASSERT_EQ(schema.tables.size(), 1u);
  const std::vector<CheckConstraint>& checks = schema.tables[0].checks;
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].name, "");
  EXPECT_EQ(checks[0].expression, "qty >= 0");
  EXPECT_EQ(checks[1].name, "sane");
  EXPECT_EQ(checks[1].expression, "qty < 1000 OR id IS NULL");
}

TEST(SqliteSourceSchemaTest, VirtualTablesAndTheirShadowTablesAreSkipped) {
  SqliteFile db(
      "CREATE VIRTUAL TABLE docs USING fts5(body);"
      "INSERT INTO docs VALUES ('hello');"
      "CREATE TABLE kept (id INTEGER PRIMARY KEY);");
  DatabaseSchema schema = db.Describe();
  ASSERT_EQ(schema.tables.size(), 1u);
  EXPECT_EQ(schema.tables[0].name, "kept");
  std::map<std::string, std::string> skipped;
  for (const SkippedObject& s : schema.skipped) skipped[s.name] = s.kind;
  EXPECT_EQ(skipped["docs"], "virtual table");
  EXPECT_EQ(skipped["docs_data"], "shadow table");
  EXPECT_EQ(skipped["docs_content"], "shadow table");
}

TEST(SqliteSourceSchemaTest, StrictTablesKeepTheirDeclaredTypes) {
  SqliteFile db("CREATE TABLE s (id INTEGER PRIMARY KEY, v ANY, t TEXT) STRICT;");
  DatabaseSchema schema = db.Describe();
  ASSERT_EQ(schema.tables.size(), 1u);
  EXPECT_EQ(schema.tables[0].columns[1].native_type, "ANY");
  EXPECT_TRUE(schema.tables[0].columns[0].auto_increment);
}

TEST(SqliteSourceSchemaTest, EstimatesRowCounts) {
  SqliteFile db(
      "CREATE TABLE t (id INTEGER PRIMARY KEY);"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)"
      "  INSERT INTO t SELECT i FROM n;"
      "CREATE TABLE w (k TEXT PRIMARY KEY) WITHOUT ROWID;"
      "INSERT INTO w VALUES ('a'), ('b');"
      "CREATE TABLE e (x);");
  DatabaseSchema schema = db.Describe();
  EXPECT_EQ(schema.tables[0].estimated_rows, 250);
  EXPECT_EQ(schema.tables[1].estimated_rows, 2);
  EXPECT_EQ(schema.tables[2].estimated_rows, 0);
  EXPECT_EQ(schema.tables[2].estimated_bytes, -1);  // empty: unknown
}

TEST(SqliteSourceSchemaTest, SparseRowidsAreEstimatedByRowsNotBySpan) {
  // max - min + 1 made these 10,000,000,000 and 9e18 rows (and an ETA to match).
  SqliteFile db(
      "CREATE TABLE two (id INTEGER PRIMARY KEY);"
      "INSERT INTO two VALUES (1), (10000000000);"
      "CREATE TABLE ids (id INTEGER PRIMARY KEY);"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
      "  INSERT INTO ids SELECT (i * 3074457345618258) FROM n;"
      "INSERT INTO ids VALUES (-9223372036854775808), (9223372036854775807);");
  DatabaseSchema schema = db.Describe();
  EXPECT_EQ(schema.tables[0].estimated_rows, 2);
  EXPECT_EQ(schema.tables[1].estimated_rows, 3002);
}

TEST(SqliteSourceSchemaTest, EstimatesTableSizesFromTheFirstRows) {
  SqliteFile db(
      "CREATE TABLE narrow (id INTEGER PRIMARY KEY, n INTEGER);"
      "CREATE TABLE wide (id INTEGER PRIMARY KEY, data BLOB, note TEXT);"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
      "  INSERT INTO narrow SELECT i, i % 10 FROM n;"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
      "  INSERT INTO wide SELECT i, randomblob(2000), NULL FROM n;");
  DatabaseSchema schema = db.Describe();
  ASSERT_EQ(schema.tables.size(), 2u);
  // narrow: a few bytes a row; wide: its 2000-byte blobs dominate.
  EXPECT_GT(schema.tables[0].estimated_bytes, 1000 * 2);
  EXPECT_LT(schema.tables[0].estimated_bytes, 1000 * 10);
  EXPECT_GT(schema.tables[1].estimated_bytes, 1000 * 2000);
  EXPECT_LT(schema.tables[1].estimated_bytes, 1000 * 2010);
}

TEST(SqliteSourceSchemaTest, NamesWithQuotesSpacesAndUnicode) {
  SqliteFile db(
      "CREATE TABLE \"we\"\"ird [t]\" (\"col umn\" TEXT, \"ünï\" INTEGER);"
      "INSERT INTO \"we\"\"ird [t]\" VALUES ('a', 1);");
  DatabaseSchema schema = db.Describe();
  ASSERT_EQ(schema.tables.size(), 1u);
  EXPECT_EQ(schema.tables[0].name, "we\"ird [t]");
  EXPECT_EQ(schema.tables[0].columns[0].name, "col umn");
  EXPECT_EQ(schema.tables[0].columns[1].name, "ünï");
  EXPECT_EQ(schema.tables[0].estimated_rows, 1);
}

TEST(SqliteSourceSchemaTest, ATableNamedWithTheEmptyStringIsStillRead) {
  SqliteFile db("CREATE TABLE \"\" (x INTEGER); INSERT INTO \"\" VALUES (1);");
  DatabaseSchema schema = db.Describe();
  ASSERT_EQ(schema.tables.size(), 1u);
  EXPECT_EQ(schema.tables[0].name, "");
  ASSERT_EQ(schema.tables[0].columns.size(), 1u);
  EXPECT_EQ(schema.tables[0].columns[0].name, "x");
}

TEST(SqliteSourceSchemaTest, MissingAndNonDatabaseFilesAreClearErrors) {
  EXPECT_EQ(SqliteSource::Open("/nonexistent/x.sqlite").status().code(), StatusCode::kNotFound);
  TempDir dir;
  WriteFile(dir.path() / "not.sqlite", "this is not a database, just some text in a file");
  Result<std::unique_ptr<SqliteSource>> source =
      SqliteSource::Open((dir.path() / "not.sqlite").string());
  ASSERT_FALSE(source.ok());
  EXPECT_NE(source.status().message().find("not.sqlite"), std::string::npos);
}

}  // namespace
}  // namespace ferry::testing
