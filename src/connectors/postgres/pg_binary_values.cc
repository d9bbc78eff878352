#include "connectors/postgres/pg_binary_values.h"

#include <bit>
#include <cstring>
#include <limits>

namespace ferry {
namespace {

// PostgreSQL counts dates and timestamps from 2000-01-01; ferry from 1970-01-01.
constexpr int64_t kPgEpochDays = 10957;
constexpr int64_t kPgEpochMicros = kPgEpochDays * 86400LL * 1000000LL;

uint64_t ReadBigEndian(const char* p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

int64_t ReadSigned(std::string_view bytes) {
  int n = static_cast<int>(bytes.size());
  uint64_t v = ReadBigEndian(bytes.data(), n);
  if (n < 8 && (v >> (8 * n - 1)) != 0) v |= ~0ULL << (8 * n);  // sign-extend
  return static_cast<int64_t>(v);
}

// Timestamps keep PostgreSQL's infinities as the extreme int64 values.
int64_t ShiftEpoch(int64_t value, int64_t offset) {
  if (value == std::numeric_limits<int64_t>::max() ||
      value == std::numeric_limits<int64_t>::min()) {
    return value;
  }
  return value + offset;
}

size_t ExpectedSize(uint32_t oid) {
  switch (oid) {
    case pg_oid::kBool:
      return 1;
    case pg_oid::kInt2:
      return 2;
    case pg_oid::kInt4:
    case pg_oid::kOid:
    case pg_oid::kFloat4:
    case pg_oid::kDate:
      return 4;
    case pg_oid::kInt8:
    case pg_oid::kFloat8:
    case pg_oid::kTime:
    case pg_oid::kTimestamp:
    case pg_oid::kTimestampTz:
      return 8;
    case pg_oid::kUuid:
      return 16;
    default:
      return 0;  // variable length
  }
}

}  // namespace

LogicalType LogicalTypeForPgOid(uint32_t oid) {
  switch (oid) {
    case pg_oid::kBool:
      return LogicalType::kBool;
    case pg_oid::kInt2:
      return LogicalType::kInt16;
    case pg_oid::kInt4:
      return LogicalType::kInt32;
    case pg_oid::kInt8:
    case pg_oid::kOid:
      return LogicalType::kInt64;
    case pg_oid::kFloat4:
      return LogicalType::kFloat32;
    case pg_oid::kFloat8:
      return LogicalType::kFloat64;
    case pg_oid::kNumeric:
      return LogicalType::kNumeric;
    case pg_oid::kBytea:
      return LogicalType::kBytes;
    case pg_oid::kDate:
      return LogicalType::kDate;
    case pg_oid::kTime:
      return LogicalType::kTime;
    case pg_oid::kTimestamp:
      return LogicalType::kTimestamp;
    case pg_oid::kTimestampTz:
      return LogicalType::kTimestampTz;
    case pg_oid::kUuid:
      return LogicalType::kUuid;
    case pg_oid::kJson:
    case pg_oid::kJsonb:
      return LogicalType::kJson;
    default:
      return LogicalType::kText;
  }
}

bool PgBinaryDecodable(uint32_t oid) {
  switch (oid) {
    case pg_oid::kText:
    case pg_oid::kVarchar:
    case pg_oid::kBpchar:
    case pg_oid::kName:
    case pg_oid::kBytea:
    case pg_oid::kNumeric:
    case pg_oid::kJson:
    case pg_oid::kJsonb:
      return true;
    default:
      return ExpectedSize(oid) != 0;
  }
}

Status DecodePgBinary(uint32_t oid, std::string_view bytes, Batch* batch, Value* out) {
  size_t expected = ExpectedSize(oid);
  if (expected != 0 && bytes.size() != expected) {
    return Status::DataError("binary value of type oid " + std::to_string(oid) + " has " +
                             std::to_string(bytes.size()) + " bytes, expected " +
                             std::to_string(expected));
  }
  switch (oid) {
    case pg_oid::kBool:
      *out = Value::Bool(bytes[0] != 0);
      break;
    case pg_oid::kInt2:
    case pg_oid::kInt4:
    case pg_oid::kInt8:
    case pg_oid::kTime:
      *out = Value::Int64(ReadSigned(bytes));
      break;
    case pg_oid::kOid:
      *out = Value::Int64(static_cast<int64_t>(ReadBigEndian(bytes.data(), 4)));
      break;
    case pg_oid::kFloat4:
      *out = Value::Double(
          std::bit_cast<float>(static_cast<uint32_t>(ReadBigEndian(bytes.data(), 4))));
      break;
    case pg_oid::kFloat8:
      *out = Value::Double(std::bit_cast<double>(ReadBigEndian(bytes.data(), 8)));
      break;
    case pg_oid::kDate: {
      int64_t days = ReadSigned(bytes);  // int32: infinities are INT32_MAX / INT32_MIN
      if (days == std::numeric_limits<int32_t>::max())
        days = std::numeric_limits<int64_t>::max();
      else if (days == std::numeric_limits<int32_t>::min())
        days = std::numeric_limits<int64_t>::min();
      *out = Value::Int64(ShiftEpoch(days, kPgEpochDays));
      break;
    }
    case pg_oid::kTimestamp:
    case pg_oid::kTimestampTz:
      *out = Value::Int64(ShiftEpoch(ReadSigned(bytes), kPgEpochMicros));
      break;
    case pg_oid::kUuid:
    case pg_oid::kBytea:
      *out = Value::Bytes(batch->Store(bytes));
      break;
    case pg_oid::kNumeric: {
      std::string text;
      if (!PgNumericToText(bytes, &text)) return Status::DataError("malformed binary numeric");
      *out = Value::Text(batch->Store(text));
      break;
    }
    case pg_oid::kJsonb:
      if (bytes.empty() || bytes[0] != 1) return Status::DataError("unknown binary jsonb version");
      *out = Value::Text(batch->Store(bytes.substr(1)));
      break;
    default:
      *out = Value::Text(batch->Store(bytes));
      break;  // text, varchar, bpchar, name, json
  }
  return Status::OK();
}

bool PgNumericToText(std::string_view bytes, std::string* out) {
  if (bytes.size() < 8) return false;
  int ndigits = static_cast<int>(ReadSigned(bytes.substr(0, 2)));
  int weight = static_cast<int>(ReadSigned(bytes.substr(2, 2)));
  uint16_t sign = static_cast<uint16_t>(ReadBigEndian(bytes.data() + 4, 2));
  int dscale = static_cast<int>(ReadSigned(bytes.substr(6, 2)));
  if (ndigits < 0 || dscale < 0 || bytes.size() != 8 + 2 * static_cast<size_t>(ndigits))
    return false;
  if (sign == 0xC000) return out->append("NaN"), true;
  if (sign == 0xD000) return out->append("Infinity"), true;
  if (sign == 0xF000) return out->append("-Infinity"), true;
  if (sign != 0x0000 && sign != 0x4000) return false;
  auto digit = [&](int i) -> int {  // base-10000 digit i (0 = most significant), 0 past the end
    return (i >= 0 && i < ndigits) ? static_cast<int>(ReadBigEndian(bytes.data() + 8 + 2 * i, 2))
                                   : 0;
  };
  if (sign == 0x4000) out->push_back('-');
  if (weight < 0) {
    out->push_back('0');
  } else {
    for (int i = 0; i <= weight; ++i) {
      std::string group = std::to_string(digit(i));
      if (i > 0) out->append(4 - group.size(), '0');
      out->append(group);
    }
  }
  if (dscale > 0) {
    out->push_back('.');
    for (int produced = 0, i = weight + 1; produced < dscale; ++i) {
      std::string group = std::to_string(digit(i));
      group.insert(0, 4 - group.size(), '0');
      int take = std::min(4, dscale - produced);
      out->append(group, 0, take);
      produced += take;
    }
  }
  return true;
}

}  // namespace ferry
