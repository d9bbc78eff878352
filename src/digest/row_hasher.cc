#include "digest/row_hasher.h"

#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "digest/canonical_bytes.h"
#include "digest/canonical_decimal.h"

namespace ferry {
namespace {

// One tag per family of types whose values compare with each other.
char TagOf(LogicalType type) {
  switch (type) {
    case LogicalType::kBool:
      return 'b';
    case LogicalType::kInt16:
    case LogicalType::kInt32:
    case LogicalType::kInt64:
      return 'i';
    case LogicalType::kFloat32:
    case LogicalType::kFloat64:
      return 'f';
    case LogicalType::kNumeric:
      return 'n';
    case LogicalType::kText:
      return 't';
    case LogicalType::kBytes:
      return 'x';
    case LogicalType::kDate:
      return 'D';
    case LogicalType::kTime:
      return 'H';
    case LogicalType::kTimestamp:
      return 'S';
    case LogicalType::kTimestampTz:
      return 'Z';
    case LogicalType::kUuid:
      return 'u';
    case LogicalType::kJson:
      return 'j';
  }
  return '?';
}

ValueKind RepresentationOf(LogicalType type) {
  switch (type) {
    case LogicalType::kBool:
      return ValueKind::kBool;
    case LogicalType::kFloat32:
    case LogicalType::kFloat64:
      return ValueKind::kDouble;
    case LogicalType::kNumeric:
    case LogicalType::kText:
    case LogicalType::kJson:
      return ValueKind::kText;
    case LogicalType::kBytes:
    case LogicalType::kUuid:
      return ValueKind::kBytes;
    default:
      return ValueKind::kInt64;
  }
}

uint64_t CanonicalDoubleBits(double d, bool as_float32) {
  if (std::isnan(d)) return 0x7ff8000000000000ULL;
  if (as_float32) d = static_cast<double>(static_cast<float>(d));
  if (d == 0) d = 0;  // -0.0 becomes +0.0
  return std::bit_cast<uint64_t>(d);
}

}  // namespace

bool IsBlankPaddedType(std::string_view native_type) {
  std::string type(native_type);
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return type == "char" || type == "character" || type == "bpchar" || type.starts_with("char(") ||
         type.starts_with("character(") || type.starts_with("bpchar(");
}

RowHasher::RowHasher(const TableSchema& table, HashOptions options) : options_(options) {
  for (const Column& column : table.columns) {
    names_.push_back(column.name);
    types_.push_back(column.type);
    blank_padded_.push_back(IsBlankPaddedType(column.native_type));
  }
  for (const std::string& key : table.primary_key) {
    int index = table.ColumnIndex(key);
    if (index >= 0) key_columns_.push_back(index);
  }
  if (key_columns_.empty()) {
    for (size_t i = 0; i < types_.size(); ++i) key_columns_.push_back(static_cast<int>(i));
  }
}

bool RowHasher::IsToleranceColumn(int column) const {
  return options_.float_tolerance > 0 && TagOf(types_[column]) == 'f';
}

Status RowHasher::Mismatch(int column, const Value& value) const {
  return Status::Internal("column \"" + names_[column] + "\" (" +
                          std::string(LogicalTypeName(types_[column])) + ") holds a " +
                          std::string(ValueKindName(value.kind())) +
                          " value; the reader or mapping that produced it is wrong");
}

Status RowHasher::AppendCanonical(int column, const Value& value, std::string* out) {
  if (value.is_null()) {
    out->push_back('0');
    return Status::OK();
  }
  LogicalType type = types_[column];
  if (value.kind() != RepresentationOf(type)) return Mismatch(column, value);
  char tag = TagOf(type);
  out->push_back(tag);
  switch (tag) {
    case 'b':
      out->push_back(value.bool_value() ? 1 : 0);
      break;
    case 'f':
      if (!IsToleranceColumn(column)) {
        AppendFixed64(CanonicalDoubleBits(value.double_value(), type == LogicalType::kFloat32),
                      out);
      }
      break;
    case 'n': {
      const size_t length_at = BeginSized(out);
      if (!AppendCanonicalDecimal(value.bytes(), out)) {
        return Status::DataError("column \"" + names_[column] + "\": '" +
                                 std::string(value.bytes()) + "' is not a number");
      }
      EndSized(length_at, out);
      break;
    }
    case 't': {
      std::string_view text = value.bytes();
      if (blank_padded_[column]) {
        while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
      }
      AppendSized(text, out);
      break;
    }
    case 'x':
      AppendSized(value.bytes(), out);
      break;
    case 'u':
      if (value.bytes().size() != 16) return Mismatch(column, value);
      out->append(value.bytes());
      break;
    case 'j': {
      const size_t length_at = BeginSized(out);
      Status s = json_.Append(value.bytes(), out);
      if (!s.ok()) return s.WithContext("column \"" + names_[column] + "\"");
      EndSized(length_at, out);
      break;
    }
    default:
      AppendFixed64(static_cast<uint64_t>(value.int64_value()), out);
      break;
  }
  return Status::OK();
}

Result<Hash128> RowHasher::HashRow(const Value* row, int* bad_column) {
  buffer_.clear();
  for (size_t i = 0; i < types_.size(); ++i) {
    Status s = AppendCanonical(static_cast<int>(i), row[i], &buffer_);
    if (!s.ok()) {
      if (bad_column != nullptr) *bad_column = static_cast<int>(i);
      return s;
    }
  }
  XXH128_hash_t h = XXH3_128bits(buffer_.data(), buffer_.size());
  return Hash128{h.low64, h.high64};
}

Status RowHasher::AppendKey(const Value* row, std::string* out) {
  for (int column : key_columns_) FERRY_RETURN_IF_ERROR(AppendCanonical(column, row[column], out));
  return Status::OK();
}

bool FloatsWithinTolerance(double a, double b, double tolerance) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (a == b) return true;  // also equal infinities
  return std::fabs(a - b) <= tolerance * std::max(std::fabs(a), std::fabs(b));
}

}  // namespace ferry
