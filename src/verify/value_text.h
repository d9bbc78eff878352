// How verify shows a value in its reports: readable, and exact enough that two
// values that differ never print the same.
//
//   int, bool      42, true
//   float          shortest text that reads back as the same double (0.30000000000000004)
//   numeric, json  as held
//   text           'it''s' (quoted, quotes doubled)
//   bytes          \x00ff
//   date, time     2024-01-31, 13:05:00.000001
//   timestamp(tz)  2024-01-31 13:05:00.000001 (UTC for timestamptz, marked +00)
//   uuid           a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11
//   null           NULL
#ifndef FERRY_VERIFY_VALUE_TEXT_H_
#define FERRY_VERIFY_VALUE_TEXT_H_

#include <string>

#include "ferry/logical_type.h"
#include "ferry/value.h"

namespace ferry {

// REQUIRES: `value` has the representation of `type` (or is null); otherwise the
// value is shown by its kind.
std::string ValueText(LogicalType type, const Value& value);

// Text and byte strings longer than this are shown in part (DifferingValuesText).
inline constexpr size_t kLongValueBytes = 64;

struct ShownDifference {
  std::string source;
  std::string target;
};

// How verify shows two values of one column that differ: ValueText of each
// when both are short; a text or byte string longer than kLongValueBytes as
// its length, its XXH3 hash and a short excerpt from the first byte where the
// two differ, so a one-byte change in a 24 KB BLOB prints one line:
//   24576 bytes, xxh3 5f2c0e9ab1d3c4e7, first difference at byte 1200: \x0a0b0c...
ShownDifference DifferingValuesText(LogicalType type, const Value& source, const Value& target);

}  // namespace ferry

#endif  // FERRY_VERIFY_VALUE_TEXT_H_
