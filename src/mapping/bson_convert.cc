#include "mapping/bson_convert.h"

#include <climits>
#include <cstring>

#include "ferry/logical_type.h"
#include "mapping/bson_json.h"
#include "mapping/bson_value.h"
#include "mapping/document_mapping.h"

namespace ferry {
namespace {

constexpr int64_t kMaxExactDouble = int64_t{1} << 53;

bool Refuse(const bson_iter_t* it, LogicalType type, std::string* why, std::string detail = "") {
  std::string json;
  BsonKind kind = ClassifyBson(it);
  if (kind != BsonKind::kDocument && kind != BsonKind::kArray && BsonValueToJson(it, &json)) {
    if (json.size() > 60) json = json.substr(0, 57) + "...";
    json = " " + json;
  } else {
    json.clear();
  }
  *why = "a " + std::string(BsonKindName(kind)) + json + " does not fit " +
         std::string(PgTypeForLogical(type)) + (detail.empty() ? "" : " (" + detail + ")");
  return false;
}

bool StoreText(std::string_view text, Batch* batch, Value* value, std::string* why) {
  if (text.find('\0') != std::string_view::npos) {
    *why = "the text holds a NUL character, which PostgreSQL cannot store";
    return false;
  }
  if (!bson_utf8_validate(text.data(), text.size(), false)) {
    *why = "the text is not valid UTF-8";
    return false;
  }
  *value = Value::Text(batch->Store(text));
  return true;
}

bool ToJson(const bson_iter_t* it, Batch* batch, Value* value, std::string* why) {
  std::string json;
  if (!BsonValueToJson(it, &json)) {
    *why =
        "the value cannot be written as JSON (a string that is not valid UTF-8, or a key "
        "given twice in one object)";
    return false;
  }
  if (json.find("\\u0000") != std::string::npos) {
    *why = "the value holds a NUL character (\\u0000), which PostgreSQL's jsonb cannot store";
    return false;
  }
  *value = Value::Text(batch->Store(json));
  return true;
}

bool ToObjectId(const bson_iter_t* it, ObjectIdMode mode, Batch* batch, Value* value) {
  const bson_oid_t* oid = bson_iter_oid(it);
  switch (mode) {
    case ObjectIdMode::kUuid: {
      auto uuid = ObjectIdToUuid(oid->bytes);
      *value = Value::Bytes(batch->Store({reinterpret_cast<const char*>(uuid.data()), 16}));
      return true;
    }
    case ObjectIdMode::kText:
      *value = Value::Text(batch->Store(HexBytes(oid->bytes, 12)));
      return true;
    case ObjectIdMode::kBytes:
      *value = Value::Bytes(batch->Store({reinterpret_cast<const char*>(oid->bytes), 12}));
      return true;
  }
  return false;
}

bool ToBinary(const bson_iter_t* it, bool uuid_only, Batch* batch, Value* value) {
  bson_subtype_t subtype;
  uint32_t length = 0;
  const uint8_t* data = nullptr;
  bson_iter_binary(it, &subtype, &length, &data);
  if (uuid_only && (subtype != BSON_SUBTYPE_UUID || length != 16)) return false;
  *value = Value::Bytes(batch->Store({reinterpret_cast<const char*>(data), length}));
  return true;
}

bool ToNumber(const bson_iter_t* it, LogicalType type, Batch* batch, Value* value,
              std::string* why) {
  bson_type_t t = bson_iter_type(it);
  bool is_int = t == BSON_TYPE_INT32 || t == BSON_TYPE_INT64;
  int64_t i = is_int ? bson_iter_as_int64(it) : 0;
  switch (type) {
    case LogicalType::kInt16:
    case LogicalType::kInt32:
      if (!is_int) return Refuse(it, type, why);
      if (i < INT32_MIN || i > INT32_MAX) return Refuse(it, type, why, "out of range");
      *value = Value::Int64(i);
      return true;
    case LogicalType::kInt64:
      if (!is_int) return Refuse(it, type, why);
      *value = Value::Int64(i);
      return true;
    case LogicalType::kFloat32:
    case LogicalType::kFloat64:
      if (t == BSON_TYPE_DOUBLE) return (*value = Value::Double(bson_iter_double(it))), true;
      if (!is_int) return Refuse(it, type, why);
      if (i > kMaxExactDouble || i < -kMaxExactDouble) {
        return Refuse(it, type, why, "beyond 2^53 it would be rounded: set type = \"numeric\"");
      }
      *value = Value::Double(static_cast<double>(i));
      return true;
    default: {  // numeric
      std::string text;
      if (t == BSON_TYPE_DECIMAL128) {
        bson_decimal128_t d;
        bson_iter_decimal128(it, &d);
        text = DecimalToNumericText(d);
      } else if (t == BSON_TYPE_DOUBLE) {
        text = DoubleToNumericText(bson_iter_double(it));
      } else if (is_int) {
        text = std::to_string(i);
      } else {
        return Refuse(it, type, why);
      }
      *value = Value::Text(batch->Store(text));
      return true;
    }
  }
}

}  // namespace

bool ConvertBsonValue(const bson_iter_t* it, LogicalType type, ObjectIdMode objectid, Batch* batch,
                      Value* value, std::string* why) {
  bson_type_t t = bson_iter_type(it);
  if (t == BSON_TYPE_NULL) return (*value = Value::Null()), true;
  switch (type) {
    case LogicalType::kJson:
      return ToJson(it, batch, value, why);
    case LogicalType::kBool:
      if (t != BSON_TYPE_BOOL) return Refuse(it, type, why);
      return (*value = Value::Bool(bson_iter_bool(it))), true;
    case LogicalType::kText:
      if (t == BSON_TYPE_UTF8) {
        uint32_t length = 0;
        const char* s = bson_iter_utf8(it, &length);
        return StoreText({s, length}, batch, value, why);
      }
      if (t == BSON_TYPE_OID) return ToObjectId(it, ObjectIdMode::kText, batch, value);
      return ToJson(it, batch, value, why);
    case LogicalType::kTimestampTz: {
      if (t != BSON_TYPE_DATE_TIME) return Refuse(it, type, why);
      int64_t micros = 0;
      if (!DateToTimestampTzMicros(bson_iter_date_time(it), &micros)) {
        return Refuse(it, type, why, "outside PostgreSQL's timestamptz range 4714 BC .. 294247 AD");
      }
      return (*value = Value::Int64(micros)), true;
    }
    case LogicalType::kUuid:
      if (t == BSON_TYPE_OID) return ToObjectId(it, ObjectIdMode::kUuid, batch, value);
      if (t == BSON_TYPE_BINARY && ToBinary(it, true, batch, value)) return true;
      return Refuse(it, type, why);
    case LogicalType::kBytes:
      if (t == BSON_TYPE_OID) return ToObjectId(it, ObjectIdMode::kBytes, batch, value);
      if (t == BSON_TYPE_BINARY) return ToBinary(it, false, batch, value);
      return Refuse(it, type, why);
    case LogicalType::kInt16:
    case LogicalType::kInt32:
    case LogicalType::kInt64:
    case LogicalType::kFloat32:
    case LogicalType::kFloat64:
    case LogicalType::kNumeric:
      return ToNumber(it, type, batch, value, why);
    default:
      return Refuse(it, type, why, "ferry does not fill this type from documents");
  }
  (void)objectid;
}

}  // namespace ferry
