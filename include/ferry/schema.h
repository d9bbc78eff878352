// How sources and targets describe themselves: tables of typed columns.
//
// Names here are the engine's own (unquoted, exactly as stored). The same
// structs describe a source table as read and the target table to create;
// a Mapping (src/mapping) turns one into the other.
#ifndef FERRY_SCHEMA_H_
#define FERRY_SCHEMA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ferry/logical_type.h"

namespace ferry {

struct Column {
  std::string name;
  LogicalType type = LogicalType::kText;
  // The engine's own spelling of the type: SQLite's declared type ("NVARCHAR(40)",
  // "" when none), or the PostgreSQL type to create ("varchar(40)", "numeric(10,2)").
  std::string native_type;
  bool nullable = true;
  // The default as an expression in the engine's own SQL, when there is one.
  std::optional<std::string> default_expression;
  // The engine generates the value (SQLite INTEGER PRIMARY KEY / PostgreSQL identity).
  bool auto_increment = false;
  // PostgreSQL source: the next value the column's identity/serial sequence
  // gives, so the target's sequence continues from it (not only from max + 1).
  std::optional<int64_t> next_value = std::nullopt;
  // PostgreSQL source: the type (or an array's element type) is not built in
  // (an enum, a composite, an extension's type), so a target may lack it.
  bool custom_type = false;
  // PostgreSQL source: a stored generated column (GENERATED ALWAYS AS ...
  // STORED). Copied as a plain column with its values, except into a table
  // the source's own schema creates (NativeSchema), which computes it.
  bool generated = false;
  // PostgreSQL source: the default draws from this sequence of
  // DatabaseSchema::sequences (DEFAULT nextval(...)), which the target creates as
  // a sequence of its own and sets as the default after the data ("" when none;
  // then auto_increment stands for an identity or serial column).
  std::string sequence;
  bool owns_sequence = false;  // that sequence is OWNED BY this column
};

struct ForeignKey {
  std::string name;  // may be empty: the target then names it
  std::vector<std::string> columns;
  std::string referenced_table;
  std::vector<std::string> referenced_columns;  // empty: the referenced primary key
  std::string on_delete;                        // "" (no action), "CASCADE", "SET NULL", ...
  std::string on_update;
};

struct Index {
  std::string name;
  std::vector<std::string> columns;  // or expressions, in the engine's SQL
  bool unique = false;
  std::string where;  // partial index predicate, "" when none
  // PostgreSQL: the access method ("gist", "gin", "brin", "hash", ...); "" for btree.
  std::string method{};
  // PostgreSQL: per entry of `columns` (or empty when none has any), what
  // follows it in CREATE INDEX: collation, operator class, "DESC NULLS LAST".
  std::vector<std::string> options{};
  std::vector<std::string> include{};  // PostgreSQL: INCLUDE (non-key) columns
};

// A CHECK constraint. `expression` is its condition in the engine's SQL,
// without CHECK and the outer parentheses.
struct CheckConstraint {
  std::string name;  // may be empty: the target then names it
  std::string expression;
};

struct TableSchema {
  std::string name;
  std::vector<Column> columns;
  std::vector<std::string> primary_key;  // column names, in key order; empty when none
  std::vector<std::vector<std::string>> unique_keys;
  std::vector<ForeignKey> foreign_keys;
  std::vector<Index> indexes;  // secondary indexes (not the primary key)
  std::vector<CheckConstraint> checks{};
  int64_t estimated_rows = -1;  // -1: unknown
  // The size of the table's rows in bytes, an estimate that sizes chunks; -1: unknown.
  int64_t estimated_bytes = -1;

  // Position of the column named `name`, or -1.
  int ColumnIndex(const std::string& name) const;
};

// Objects a source has that ferry does not copy (views, triggers, ...): listed, never silent.
struct SkippedObject {
  std::string kind;  // "view", "trigger", ...
  std::string name;
  std::string reason;
};

// A sequence copied as one (PostgreSQL source): standalone, shared by several
// columns, or drawn from by a column that does not own it. The target's
// sequence continues from the larger of next_value and every copied column's
// max + 1 (min - 1 when it counts down).
struct Sequence {
  std::string name;
  std::string type = "bigint";  // smallint | integer | bigint
  int64_t increment = 1;
  int64_t min_value = 1;
  int64_t max_value = INT64_MAX;
  int64_t start = 1;
  int64_t cache = 1;
  bool cycle = false;
  std::optional<int64_t> next_value;  // what the source's next nextval() gives, when known
};

struct DatabaseSchema {
  std::vector<TableSchema> tables;
  std::vector<SkippedObject> skipped;
  std::vector<Sequence> sequences;

  // The table named `name`, or nullptr.
  const TableSchema* FindTable(const std::string& name) const;
};

}  // namespace ferry

#endif  // FERRY_SCHEMA_H_
