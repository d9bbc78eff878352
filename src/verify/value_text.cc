#include "verify/value_text.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdint>

namespace ferry {
namespace {

constexpr int64_t kMicrosPerDay = 86400LL * 1000000LL;

std::string DateText(int64_t days) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string TimeText(int64_t micros) {
  int64_t seconds = micros / 1000000;
  std::string text =
      fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  if (micros % 1000000 != 0) text += fmt::format(".{:06}", micros % 1000000);
  return text;
}

std::string TimestampText(int64_t micros) {
  if (micros == INT64_MAX) return "infinity";
  if (micros == INT64_MIN) return "-infinity";
  int64_t days = micros / kMicrosPerDay;
  int64_t rest = micros % kMicrosPerDay;
  if (rest < 0) {
    rest += kMicrosPerDay;
    --days;
  }
  return DateText(days) + " " + TimeText(rest);
}

std::string QuotedText(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string HexText(std::string_view bytes) {
  std::string out = "\\x";
  for (unsigned char c : bytes) out += fmt::format("{:02x}", c);
  return out;
}

std::string UuidText(std::string_view bytes) {
  std::string hex = HexText(bytes).substr(2);
  if (hex.size() != 32) return HexText(bytes);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace

std::string ValueText(LogicalType type, const Value& value) {
  switch (value.kind()) {
    case ValueKind::kNull:
      return "NULL";
    case ValueKind::kBool:
      return value.bool_value() ? "true" : "false";
    case ValueKind::kDouble:
      return fmt::format("{}", value.double_value());
    case ValueKind::kText:
      if (type == LogicalType::kNumeric || type == LogicalType::kJson) {
        return std::string(value.bytes());
      }
      return QuotedText(value.bytes());
    case ValueKind::kBytes:
      return type == LogicalType::kUuid ? UuidText(value.bytes()) : HexText(value.bytes());
    case ValueKind::kInt64:
      break;
  }
  int64_t n = value.int64_value();
  switch (type) {
    case LogicalType::kDate:
      if (n == INT64_MAX) return "infinity";
      if (n == INT64_MIN) return "-infinity";
      return DateText(n);
    case LogicalType::kTime:
      return TimeText(n);
    case LogicalType::kTimestamp:
      return TimestampText(n);
    case LogicalType::kTimestampTz:
      return TimestampText(n) + "+00";
    default:
      return std::to_string(n);
  }
}

}  // namespace ferry
