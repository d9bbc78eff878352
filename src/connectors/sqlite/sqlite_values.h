// Values into a SQLite target: each LogicalType's representation (value.h)
// bound to a prepared statement as the storage class SqliteDeclaredType
// promises (sqlite_ddl.h): dates, times and timestamps as ISO-8601 text
// (timestamptz in UTC with 'Z'), uuids as 36-character text, bools as 0/1,
// floats as REAL bit for bit, numeric and JSON as text, bytes as BLOB.
//
// Text and bytes are bound without a copy (SQLITE_STATIC): the caller steps
// the statement while the batch is alive. Formatted text goes into the
// caller's per-column scratch string, which must also outlive the step.
// Not thread-safe (the scratch); pure otherwise.
#ifndef FERRY_CONNECTORS_SQLITE_SQLITE_VALUES_H_
#define FERRY_CONNECTORS_SQLITE_SQLITE_VALUES_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "ferry/logical_type.h"
#include "ferry/status.h"
#include "ferry/value.h"

namespace ferry {

// Binds `value` (of a column of `type`) as parameter `index` (1-based).
// DataError saying what is wrong with the value when SQLite cannot hold it
// exactly: a NaN (SQLite stores NaN as NULL), a date outside years 0-9999.
Status BindSqliteValue(sqlite3_stmt* stmt, int index, const Value& value, LogicalType type,
                       std::string* scratch);

// The text forms, exposed for tests and for the plan's examples.
// REQUIRES for dates: years 0..9999 (FormatSqliteDate returns false otherwise).
bool FormatSqliteDate(int64_t days, std::string* out);
bool FormatSqliteTimestamp(int64_t micros, bool utc, std::string* out);
void FormatSqliteTime(int64_t micros, std::string* out);
void FormatSqliteUuid(std::string_view bytes, std::string* out);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_SQLITE_SQLITE_VALUES_H_
