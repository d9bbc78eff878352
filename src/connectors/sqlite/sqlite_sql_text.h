// Pieces of the SQL SQLite keeps in sqlite_schema.sql that no PRAGMA reports:
// a table's CHECK constraints, and an index's expressions and WHERE clause.
//
// Text is returned as written (SQLite SQL); translating it is the mapping's
// job (mapping/sqlite_expression.h). Pure functions, thread-safe.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_SQL_TEXT_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_SQL_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

#include "ferry/schema.h"

namespace ferry {

// Every CHECK (...) of `create_table_sql`, column-level and table-level, in
// order: the condition without its parentheses, and the CONSTRAINT name that
// precedes it ("" when none). Comments, string literals and quoted names are
// skipped over, so a "CHECK" inside them is not taken for one.
std::vector<CheckConstraint> SqliteCheckConstraints(std::string_view create_table_sql);

struct SqliteIndexText {
  // One per indexed entry, as written: "lower(email) DESC", "a COLLATE NOCASE".
  std::vector<std::string> entries;
  std::string where;  // the partial index's predicate, "" when none
};

// The entries and predicate of a "CREATE [UNIQUE] INDEX ... ON t (...) [WHERE
// ...]" statement. Empty entries when the text is not such a statement.
SqliteIndexText ParseSqliteIndex(std::string_view create_index_sql);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_SQL_TEXT_H_
