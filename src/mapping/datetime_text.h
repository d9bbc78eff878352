// Dates and times as SQLite applications store them, read into the
// representations of logical_type.h (microseconds / days since 1970-01-01).
//
// SQLite has no date type; its date functions accept ISO-8601 text, Julian day
// numbers and unix seconds (https://www.sqlite.org/lang_datefunc.html), and so
// does ferry. Pure functions, thread-safe; they allocate only for a reason.
#ifndef FERRY_MAPPING_DATETIME_TEXT_H_
#define FERRY_MAPPING_DATETIME_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ferry/value.h"

namespace ferry {

inline constexpr int64_t kMicrosPerDay = 86400LL * 1000000;

// "YYYY-MM-DD", optionally followed by 'T' or ' ' and "HH:MM", "HH:MM:SS" or
// "HH:MM:SS.F" (1 to 6 fraction digits; more only when the extra ones are 0),
// optionally followed by 'Z' or "+HH:MM"/"-HH:MM", which is converted to UTC
// as SQLite does. The date must exist ("2024-02-30" does not).
// On success sets *micros (since 1970-01-01 00:00:00) and returns true.
bool ParseDateTimeText(std::string_view text, int64_t* micros, std::string* reason);

// "HH:MM", "HH:MM:SS" or "HH:MM:SS.F": microseconds since midnight.
bool ParseTimeText(std::string_view text, int64_t* micros, std::string* reason);

// A number (an int64 or double Value) by SQLite's 'auto' rule: 0 to 5373484.499999
// is a Julian day number (SQLite's millisecond precision), -210866760000 to
// 253402300799 otherwise is unix seconds (reals rounded to the microsecond);
// anything else, NaN and infinities are rejected. *julian tells which rule applied.
bool NumberToMicros(const Value& number, int64_t* micros, bool* julian, std::string* reason);

// Splits microseconds into days since 1970-01-01 and microseconds into that day.
void SplitMicros(int64_t micros, int64_t* days, int64_t* time_of_day);

}  // namespace ferry

#endif  // FERRY_MAPPING_DATETIME_TEXT_H_
