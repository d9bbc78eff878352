#include "connectors/sqlite/sqlite_values.h"

#include <cmath>

namespace ferry {
namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

// `value` (>= 0) in exactly `width` decimal digits, zero-padded: no printf
// on the hot path (snprintf was a tenth of a copy's time).
void AppendDigits(int64_t value, int width, std::string* out) {
  char digits[20];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out->append(digits, width);
}

void AppendTimeOfDay(int64_t micros, std::string* out) {
  int64_t seconds = micros / kMicrosPerSecond;
  int64_t fraction = micros % kMicrosPerSecond;
  AppendDigits(seconds / 3600, seconds / 3600 >= 100 ? 3 : 2, out);
  out->push_back(':');
  AppendDigits(seconds / 60 % 60, 2, out);
  out->push_back(':');
  AppendDigits(seconds % 60, 2, out);
  if (fraction == 0) return;
  out->push_back('.');
  AppendDigits(fraction, 6, out);
}

Status Bound(int rc, sqlite3_stmt* stmt) {
  if (rc == SQLITE_OK) return Status::OK();
  return Status::Internal(std::string("binding a value: ") +
                          sqlite3_errmsg(sqlite3_db_handle(stmt)));
}

Status BindText(sqlite3_stmt* stmt, int index, std::string_view text) {
  return Bound(
      sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8), stmt);
}

Status BindDouble(sqlite3_stmt* stmt, int index, double value) {
  if (std::isnan(value)) {
    return Status::DataError(
        "NaN cannot be stored in a SQLite target (SQLite stores NaN as NULL); fix the value in "
        "the source or copy with --on-error skip");
  }
  return Bound(sqlite3_bind_double(stmt, index, value), stmt);
}

}  // namespace

bool FormatSqliteDate(int64_t days, std::string* out) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  if (y < 0 || y > 9999) return false;
  out->clear();
  AppendDigits(y, 4, out);
  out->push_back('-');
  AppendDigits(m, 2, out);
  out->push_back('-');
  AppendDigits(d, 2, out);
  return true;
}

bool FormatSqliteTimestamp(int64_t micros, bool utc, std::string* out) {
  int64_t days = micros / kMicrosPerDay;
  int64_t time_of_day = micros % kMicrosPerDay;
  if (time_of_day < 0) {
    time_of_day += kMicrosPerDay;
    --days;
  }
  if (!FormatSqliteDate(days, out)) return false;
  out->push_back(' ');
  AppendTimeOfDay(time_of_day, out);
  if (utc) out->push_back('Z');
  return true;
}

void FormatSqliteTime(int64_t micros, std::string* out) {
  out->clear();
  AppendTimeOfDay(micros, out);
}

void FormatSqliteUuid(std::string_view bytes, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->clear();
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out->push_back('-');
    unsigned char b = static_cast<unsigned char>(bytes[i]);
    out->push_back(kHex[b >> 4]);
    out->push_back(kHex[b & 15]);
  }
}

Status BindSqliteValue(sqlite3_stmt* stmt, int index, const Value& value, LogicalType type,
                       std::string* scratch) {
  if (value.is_null()) return Bound(sqlite3_bind_null(stmt, index), stmt);
  switch (type) {
    case LogicalType::kBool:
      return Bound(sqlite3_bind_int64(stmt, index, value.bool_value() ? 1 : 0), stmt);
    case LogicalType::kFloat32:
    case LogicalType::kFloat64:
      return BindDouble(stmt, index, value.double_value());
    case LogicalType::kBytes:
      return Bound(sqlite3_bind_blob64(stmt, index, value.bytes().data(), value.bytes().size(),
                                       SQLITE_STATIC),
                   stmt);
    case LogicalType::kDate:
      if (!FormatSqliteDate(value.int64_value(), scratch)) break;
      return BindText(stmt, index, *scratch);
    case LogicalType::kTime:
      FormatSqliteTime(value.int64_value(), scratch);
      return BindText(stmt, index, *scratch);
    case LogicalType::kTimestamp:
    case LogicalType::kTimestampTz:
      if (!FormatSqliteTimestamp(value.int64_value(), type == LogicalType::kTimestampTz, scratch)) {
        break;
      }
      return BindText(stmt, index, *scratch);
    case LogicalType::kUuid:
      if (value.bytes().size() != 16) {
        return Status::DataError("a uuid of " + std::to_string(value.bytes().size()) +
                                 " bytes (16 expected)");
      }
      FormatSqliteUuid(value.bytes(), scratch);
      return BindText(stmt, index, *scratch);
    case LogicalType::kInt16:
    case LogicalType::kInt32:
    case LogicalType::kInt64:
      return Bound(sqlite3_bind_int64(stmt, index, value.int64_value()), stmt);
    case LogicalType::kNumeric:
    case LogicalType::kText:
    case LogicalType::kJson:
      return BindText(stmt, index, value.bytes());
  }
  return Status::DataError(
      "a date outside the years 0 to 9999, which SQLite's ISO-8601 text cannot hold");
}

}  // namespace ferry
