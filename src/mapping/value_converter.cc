#include "mapping/value_converter.h"

#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "mapping/datetime_text.h"
#include "mapping/decimal_text.h"
#include "mapping/utf8.h"

namespace ferry {
namespace {

void IntegerRange(LogicalType t, int64_t* low, int64_t* high) {
  if (t == LogicalType::kInt16) {
    *low = std::numeric_limits<int16_t>::min(), *high = std::numeric_limits<int16_t>::max();
  } else if (t == LogicalType::kInt32) {
    *low = std::numeric_limits<int32_t>::min(), *high = std::numeric_limits<int32_t>::max();
  } else {
    *low = std::numeric_limits<int64_t>::min(), *high = std::numeric_limits<int64_t>::max();
  }
}

// Whole doubles in [-2^63, 2^63) convert to int64 exactly.
bool WholeDoubleToInt64(double d, int64_t* out) {
  if (!std::isfinite(d) || std::trunc(d) != d) return false;
  if (d < -9223372036854775808.0 || d >= 9223372036854775808.0) return false;
  *out = static_cast<int64_t>(d);
  return true;
}

// Doubles hold integers up to 2^53 exactly, and some beyond: check by round trip.
bool Int64ToExactDouble(int64_t i, double* out) {
  double d = static_cast<double>(i);
  if (d >= 9223372036854775808.0 || static_cast<int64_t>(d) != i) return false;
  *out = d;
  return true;
}

template <typename T>
bool ParseWhole(std::string_view text, T* value, std::errc* error) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  *error = ec;
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  }
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
  return -1;
}

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" or 32 hex digits, any case, into 16 bytes.
bool ParseUuidText(std::string_view text, unsigned char bytes[16]) {
  bool dashed = text.size() == 36;
  if (!dashed && text.size() != 32) return false;
  size_t pos = 0;
  for (int i = 0; i < 16; ++i) {
    if (dashed && (pos == 8 || pos == 13 || pos == 18 || pos == 23) && text[pos++] != '-') {
      return false;
    }
    int high = HexDigit(text[pos]), low = HexDigit(text[pos + 1]);
    if (high < 0 || low < 0) return false;
    bytes[i] = static_cast<unsigned char>(high * 16 + low);
    pos += 2;
  }
  return true;
}

std::string_view IntegerText(int64_t i, char* buffer) {
  return {buffer, static_cast<size_t>(std::to_chars(buffer, buffer + 24, i).ptr - buffer)};
}

}  // namespace

std::string DescribeValue(const Value& value) {
  char buffer[kDoubleTextSize];
  switch (value.kind()) {
    case ValueKind::kNull:
      return "NULL";
    case ValueKind::kBool:
      return value.bool_value() ? "boolean true" : "boolean false";
    case ValueKind::kInt64:
      return "integer " + std::string(IntegerText(value.int64_value(), buffer));
    case ValueKind::kDouble:
      return "real " + std::string(ShortestDoubleText(value.double_value(), buffer));
    case ValueKind::kText:
      return "text " + PreviewText(value.bytes());
    case ValueKind::kBytes:
      return "blob of " + std::to_string(value.bytes().size()) + " bytes";
  }
  return "value";
}

Result<ValueConverter> ValueConverter::For(const Column& target, bool allow_nul) {
  if (target.native_type.empty()) {
    return Status::InvalidArgument("column '" + target.name + "' has no target type");
  }
  Result<TargetType> type = ParseTargetType(target.native_type);
  if (!type.ok()) return type.status().WithContext("column '" + target.name + "'");
  ValueConverter converter(std::move(*type), target.nullable);
  converter.allow_nul_ = allow_nul;
  return converter;
}

bool ValueConverter::Convert(const Value& in, Batch* batch, Value* out, std::string* reason) {
  if (in.is_null()) {
    *out = Value::Null();
    if (!nullable_) *reason = "NULL in a NOT NULL column";
    return nullable_;
  }
  switch (type_.type) {
    case LogicalType::kInt16:
    case LogicalType::kInt32:
    case LogicalType::kInt64:
      return ToInteger(in, out, reason);
    case LogicalType::kFloat32:
    case LogicalType::kFloat64:
      return ToFloat(in, out, reason);
    case LogicalType::kNumeric:
      return ToNumeric(in, batch, out, reason);
    case LogicalType::kText:
      return ToText(in, batch, out, reason);
    case LogicalType::kBytes:
      return ToBytes(in, batch, out, reason);
    case LogicalType::kBool:
      return ToBool(in, out, reason);
    case LogicalType::kDate:
    case LogicalType::kTimestamp:
    case LogicalType::kTimestampTz:
      return ToDateTime(in, out, reason);
    case LogicalType::kTime:
      return ToTime(in, out, reason);
    case LogicalType::kUuid:
      return ToUuid(in, batch, out, reason);
    case LogicalType::kJson:
      return ToJson(in, batch, out, reason);
  }
  *reason = "no conversion to " + type_.pg_type;
  return false;
}

