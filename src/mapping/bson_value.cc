#include "mapping/bson_value.h"

#include <charconv>
#include <cstring>

namespace ferry {
namespace {

constexpr std::string_view kKindNames[] = {"null",    "bool",     "int32",    "int64", "double",
                                           "decimal", "string",   "objectId", "date",  "binary",
                                           "uuid",    "document", "array",    "other"};

bool IsDbRef(const bson_iter_t* it) {
  bson_iter_t child;
  if (!bson_iter_recurse(it, &child) || !bson_iter_next(&child)) return false;
  if (std::strcmp(bson_iter_key(&child), "$ref") != 0) return false;
  return bson_iter_next(&child) && std::strcmp(bson_iter_key(&child), "$id") == 0;
}

}  // namespace

std::string_view BsonKindName(BsonKind kind) { return kKindNames[static_cast<int>(kind)]; }

BsonKind ClassifyBson(const bson_iter_t* it) {
  switch (bson_iter_type(it)) {
    case BSON_TYPE_NULL:
      return BsonKind::kNull;
    case BSON_TYPE_BOOL:
      return BsonKind::kBool;
    case BSON_TYPE_INT32:
      return BsonKind::kInt32;
    case BSON_TYPE_INT64:
      return BsonKind::kInt64;
    case BSON_TYPE_DOUBLE:
      return BsonKind::kDouble;
    case BSON_TYPE_DECIMAL128:
      return BsonKind::kDecimal;
    case BSON_TYPE_UTF8:
      return BsonKind::kString;
    case BSON_TYPE_OID:
      return BsonKind::kObjectId;
    case BSON_TYPE_DATE_TIME:
      return BsonKind::kDate;
    case BSON_TYPE_ARRAY:
      return BsonKind::kArray;
    case BSON_TYPE_DOCUMENT:
      return IsDbRef(it) ? BsonKind::kOther : BsonKind::kDocument;
    case BSON_TYPE_BINARY: {
      bson_subtype_t subtype;
      uint32_t length = 0;
      const uint8_t* data = nullptr;
      bson_iter_binary(it, &subtype, &length, &data);
      return subtype == BSON_SUBTYPE_UUID && length == 16 ? BsonKind::kUuid : BsonKind::kBinary;
    }
    default:
      return BsonKind::kOther;
  }
}

std::string DecimalToNumericText(const bson_decimal128_t& value) {
  char text[BSON_DECIMAL128_STRING];
  bson_decimal128_to_string(&value, text);
  return NormalizeDecimalString(text);
}

std::string NormalizeDecimalString(std::string_view text) {
  if (text == "NaN" || text == "Infinity" || text == "-Infinity") return std::string(text);
  bool negative = !text.empty() && text[0] == '-';
  if (negative || (!text.empty() && text[0] == '+')) text.remove_prefix(1);
  int64_t exponent = 0;
  if (size_t e = text.find_first_of("eE"); e != std::string_view::npos) {
    std::string_view exp = text.substr(e + 1);
    if (!exp.empty() && exp[0] == '+') exp.remove_prefix(1);
    std::from_chars(exp.data(), exp.data() + exp.size(), exponent);
    text = text.substr(0, e);
  }
  std::string digits;
  size_t dot = text.find('.');
  int64_t point = dot == std::string_view::npos ? text.size() : dot;  // digits before the point
  for (char c : text) {
    if (c != '.') digits += c;
  }
  point += exponent;
  std::string integer, fraction;
  if (point <= 0) {
    integer = "0";
    fraction = std::string(-point, '0') + digits;
  } else if (point >= static_cast<int64_t>(digits.size())) {
    integer = digits + std::string(point - digits.size(), '0');
  } else {
    integer = digits.substr(0, point);
    fraction = digits.substr(point);
  }
  size_t first = integer.find_first_not_of('0');
  integer = first == std::string::npos ? "0" : integer.substr(first);
  std::string out = integer;
  if (!fraction.empty()) out += "." + fraction;
  bool zero = out.find_first_not_of("0.") == std::string::npos;
  return negative && !zero ? "-" + out : out;
}

std::string DoubleToNumericText(double value) {
  if (value != value) return "NaN";
  if (value == __builtin_huge_val()) return "Infinity";
  if (value == -__builtin_huge_val()) return "-Infinity";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return NormalizeDecimalString(std::string_view(buffer, end - buffer));
}

bool DateToTimestampTzMicros(int64_t millis, int64_t* micros) {
  if (millis < kMinTimestampMillis || millis > kMaxTimestampMillis) return false;
  *micros = millis * 1000;
  return true;
}

std::string HexBytes(const uint8_t* data, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 15];
  }
  return out;
}

}  // namespace ferry
