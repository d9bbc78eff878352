// The SQL a SQLite target runs: declared column types, CREATE TABLE with its
// keys and foreign keys, secondary indexes, DROP TABLE.
//
// SQLite cannot add a primary key, a unique constraint or a foreign key to a
// table after it was created, so CREATE TABLE declares them all; secondary
// indexes come after the data (IndexSql, with IF NOT EXISTS).
//
// Declared types are chosen so that (1) SQLite's type affinity never changes
// a value ferry binds (numeric and JSON text in TEXT-affinity columns, floats
// in BLOB-affinity ones: REAL and NUMERIC affinity turn -0.0 into 0 and the
// text "1.0" into a number), and (2) ferry's own SQLite reader (MapSqliteType
// in src/mapping/sqlite_types.cc) maps each back to the same logical type.
// docs/type-mapping.md lists the table in both directions. Pure functions.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_DDL_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_DDL_H_

#include <string>
#include <vector>

#include "ferry/schema.h"

namespace ferry {

// The declared type for target column `column` (its LogicalType, and its
// PostgreSQL-spelled native_type for lengths, precision and scale):
// "INTEGER", "NUMERIC_TEXT(10,2)", "FLOAT8_BLOB", "TIMESTAMPTZ", ...
std::string SqliteDeclaredType(const Column& column);

// How values of `column` are stored, for `ferry plan`:
// "NUMERIC_TEXT(10,2): TEXT affinity, the decimal's digits as text".
std::string SqliteStorageRule(const Column& column);

// CREATE TABLE "name" (columns, PRIMARY KEY, UNIQUE, FOREIGN KEY ...).
// CHECK constraints and defaults are PostgreSQL SQL and are left out (the
// plan lists each: TargetRules::runs_sql_expressions).
std::string SqliteCreateTableSql(const TableSchema& table);

// CREATE [UNIQUE] INDEX IF NOT EXISTS for each secondary index of `table` that
// is a plain list of columns (expression, partial and non-btree indexes are
// PostgreSQL SQL: *skipped gets their names when given).
std::vector<std::string> SqliteIndexSql(const TableSchema& table,
                                        std::vector<std::string>* skipped = nullptr);

std::string SqliteDropTableSql(const std::string& table);

// "name" with inner '"' doubled, and 'text' with inner '\'' doubled.
std::string QuoteSqliteName(const std::string& name);
std::string QuoteSqliteText(const std::string& text);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_DDL_H_
