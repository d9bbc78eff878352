// Column defaults: a SQLite default expression as PostgreSQL SQL, when it translates.
#ifndef FERRY_MAPPING_SQLITE_DEFAULTS_H_
#define FERRY_MAPPING_SQLITE_DEFAULTS_H_

#include <optional>
#include <string>
#include <string_view>

#include "mapping/target_type.h"

namespace ferry {

// The PostgreSQL default for a column of `type` whose SQLite default is
// `expression` (PRAGMA table_xinfo's dflt_value), or nullopt when it does not
// translate and the plan must warn. Translated: number literals (for numeric
// and text columns), string literals ('it''s') for text columns
// (PostgreSQL checks a default when the table is created, so others are not
// risked), TRUE/FALSE and 0/1 for
// booleans, and CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_TIME, which SQLite
// evaluates in UTC, for timestamp, date and time columns. `*is_null` is set
// when the default is NULL (no default needed).
std::optional<std::string> TranslateSqliteDefault(std::string_view expression,
                                                  const TargetType& type, bool* is_null);

}  // namespace ferry

#endif  // FERRY_MAPPING_SQLITE_DEFAULTS_H_
