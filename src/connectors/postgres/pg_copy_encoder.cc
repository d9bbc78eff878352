#include "connectors/postgres/pg_copy_encoder.h"

#include <bit>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

namespace ferry {
namespace {

constexpr int64_t kDaysFrom1970To2000 = 10957;
constexpr int64_t kMicrosFrom1970To2000 = kDaysFrom1970To2000 * 86400LL * 1000000LL;

constexpr uint16_t kNumericPositive = 0x0000;
constexpr uint16_t kNumericNegative = 0x4000;
constexpr uint16_t kNumericNaN = 0xC000;
constexpr uint16_t kNumericPlusInfinity = 0xD000;
constexpr uint16_t kNumericMinusInfinity = 0xF000;

template <typename T>
void AppendBigEndian(T value, std::string* out) {
  using U = std::make_unsigned_t<T>;
  U u = static_cast<U>(value);
  char bytes[sizeof(T)];
  for (size_t i = 0; i < sizeof(T); ++i)
    bytes[i] = static_cast<char>(u >> (8 * (sizeof(T) - 1 - i)));
  out->append(bytes, sizeof(T));
}

void AppendField(std::string_view bytes, std::string* out) {
  AppendBigEndian<int32_t>(static_cast<int32_t>(bytes.size()), out);
  out->append(bytes);
}

ValueKind KindFor(PgWireType wire) {
  switch (wire) {
    case PgWireType::kBool:
      return ValueKind::kBool;
    case PgWireType::kFloat4:
    case PgWireType::kFloat8:
      return ValueKind::kDouble;
    case PgWireType::kNumeric:
    case PgWireType::kText:
    case PgWireType::kJsonb:
      return ValueKind::kText;
    case PgWireType::kBytea:
    case PgWireType::kUuid:
      return ValueKind::kBytes;
    default:
      return ValueKind::kInt64;
  }
}

Status AppendInteger(int64_t v, int64_t min, int64_t max, int size, std::string* out) {
  if (v < min || v > max) {
    return Status::DataError(std::to_string(v) + " is out of range for a " +
                             std::to_string(size * 8) + "-bit integer column");
  }
  AppendBigEndian<int32_t>(size, out);
  if (size == 2) AppendBigEndian<int16_t>(static_cast<int16_t>(v), out);
  if (size == 4) AppendBigEndian<int32_t>(static_cast<int32_t>(v), out);
  if (size == 8) AppendBigEndian<int64_t>(v, out);
  return Status::OK();
}

void AppendNumericHeader(int16_t ndigits, int16_t weight, uint16_t sign, int16_t dscale,
                         std::string* out) {
  AppendBigEndian<int32_t>(8 + 2 * ndigits, out);
  AppendBigEndian<int16_t>(ndigits, out);
  AppendBigEndian<int16_t>(weight, out);
  AppendBigEndian<uint16_t>(sign, out);
  AppendBigEndian<int16_t>(dscale, out);
}

}  // namespace

Result<PgWireType> PgWireTypeFor(unsigned int oid, std::string_view type_name,
                                 LogicalType logical) {
  auto unsupported = [&] {
    return Status::InvalidArgument("ferry cannot write " + std::string(LogicalTypeName(logical)) +
                                   " values into a column of PostgreSQL type " +
                                   std::string(type_name) +
                                   " (change the column type or the mapping in ferry.toml)");
  };
  bool integer = logical == LogicalType::kInt16 || logical == LogicalType::kInt32 ||
                 logical == LogicalType::kInt64;
  bool textual = logical == LogicalType::kText || logical == LogicalType::kJson ||
                 logical == LogicalType::kNumeric;
  switch (oid) {
    case 16:
      if (logical == LogicalType::kBool) return PgWireType::kBool;
      break;
    case 21:
      if (integer) return PgWireType::kInt2;
      break;
    case 23:
      if (integer) return PgWireType::kInt4;
      break;
    case 20:
      if (integer) return PgWireType::kInt8;
      break;
    case 700:
    case 701:
      if (logical == LogicalType::kFloat32 || logical == LogicalType::kFloat64) {
        return oid == 700 ? PgWireType::kFloat4 : PgWireType::kFloat8;
      }
      break;
    case 1700:
      if (logical == LogicalType::kNumeric) return PgWireType::kNumeric;
      break;
    case 25:
    case 1043:
    case 1042:
    case 19:
    case 114:
    case 142:
      if (textual) return PgWireType::kText;
      break;
    case 3802:
      if (logical == LogicalType::kJson || logical == LogicalType::kText) return PgWireType::kJsonb;
      break;
    case 17:
      if (logical == LogicalType::kBytes) return PgWireType::kBytea;
      break;
    case 1082:
      if (logical == LogicalType::kDate) return PgWireType::kDate;
      break;
    case 1083:
      if (logical == LogicalType::kTime) return PgWireType::kTime;
      break;
    case 1114:
    case 1184:
      if (logical == LogicalType::kTimestamp || logical == LogicalType::kTimestampTz) {
        return PgWireType::kTimestamp;
      }
      break;
    case 2950:
      if (logical == LogicalType::kUuid) return PgWireType::kUuid;
      break;
  }
  return unsupported();
}

Status AppendPgNumeric(std::string_view text, std::string* out) {
  for (auto [name, special] :
       {std::pair{"NaN", kNumericNaN}, std::pair{"Infinity", kNumericPlusInfinity},
        std::pair{"-Infinity", kNumericMinusInfinity}}) {
    if (text == name) {
      // PostgreSQL sends a display scale of 32 with ±Infinity (bits of its
      // packed header); receivers ignore it. Same bytes make comparisons easy.
      AppendNumericHeader(0, 0, special, special == kNumericNaN ? 0 : 32, out);
      return Status::OK();
    }
  }
  auto bad = [&] {
    return Status::DataError("'" + std::string(text) + "' is not a decimal number");
  };
  std::string_view s = text;
  uint16_t sign = kNumericPositive;
  if (!s.empty() && s[0] == '-') sign = kNumericNegative, s.remove_prefix(1);
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (whole.empty() && fraction.empty()) return bad();
  for (std::string_view part : {whole, fraction}) {
    for (char c : part) {
      if (c < '0' || c > '9') return bad();
    }
  }
  if (fraction.size() > 0x3FFF) return bad();
  // Base-10000 digits: the whole part is padded on the left, the fraction on the
  // right, to groups of four decimal digits aligned on the decimal point.
  size_t lead = (4 - whole.size() % 4) % 4;
  size_t groups_whole = (whole.size() + lead) / 4;
  size_t groups_fraction = (fraction.size() + 3) / 4;
  // PostgreSQL's numeric holds up to 131072 digits before the point (Decimal128
  // reaches 6145); values past 4096 digits use the heap, the rest the stack.
  if (whole.size() > 131072) return bad();
  int16_t small[1024];
  std::vector<int16_t> large;
  size_t total = groups_whole + groups_fraction;
  if (total > std::size(small)) large.resize(total);
  int16_t* digits = large.empty() ? small : large.data();
  for (size_t g = 0; g < total; ++g) {
    int d = 0;
    for (size_t k = 0; k < 4; ++k) {
      size_t pos = g * 4 + k;  // position in the padded digit string
      char c = '0';
      if (pos >= lead && pos < lead + whole.size()) {
        c = whole[pos - lead];
      } else if (pos >= lead + whole.size() && pos - lead - whole.size() < fraction.size()) {
        c = fraction[pos - lead - whole.size()];
      }
      d = d * 10 + (c - '0');
    }
    digits[g] = static_cast<int16_t>(d);
  }
  size_t first = 0, last = total;
  while (first < last && digits[first] == 0) ++first;
  while (last > first && digits[last - 1] == 0) --last;
  int16_t weight =
      static_cast<int16_t>(static_cast<int>(groups_whole) - 1 - static_cast<int>(first));
  if (first == last) weight = 0, sign = kNumericPositive;
  AppendNumericHeader(static_cast<int16_t>(last - first), weight, sign,
                      static_cast<int16_t>(fraction.size()), out);
  for (size_t g = first; g < last; ++g) AppendBigEndian<int16_t>(digits[g], out);
  return Status::OK();
}

void PgCopyEncoder::AppendHeader(std::string* out) {
  out->append("PGCOPY\n\377\r\n\0", 11);
  AppendBigEndian<int32_t>(0, out);  // flags
  AppendBigEndian<int32_t>(0, out);  // header extension length
}

void PgCopyEncoder::AppendTrailer(std::string* out) { AppendBigEndian<int16_t>(-1, out); }

Status PgCopyEncoder::AppendRow(const Value* row, std::string* out, int* bad_column) const {
  size_t start = out->size();
  AppendBigEndian<int16_t>(static_cast<int16_t>(columns_.size()), out);
  for (size_t i = 0; i < columns_.size(); ++i) {
    Status s = AppendValue(columns_[i], row[i], out);
    if (!s.ok()) {
      out->resize(start);
      *bad_column = static_cast<int>(i);
      return Status::DataError("column " + columns_[i].name + ": " + s.message());
    }
  }
  return Status::OK();
}

Status PgCopyEncoder::AppendValue(const PgEncodeColumn& column, const Value& value,
                                  std::string* out) const {
  if (value.is_null()) {
    if (!column.nullable) return Status::DataError("NULL in a NOT NULL column");
    AppendBigEndian<int32_t>(-1, out);
    return Status::OK();
  }
  if (value.kind() != KindFor(column.wire)) {
    return Status::DataError(std::string("got a ") + std::string(ValueKindName(value.kind())) +
                             " value where " + std::string(ValueKindName(KindFor(column.wire))) +
                             " was expected");
  }
  switch (column.wire) {
    case PgWireType::kBool:
      AppendBigEndian<int32_t>(1, out);
      out->push_back(value.bool_value() ? 1 : 0);
      return Status::OK();
    case PgWireType::kInt2:
      return AppendInteger(value.int64_value(), INT16_MIN, INT16_MAX, 2, out);
    case PgWireType::kInt4:
      return AppendInteger(value.int64_value(), INT32_MIN, INT32_MAX, 4, out);
    case PgWireType::kInt8:
    case PgWireType::kTime:
      return AppendInteger(value.int64_value(), INT64_MIN, INT64_MAX, 8, out);
    case PgWireType::kFloat4:
      AppendBigEndian<int32_t>(4, out);
      AppendBigEndian<uint32_t>(std::bit_cast<uint32_t>(static_cast<float>(value.double_value())),
                                out);
      return Status::OK();
    case PgWireType::kFloat8:
      AppendBigEndian<int32_t>(8, out);
      AppendBigEndian<uint64_t>(std::bit_cast<uint64_t>(value.double_value()), out);
      return Status::OK();
    case PgWireType::kNumeric:
      return AppendPgNumeric(value.bytes(), out);
    case PgWireType::kText:
      if (value.bytes().find('\0') != std::string_view::npos) {
        return Status::DataError("text contains a NUL byte, which PostgreSQL text cannot hold");
      }
      AppendField(value.bytes(), out);
      return Status::OK();
    case PgWireType::kBytea:
      AppendField(value.bytes(), out);
      return Status::OK();
    case PgWireType::kJsonb:
      AppendBigEndian<int32_t>(static_cast<int32_t>(value.bytes().size() + 1), out);
      out->push_back(1);
      out->append(value.bytes());
      return Status::OK();
    case PgWireType::kUuid:
      if (value.bytes().size() != 16) return Status::DataError("a uuid must be 16 bytes");
      AppendField(value.bytes(), out);
      return Status::OK();
    case PgWireType::kDate: {
      int64_t days = value.int64_value() - kDaysFrom1970To2000;
      return AppendInteger(days, INT32_MIN + 1, INT32_MAX - 1, 4, out);
    }
    case PgWireType::kTimestamp: {
      int64_t v = value.int64_value();
      if (v < INT64_MIN + kMicrosFrom1970To2000) return Status::DataError("timestamp out of range");
      return AppendInteger(v - kMicrosFrom1970To2000, INT64_MIN, INT64_MAX, 8, out);
    }
  }
  return Status::Internal("unknown wire type");
}

}  // namespace ferry
