// Decoding PostgreSQL binary values (the "send" format of COPY … (FORMAT binary))
// into Values in the representation of their LogicalType (logical_type.h).
//
// libpq hands over the raw bytes of each field but has no decoder for them, so
// this file reads the handful of formats ferry maps (integers, floats, numeric,
// text, bytea, date/time, uuid, json/jsonb). Other types are read as text by
// casting them in the query (see PgBinaryDecodable).
#ifndef FERRY_CONNECTORS_POSTGRES_PG_BINARY_VALUES_H_
#define FERRY_CONNECTORS_POSTGRES_PG_BINARY_VALUES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ferry/batch.h"
#include "ferry/logical_type.h"
#include "ferry/status.h"
#include "ferry/value.h"

namespace ferry {

// Type OIDs of the built-in types ferry decodes (pg_type.dat).
namespace pg_oid {
inline constexpr uint32_t kBool = 16, kBytea = 17, kName = 19, kInt8 = 20, kInt2 = 21, kInt4 = 23,
                          kText = 25, kOid = 26, kJson = 114, kFloat4 = 700, kFloat8 = 701,
                          kBpchar = 1042, kVarchar = 1043, kDate = 1082, kTime = 1083,
                          kTimestamp = 1114, kTimestampTz = 1184, kNumeric = 1700, kUuid = 2950,
                          kJsonb = 3802;
}  // namespace pg_oid

// The LogicalType a column of built-in type `oid` reads as; kText for every type
// ferry does not decode (enums, arrays, intervals, ...: read as their text form).
LogicalType LogicalTypeForPgOid(uint32_t oid);

// True when DecodePgBinary understands `oid`; other columns must be selected as ::text.
bool PgBinaryDecodable(uint32_t oid);

// Decodes `bytes`, the binary form of a value of type `oid`, into *out. Text
// and bytes are copied into `batch`'s arena. DataError when the bytes are malformed.
// REQUIRES: PgBinaryDecodable(oid).
Status DecodePgBinary(uint32_t oid, std::string_view bytes, Batch* batch, Value* out);

// The text form of a binary numeric ("-12.50", "NaN", "Infinity"), as PostgreSQL
// prints it (every digit of its display scale). False when `bytes` is malformed.
bool PgNumericToText(std::string_view bytes, std::string* out);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_BINARY_VALUES_H_