bool ValueConverter::ToInteger(const Value& in, Value* out, std::string* reason) const {
  int64_t value = 0;
  std::errc error{};
  if (in.kind() == ValueKind::kInt64) {
    value = in.int64_value();
  } else if (in.kind() == ValueKind::kDouble) {
    if (!WholeDoubleToInt64(in.double_value(), &value)) {
      *reason = DescribeValue(in) + " is not a whole number within 64 bits; " + type_.pg_type +
                " holds integers (ferry does not round)";
      return false;
    }
  } else if (in.kind() == ValueKind::kText) {
    if (!ParseWhole(in.bytes(), &value, &error)) {
      *reason = DescribeValue(in) + (error == std::errc::result_out_of_range
                                         ? " is out of range of 64-bit integers"
                                         : " is not an integer (digits with an optional '-')");
      return false;
    }
  } else {
    *reason = DescribeValue(in) + " cannot be an integer";
    return false;
  }
  int64_t low = 0, high = 0;
  IntegerRange(type_.type, &low, &high);
  if (value < low || value > high) {
    *reason = DescribeValue(in) + " is out of range of " + type_.pg_type;
    return false;
  }
  *out = Value::Int64(value);
  return true;
}

bool ValueConverter::ToFloat(const Value& in, Value* out, std::string* reason) const {
  double value = 0;
  std::errc error{};
  if (in.kind() == ValueKind::kDouble) {
    value = in.double_value();
  } else if (in.kind() == ValueKind::kInt64) {
    if (!Int64ToExactDouble(in.int64_value(), &value)) {
      *reason = DescribeValue(in) + " cannot be held exactly by double precision";
      return false;
    }
  } else if (in.kind() == ValueKind::kText) {
    if (!ParseWhole(in.bytes(), &value, &error)) {
      *reason = DescribeValue(in) + (error == std::errc::result_out_of_range
                                         ? " is out of range of double precision"
                                         : " is not a number");
      return false;
    }
  } else {
    *reason = DescribeValue(in) + " cannot be a number";
    return false;
  }
  if (type_.type == LogicalType::kFloat32 && std::isfinite(value) && std::fabs(value) > FLT_MAX) {
    *reason = DescribeValue(in) + " is out of range of real";
    return false;
  }
  *out = Value::Double(value);
  return true;
}

bool ValueConverter::ToNumeric(const Value& in, Batch* batch, Value* out, std::string* reason) {
  char buffer[kDoubleTextSize];
  std::string_view text;
  if (in.kind() == ValueKind::kInt64) {
    text = IntegerText(in.int64_value(), buffer);
  } else if (in.kind() == ValueKind::kDouble) {
    if (std::isinf(in.double_value())) {
      *reason = DescribeValue(in) + ": numeric cannot hold infinities (use double precision)";
      return false;
    }
    text = ShortestDoubleText(in.double_value(), buffer);
  } else if (in.kind() == ValueKind::kText) {
    text = in.bytes();
  } else {
    *reason = DescribeValue(in) + " cannot be a number";
    return false;
  }
  if (!CanonicalDecimal(text, type_.precision, type_.scale, &scratch_, reason)) return false;
  *out = Value::Text(batch->Store(scratch_));
  return true;
}

bool ValueConverter::CheckText(std::string_view text, std::string* reason) const {
  size_t bad = FindInvalidUtf8(text);
  if (bad != std::string_view::npos) {
    *reason = "invalid UTF-8 at byte " + std::to_string(bad) + " of " +
              std::to_string(text.size()) + " (first bytes: " + PreviewText(text) + ")";
    return false;
  }
  size_t nul = allow_nul_ ? std::string_view::npos : text.find('\0');
  if (nul != std::string_view::npos) {
    *reason = "text with a NUL character at byte " + std::to_string(nul) +
              ", which PostgreSQL text cannot hold (set type = \"bytea\" to keep it)";
    return false;
  }
  if (type_.length >= 0) {
    size_t chars = CountUtf8Chars(text);
    if (chars > static_cast<size_t>(type_.length)) {
      *reason = "text of " + std::to_string(chars) + " characters is longer than " + type_.pg_type +
                " (" + PreviewText(text) + ")";
      return false;
    }
  }
  return true;
}

bool ValueConverter::ToText(const Value& in, Batch* batch, Value* out, std::string* reason) {
  char buffer[kDoubleTextSize];
  std::string_view text;
  if (in.kind() == ValueKind::kText) {
    text = in.bytes();
  } else if (in.kind() == ValueKind::kInt64) {
    text = IntegerText(in.int64_value(), buffer);
  } else if (in.kind() == ValueKind::kDouble) {
    text = ShortestDoubleText(in.double_value(), buffer);
  } else {
    *reason = DescribeValue(in) + " in a " + type_.pg_type +
              " column (set type = \"bytea\" in ferry.toml to keep blobs)";
    return false;
  }
  if (!CheckText(text, reason)) return false;
  *out = Value::Text(batch->Store(text));
  return true;
}

