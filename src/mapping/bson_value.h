// BSON values as the document mapping sees them: their kind for inference and
// the exact conversions into ferry's logical types (logical_type.h).
#ifndef FERRY_MAPPING_BSON_VALUE_H_
#define FERRY_MAPPING_BSON_VALUE_H_

#include <bson/bson.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace ferry {

// The kinds inference tells apart. kUuid is binary subtype 4 of 16 bytes;
// kOther is what always goes to jsonb: regex, code, code with scope, timestamp,
// minKey, maxKey, DBRef (a document starting with $ref/$id), DBPointer, symbol, undefined.
enum class BsonKind : uint8_t {
  kNull,
  kBool,
  kInt32,
  kInt64,
  kDouble,
  kDecimal,
  kString,
  kObjectId,
  kDate,
  kBinary,
  kUuid,
  kDocument,
  kArray,
  kOther,
};
inline constexpr int kBsonKindCount = 14;

// "null", "int32", "objectId", ...
std::string_view BsonKindName(BsonKind kind);
BsonKind ClassifyBson(const bson_iter_t* it);

// Decimal128 as canonical numeric text: "1.5E+3" → "1500", "-0" → "0",
// "1E-7" → "0.0000001", NaN and ±Infinity as PostgreSQL spells them.
std::string DecimalToNumericText(const bson_decimal128_t& value);
// The same for libbson's decimal string form.
std::string NormalizeDecimalString(std::string_view text);
// A double as numeric text: the shortest decimal that reads back as the same double.
std::string DoubleToNumericText(double value);

// The oldest and newest instants PostgreSQL's timestamptz holds (4714-11-24 BC
// and 294247-01-01, as milliseconds since 1970), within int64 microseconds.
inline constexpr int64_t kMinTimestampMillis = -210866803200000;
inline constexpr int64_t kMaxTimestampMillis = 9223372036854775;
// BSON date (ms since 1970 UTC) → microseconds since 1970 UTC; false when out of range.
bool DateToTimestampTzMicros(int64_t millis, int64_t* micros);

// Hex of `n` bytes, lower case.
std::string HexBytes(const uint8_t* data, size_t n);

// Points `out` (a static bson_t, nothing to destroy) at the document or array
// `it` holds; false when it holds neither.
bool InitStaticChild(const bson_iter_t* it, bson_t* out);

}  // namespace ferry

#endif  // FERRY_MAPPING_BSON_VALUE_H_
