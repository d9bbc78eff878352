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

}  // namespace ferry

#endif  // FERRY_VERIFY_VALUE_TEXT_H_
