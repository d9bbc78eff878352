// Prepared statements with their parameters in one call, for the SQLite run
// store: Query(db, "... ?1 ... ?2", {run_id, int64_t{3}}). Pure helpers.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_QUERY_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_QUERY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "connectors/sqlite/sqlite_database.h"

namespace ferry {

// One parameter: NULL, an integer, a real or text.
using SqliteParam = std::variant<std::nullptr_t, int64_t, double, std::string>;

// `sql` prepared with `params` bound as ?1, ?2, ...
Result<SqliteStatement> SqliteQuery(SqliteDatabase& db, std::string_view sql,
                                    const std::vector<SqliteParam>& params);
// Runs `sql` to the end; returns the rows it changed.
Result<int64_t> SqliteRun(SqliteDatabase& db, std::string_view sql,
                          const std::vector<SqliteParam>& params);

// Text of column `column`, or nullopt when NULL.
std::optional<std::string> SqliteOptionalText(const SqliteStatement& stmt, int column);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_QUERY_H_
