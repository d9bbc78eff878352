// SQLite expressions (CHECK constraints, index expressions and predicates) as
// PostgreSQL SQL, when they mean the same there.
//
// Conservative on purpose: what is translated behaves alike in both engines
// for every value the target column can hold, and anything else is refused
// with the reason, so the caller lists it rather than guess. Translated:
// column names (mapped to their target names, always double-quoted), number
// and string literals, comparisons (=, ==, <>, !=; <, <=, >, >= and BETWEEN
// between numbers only, since text order depends on the collation), IS [NOT]
// NULL (and ISNULL, NOTNULL, NOT NULL), [NOT] IN (literals), AND, OR, NOT,
// parentheses, and length(text), lower(text), upper(text), abs(number). Both
// sides of a comparison must be numbers or both text in the target's types.
// Pure functions, thread-safe.
#ifndef FERRY_MAPPING_SQLITE_EXPRESSION_H_
#define FERRY_MAPPING_SQLITE_EXPRESSION_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ferry/logical_type.h"
#include "ferry/status.h"

namespace ferry {

// A column an expression may name: its target name and type.
struct ExpressionColumn {
  std::string name;
  LogicalType type = LogicalType::kText;
};
// The target column for a source column name (matched as SQLite does, without
// regard to ASCII case), or nullopt when the table copies no such column.
using ExpressionColumns = std::function<std::optional<ExpressionColumn>(std::string_view)>;

// A condition (CHECK, WHERE): `sql` as PostgreSQL SQL, or InvalidArgument
// saying what does not translate ("GLOB is not translated").
Result<std::string> TranslateSqliteCondition(std::string_view sql,
                                             const ExpressionColumns& columns);
// An index key expression ("lower(email)"): the same rules; the result is a
// value, not a condition.
Result<std::string> TranslateSqliteValue(std::string_view sql, const ExpressionColumns& columns);

}  // namespace ferry

#endif  // FERRY_MAPPING_SQLITE_EXPRESSION_H_