bool ValueConverter::ToBytes(const Value& in, Batch* batch, Value* out, std::string* reason) const {
  if (in.kind() != ValueKind::kBytes && in.kind() != ValueKind::kText) {
    *reason = DescribeValue(in) + " in a bytea column (only blobs and text are bytes)";
    return false;
  }
  *out = Value::Bytes(batch->Store(in.bytes()));
  return true;
}

bool ValueConverter::ToBool(const Value& in, Value* out, std::string* reason) const {
  if (in.kind() == ValueKind::kInt64 && (in.int64_value() == 0 || in.int64_value() == 1)) {
    *out = Value::Bool(in.int64_value() == 1);
    return true;
  }
  if (in.kind() == ValueKind::kDouble && (in.double_value() == 0 || in.double_value() == 1)) {
    *out = Value::Bool(in.double_value() == 1);
    return true;
  }
  if (in.kind() == ValueKind::kText) {
    std::string_view t = in.bytes();
    for (std::string_view yes : {"true", "t", "1"}) {
      if (EqualsNoCase(t, yes)) return *out = Value::Bool(true), true;
    }
    for (std::string_view no : {"false", "f", "0"}) {
      if (EqualsNoCase(t, no)) return *out = Value::Bool(false), true;
    }
  }
  *reason = DescribeValue(in) + " is not a boolean (0, 1, 'true', 'false', 't' or 'f')";
  return false;
}

bool ValueConverter::ToDateTime(const Value& in, Value* out, std::string* reason) const {
  int64_t micros = 0;
  bool julian = false;
  if (in.kind() == ValueKind::kText) {
    if (!ParseDateTimeText(in.bytes(), &micros, reason)) return false;
  } else if (in.kind() == ValueKind::kInt64 || in.kind() == ValueKind::kDouble) {
    if (!NumberToMicros(in, &micros, &julian, reason)) return false;
  } else {
    *reason = DescribeValue(in) + " cannot be a date or time";
    return false;
  }
  if (type_.type != LogicalType::kDate) {
    *out = Value::Int64(micros);
    return true;
  }
  int64_t days = 0, time_of_day = 0;
  SplitMicros(micros, &days, &time_of_day);
  // A Julian day number names its day at noon.
  bool julian_noon = julian && time_of_day == kMicrosPerDay / 2;
  if (time_of_day != 0 && !julian_noon) {
    *reason = DescribeValue(in) + " has a time of day, which a date column would drop" +
              " (set type = \"timestamp\" to keep it)";
    return false;
  }
  *out = Value::Int64(days);
  return true;
}

bool ValueConverter::ToTime(const Value& in, Value* out, std::string* reason) const {
  int64_t micros = 0;
  if (in.kind() != ValueKind::kText) {
    *reason = DescribeValue(in) + " is not a time of day (expected HH:MM[:SS] text)";
    return false;
  }
  if (!ParseTimeText(in.bytes(), &micros, reason)) return false;
  *out = Value::Int64(micros);
  return true;
}

bool ValueConverter::ToUuid(const Value& in, Batch* batch, Value* out, std::string* reason) const {
  if (in.kind() == ValueKind::kBytes && in.bytes().size() == 16) {
    *out = Value::Bytes(batch->Store(in.bytes()));
    return true;
  }
  unsigned char bytes[16];
  if (in.kind() == ValueKind::kText && ParseUuidText(in.bytes(), bytes)) {
    *out = Value::Bytes(batch->Store({reinterpret_cast<const char*>(bytes), 16}));
    return true;
  }
  *reason = DescribeValue(in) + " is not a UUID (36-character text or a 16-byte blob)";
  return false;
}

bool ValueConverter::ToJson(const Value& in, Batch* batch, Value* out, std::string* reason) {
  char buffer[kDoubleTextSize];
  std::string_view text;
  if (in.kind() == ValueKind::kInt64) {
    text = IntegerText(in.int64_value(), buffer);
  } else if (in.kind() == ValueKind::kDouble && std::isfinite(in.double_value())) {
    text = ShortestDoubleText(in.double_value(), buffer);
  } else if (in.kind() == ValueKind::kText) {
    text = in.bytes();
    if (!CheckText(text, reason)) return false;
    if (parse_json_ ? !json_.Check(text, reason) : !JsonChecker::JsonbCanHold(text, reason)) {
      return false;
    }
  } else {
    *reason = DescribeValue(in) + " is not JSON";
    return false;
  }
  *out = Value::Text(batch->Store(text));
  return true;
}

}  // namespace ferry
