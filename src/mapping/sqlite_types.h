// The SQLite → PostgreSQL type mapping: a declared column type becomes a
// LogicalType and a PostgreSQL type, with the reason the plan prints.
//
// SQLite is dynamically typed: a declared type only gives the column an
// affinity (https://www.sqlite.org/datatype3.html, section 3.1), and any
// column may hold values of any storage class. The mapping follows the
// affinity and the declared name; the RowTransform then converts or rejects
// each value that does not match (docs/type-mapping.md has both tables).
// Pure functions, thread-safe.
#ifndef FERRY_MAPPING_SQLITE_TYPES_H_
#define FERRY_MAPPING_SQLITE_TYPES_H_

#include <string>
#include <string_view>

#include "ferry/logical_type.h"
#include "mapping/target_type.h"

namespace ferry {

enum class SqliteAffinity { kInteger, kText, kBlob, kReal, kNumeric };

// "INTEGER", "TEXT", "BLOB", "REAL", "NUMERIC" (BLOB is also "none").
std::string_view SqliteAffinityName(SqliteAffinity affinity);

// SQLite's five rules, in order: contains "INT" → INTEGER; "CHAR", "CLOB" or
// "TEXT" → TEXT; "BLOB" or empty → BLOB; "REAL", "FLOA" or "DOUB" → REAL;
// otherwise NUMERIC. Case-insensitive, on the whole declared type.
SqliteAffinity AffinityOf(std::string_view declared_type);

struct TypeChoice {
  TargetType target;
  std::string reason;  // "declared NVARCHAR(40), TEXT affinity: varchar(40) keeps the length limit"
};

// The PostgreSQL type for a column declared as `declared_type` ("" when none).
TypeChoice MapSqliteType(std::string_view declared_type);

}  // namespace ferry

#endif  // FERRY_MAPPING_SQLITE_TYPES_H_
