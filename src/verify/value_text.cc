#include "verify/value_text.h"

#include <fmt/format.h>
#include <xxhash.h>

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

bool IsLong(const Value& value) {
  return (value.kind() == ValueKind::kText || value.kind() == ValueKind::kBytes) &&
         value.bytes().size() > kLongValueBytes;
}

size_t FirstDifference(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

// "24576 bytes, xxh3 …, first difference at byte 1200: …\x0a0b0c…": the
// excerpt starts a few bytes before the difference.
std::string LongValueText(const Value& value, size_t differs_at) {
  constexpr size_t kBefore = 8, kExcerpt = 24;
  std::string_view bytes = value.bytes();
  std::string out =
      fmt::format("{} bytes, xxh3 {:016x}", bytes.size(), XXH3_64bits(bytes.data(), bytes.size()));
  if (differs_at >= bytes.size()) return out + " (the other value goes on after its end)";
  size_t from = differs_at > kBefore ? differs_at - kBefore : 0;
  std::string_view excerpt = bytes.substr(from, kExcerpt);
  bool text = value.kind() == ValueKind::kText;
  std::string shown = text ? QuotedText(excerpt) : HexText(excerpt);
  return out + fmt::format(", first difference at byte {}: {}{}{}", differs_at, from > 0 ? "…" : "",
                           shown, from + excerpt.size() < bytes.size() ? "…" : "");
}

}  // namespace

ShownDifference DifferingValuesText(LogicalType type, const Value& source, const Value& target) {
  if (!IsLong(source) && !IsLong(target)) return {ValueText(type, source), ValueText(type, target)};
  bool comparable = source.kind() == target.kind() && !source.is_null();
  size_t at = comparable ? FirstDifference(source.bytes(), target.bytes()) : 0;
  auto shown = [&](const Value& v) {
    return IsLong(v) ? LongValueText(v, at) : ValueText(type, v);
  };
  return {shown(source), shown(target)};
}

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
