// Value: one value or null, as it travels in a Batch.
//
// A Value is 16 bytes, trivially copyable, and never owns memory: text and
// bytes point into the arena of the Batch that holds the row (or into a buffer
// the caller keeps alive). What a Value means depends on its column's
// LogicalType (see logical_type.h for the representation of each type).
#ifndef FERRY_VALUE_H_
#define FERRY_VALUE_H_

#include <cstdint>
#include <string_view>

namespace ferry {

enum class ValueKind : uint8_t { kNull, kBool, kInt64, kDouble, kText, kBytes };

class Value {
 public:
  Value() = default;  // null
  static Value Null() { return Value(); }
  static Value Bool(bool b) {
    Value v(ValueKind::kBool);
    v.int_ = b ? 1 : 0;
    return v;
  }
  static Value Int64(int64_t i) {
    Value v(ValueKind::kInt64);
    v.int_ = i;
    return v;
  }
  static Value Double(double d) {
    Value v(ValueKind::kDouble);
    v.double_ = d;
    return v;
  }
  // REQUIRES: `s` outlives the Value (normally: it lives in the Batch's arena).
  static Value Text(std::string_view s) { return Value(ValueKind::kText, s); }
  static Value Bytes(std::string_view s) { return Value(ValueKind::kBytes, s); }

  ValueKind kind() const { return kind_; }
  bool is_null() const { return kind_ == ValueKind::kNull; }
  bool bool_value() const { return int_ != 0; }
  int64_t int64_value() const { return int_; }
  double double_value() const { return double_; }
  // Text or bytes (REQUIRES: kind is kText or kBytes).
  std::string_view bytes() const { return {data_, size_}; }

 private:
  explicit Value(ValueKind kind) : kind_(kind) {}
  Value(ValueKind kind, std::string_view s)
      : kind_(kind), size_(static_cast<uint32_t>(s.size())), data_(s.data()) {}

  ValueKind kind_ = ValueKind::kNull;
  uint32_t size_ = 0;
  union {
    int64_t int_ = 0;
    double double_;
    const char* data_;
  };
};

static_assert(sizeof(Value) == 16);

// "null", "bool", "int64", "double", "text", "bytes".
std::string_view ValueKindName(ValueKind kind);

}  // namespace ferry

#endif  // FERRY_VALUE_H_
