// Raw rows of the PostgreSQL family (batch.h): each row one tuple of binary
// COPY as the server sends it (an int16 field count, then per field an int32
// length, -1 for NULL, and the bytes of the type's binary send form), written
// into another PostgreSQL table by COPY … FROM STDIN (FORMAT binary) as it is.
//
// A value's binary form means the same in another database only when it names
// no object of its own database: built-in scalars and arrays of built-in types
// (OIDs below 16384, the same in every database), enums (the label's text),
// ranges of built-in types, domains over any of those (their base type's form).
// Composites and arrays of user types carry type OIDs, which differ between
// databases; an extension's or a user's base type has the extension's own
// form. Columns of those are decoded and encoded again (PgRawFormWhyNot).
#ifndef FERRY_CONNECTORS_POSTGRES_PG_RAW_ROWS_H_
#define FERRY_CONNECTORS_POSTGRES_PG_RAW_ROWS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "connectors/postgres/pg_connection.h"
#include "ferry/schema.h"
#include "ferry/status.h"

namespace ferry {

inline constexpr std::string_view kPgRawRowFormat = "PostgreSQL binary COPY tuples";

// The first user-defined object id: every OID below it is built in, the same
// in every database of every PostgreSQL version that has it.
inline constexpr uint32_t kPgFirstNormalOid = 16384;

// What decides whether a column's binary form is portable: its type, with a
// domain resolved to its base type (one level), as the catalogs give it.
struct PgColumnTypeFacts {
  std::string column;
  std::string type_name;       // format_type of the base type (Column::native_type's spelling)
  uint32_t oid = 0;            // the base type
  char typtype = 'b';          // 'b' base, 'c' composite, 'd' domain (a domain over a domain),
                               // 'e' enum, 'r' range, 'm' multirange, 'p' pseudo
  uint32_t element = 0;        // arrays: the element type; else 0
  uint32_t range_subtype = 0;  // ranges: the subtype; else 0
};

// Why `column`'s values in binary form may mean something else in another
// database ("column mood: type mood[] is an array of a type that is not built
// in ..."), or "" when they cannot.
std::string PgRawFormWhyNot(const PgColumnTypeFacts& column);

// Why rows of `table` cannot travel raw into or out of `relation` (a quoted,
// qualified table name) on `conn`: a column of `table` it lacks, one whose type
// there is not `table`'s (Column::native_type), or one PgRawFormWhyNot finds
// against; "" when they can.
Result<std::string> PgRawRowsWhyNot(PgConnection& conn, const std::string& relation,
                                    const TableSchema& table);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_RAW_ROWS_H_
