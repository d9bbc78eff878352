#include "mapping/bson_value.h"

#include <cstring>

#include "mapping/decimal_text.h"

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
  if (text == "Infinity" || text == "-Infinity") return std::string(text);
  std::string out, reason;
  // libbson and std::to_chars only produce text CanonicalDecimal reads.
  if (!CanonicalDecimal(text, -1, -1, &out, &reason)) return "NaN";
  return out;
}

std::string DoubleToNumericText(double value) {
  char buffer[kDoubleTextSize];
  return NormalizeDecimalString(ShortestDoubleText(value, buffer));
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

bool InitStaticChild(const bson_iter_t* it, bson_t* out) {
  uint32_t length = 0;
  const uint8_t* data = nullptr;
  if (BSON_ITER_HOLDS_DOCUMENT(it)) {
    bson_iter_document(it, &length, &data);
  } else if (BSON_ITER_HOLDS_ARRAY(it)) {
    bson_iter_array(it, &length, &data);
  }
  return data != nullptr && bson_init_static(out, data, length);
}

}  // namespace ferry
