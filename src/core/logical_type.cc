#include "ferry/logical_type.h"

#include "ferry/schema.h"
#include "ferry/value.h"

namespace ferry {
namespace {

constexpr std::string_view kNames[] = {"bool",    "int16",     "int32",       "int64", "float32",
                                       "float64", "numeric",   "text",        "bytes", "date",
                                       "time",    "timestamp", "timestamptz", "uuid",  "json"};

}  // namespace

std::string_view LogicalTypeName(LogicalType type) { return kNames[static_cast<int>(type)]; }

bool ParseLogicalType(std::string_view name, LogicalType* type) {
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (kNames[i] == name) {
      *type = static_cast<LogicalType>(i);
      return true;
    }
  }
  return false;
}

std::string_view PgTypeForLogical(LogicalType type) {
  switch (type) {
    case LogicalType::kBool:
      return "boolean";
    case LogicalType::kInt16:
      return "smallint";
    case LogicalType::kInt32:
      return "integer";
    case LogicalType::kInt64:
      return "bigint";
    case LogicalType::kFloat32:
      return "real";
    case LogicalType::kFloat64:
      return "double precision";
    case LogicalType::kNumeric:
      return "numeric";
    case LogicalType::kText:
      return "text";
    case LogicalType::kBytes:
      return "bytea";
    case LogicalType::kDate:
      return "date";
    case LogicalType::kTime:
      return "time";
    case LogicalType::kTimestamp:
      return "timestamp";
    case LogicalType::kTimestampTz:
      return "timestamptz";
    case LogicalType::kUuid:
      return "uuid";
    case LogicalType::kJson:
      return "jsonb";
  }
  return "text";
}

std::string_view ValueKindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kBool:
      return "bool";
    case ValueKind::kInt64:
      return "int64";
    case ValueKind::kDouble:
      return "double";
    case ValueKind::kText:
      return "text";
    case ValueKind::kBytes:
      return "bytes";
  }
  return "unknown";
}

int TableSchema::ColumnIndex(const std::string& column_name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == column_name) return static_cast<int>(i);
  }
  return -1;
}

const TableSchema* DatabaseSchema::FindTable(const std::string& table_name) const {
  for (const TableSchema& t : tables) {
    if (t.name == table_name) return &t;
  }
  return nullptr;
}

}  // namespace ferry
