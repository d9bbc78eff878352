// The one set of logical types every engine maps to and from.
//
// A column's LogicalType also fixes how its values are held in a Value
// (see value.h): the "representation" column below.
//
//   type          representation in Value
//   kBool         kBool
//   kInt16/32/64  kInt64 (range checked by the converter that produced it)
//   kFloat32/64   kDouble
//   kNumeric      kText: canonical decimal ("-12.50", "NaN"; no exponent, no leading '+')
//   kText         kText: valid UTF-8
//   kBytes        kBytes
//   kDate         kInt64: days since 1970-01-01
//   kTime         kInt64: microseconds since midnight
//   kTimestamp    kInt64: microseconds since 1970-01-01 00:00:00 (no zone)
//   kTimestampTz  kInt64: microseconds since 1970-01-01 00:00:00 UTC
//   kUuid         kBytes: 16 bytes
//   kJson         kText: JSON text
#ifndef FERRY_LOGICAL_TYPE_H_
#define FERRY_LOGICAL_TYPE_H_

#include <cstdint>
#include <string_view>

namespace ferry {

enum class LogicalType : uint8_t {
  kBool,
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kNumeric,
  kText,
  kBytes,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kUuid,
  kJson,
};

// "bool", "int64", "timestamptz", ... (stable: used in plans, reports and ferry.toml).
std::string_view LogicalTypeName(LogicalType type);
// Inverse of LogicalTypeName; false when `name` is not one.
bool ParseLogicalType(std::string_view name, LogicalType* type);

// The PostgreSQL type that holds `type` when nothing more precise was declared:
// kInt64 → "bigint", kJson → "jsonb", kTimestampTz → "timestamptz", ...
// PostgreSQL is the target of every copy, so the mapping (which names target
// types) and the DDL writer share this one table.
std::string_view PgTypeForLogical(LogicalType type);

}  // namespace ferry

#endif  // FERRY_LOGICAL_TYPE_H_
