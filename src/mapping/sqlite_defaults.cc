#include "mapping/sqlite_defaults.h"

#include <cctype>
#include <string>

#include "ferry/batch.h"
#include "mapping/decimal_text.h"
#include "mapping/value_converter.h"

namespace ferry {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// SQLite writes `DEFAULT (expr)` with the parentheses; drop matching outer ones.
std::string_view Unwrap(std::string_view s) {
  s = Trim(s);
  while (s.size() >= 2 && s.front() == '(' && s.back() == ')') s = Trim(s.substr(1, s.size() - 2));
  return s;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A complete '...' literal with '' escapes.
bool IsStringLiteral(std::string_view s) {
  if (s.size() < 2 || s.front() != '\'' || s.back() != '\'') return false;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] != '\'') continue;
    if (i + 2 >= s.size() || s[i + 1] != '\'') return false;
    ++i;
  }
  return true;
}

bool IsNumber(std::string_view s) {
  std::string canonical, reason;
  return !s.empty() && s != "NaN" && CanonicalDecimal(s, -1, -1, &canonical, &reason);
}

// True when the literal number fits the column exactly (PostgreSQL would round 1.5 into 2).
bool FitsColumn(std::string_view number, const TargetType& type) {
  Column column;
  column.name = "default";
  column.type = type.type;
  column.native_type = type.pg_type;
  Result<ValueConverter> converter = ValueConverter::For(column);
  Batch batch(1);
  Value out;
  std::string reason;
  return converter.ok() && converter->Convert(Value::Text(number), &batch, &out, &reason);
}

std::optional<std::string> CurrentTime(const std::string& word, LogicalType type) {
  if (word == "CURRENT_TIMESTAMP") {
    if (type == LogicalType::kTimestamp) return "(now() AT TIME ZONE 'UTC')";
    if (type == LogicalType::kTimestampTz) return "now()";
  }
  if (word == "CURRENT_DATE" && type == LogicalType::kDate) {
    return "((now() AT TIME ZONE 'UTC')::date)";
  }
  if (word == "CURRENT_TIME" && type == LogicalType::kTime) {
    return "((now() AT TIME ZONE 'UTC')::time(0))";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> TranslateSqliteDefault(std::string_view expression,
                                                  const TargetType& type, bool* is_null) {
  std::string_view value = Unwrap(expression);
  std::string word = Upper(value);
  *is_null = word == "NULL";
  if (*is_null) return std::nullopt;
  if (type.type == LogicalType::kBool) {
    if (word == "TRUE" || word == "1" || word == "'1'") return "true";
    if (word == "FALSE" || word == "0" || word == "'0'") return "false";
    return std::nullopt;
  }
  if (auto now = CurrentTime(word, type.type)) return now;
  if (IsStringLiteral(value) && type.type == LogicalType::kText) return std::string(value);
  bool numeric = type.type == LogicalType::kInt16 || type.type == LogicalType::kInt32 ||
                 type.type == LogicalType::kInt64 || type.type == LogicalType::kFloat32 ||
                 type.type == LogicalType::kFloat64 || type.type == LogicalType::kNumeric;
  if (IsNumber(value) && numeric && FitsColumn(value, type)) return std::string(value);
  if (IsNumber(value) && type.type == LogicalType::kText) return "'" + std::string(value) + "'";
  return std::nullopt;
}

}  // namespace ferry
