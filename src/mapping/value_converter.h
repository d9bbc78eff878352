// ValueConverter: one SQLite value into the representation of its target column.
//
// A SQLite value has a storage class (NULL, INTEGER, REAL, TEXT, BLOB: Value
// kinds kNull, kInt64, kDouble, kText, kBytes) that need not match its
// column. Each target LogicalType accepts the storage classes it can hold
// exactly and rejects the rest with a reason; nothing is truncated, rounded or
// reinterpreted silently. docs/type-mapping.md lists every rule.
#ifndef FERRY_MAPPING_VALUE_CONVERTER_H_
#define FERRY_MAPPING_VALUE_CONVERTER_H_

#include <string>

#include "ferry/batch.h"
#include "ferry/schema.h"
#include "ferry/status.h"
#include "ferry/value.h"
#include "mapping/json_check.h"
#include "mapping/target_type.h"

namespace ferry {

class ValueConverter {
 public:
  // For a target column (its `type`, `native_type` such as "varchar(40)", and
  // `nullable`). Fails when native_type is not a type ferry knows.
  // `allow_nul`: the target's text may hold NUL (a SQLite target), so text
  // with NUL is kept instead of refused.
  static Result<ValueConverter> For(const Column& target, bool allow_nul = false);

  // Converts `in` into *out, storing any text or bytes in `batch`'s arena, and
  // returns true; or returns false with *reason saying what the value was and
  // why it does not fit ("real 3.5 is not a whole number"). Not thread-safe:
  // it reuses buffers, so one converter belongs to one thread.
  bool Convert(const Value& in, Batch* batch, Value* out, std::string* reason);

  const TargetType& target_type() const { return type_; }

  // JSON text is then not parsed here (only its UTF-8 and \u0000 are checked):
  // the caller parses every value it keeps (RowTransform::LeaveJsonParseToCaller).
  // True when this converter's target is JSON, so a parse is left to the caller.
  bool LeaveJsonParseToCaller() {
    parse_json_ = false;
    return type_.type == LogicalType::kJson;
  }

 private:
  ValueConverter(TargetType type, bool nullable) : type_(std::move(type)), nullable_(nullable) {}

  bool ToInteger(const Value& in, Value* out, std::string* reason) const;
  bool ToFloat(const Value& in, Value* out, std::string* reason) const;
  bool ToNumeric(const Value& in, Batch* batch, Value* out, std::string* reason);
  bool ToText(const Value& in, Batch* batch, Value* out, std::string* reason);
  bool ToBytes(const Value& in, Batch* batch, Value* out, std::string* reason) const;
  bool ToBool(const Value& in, Value* out, std::string* reason) const;
  bool ToDateTime(const Value& in, Value* out, std::string* reason) const;
  bool ToTime(const Value& in, Value* out, std::string* reason) const;
  bool ToUuid(const Value& in, Batch* batch, Value* out, std::string* reason) const;
  bool ToJson(const Value& in, Batch* batch, Value* out, std::string* reason);
  bool CheckText(std::string_view text, std::string* reason) const;

  TargetType type_;
  bool nullable_;
  bool parse_json_ = true;
  bool allow_nul_ = false;
  std::string scratch_;
  JsonChecker json_;
};

// How a value is named in reasons: "NULL", "integer 42", "real 3.5",
// "text 'abc'", "blob of 12 bytes".
std::string DescribeValue(const Value& value);

}  // namespace ferry

#endif  // FERRY_MAPPING_VALUE_CONVERTER_H_
