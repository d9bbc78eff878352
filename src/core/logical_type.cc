#include "ferry/logical_type.h"

#include "ferry/schema.h"
#include "ferry/value.h"

namespace ferry {
namespace {

constexpr std::string_view kNames[] = {"bool",   "int16", "int32",     "int64",       "float32",
                                       "float64", "numeric", "text",    "bytes",       "date",
                                       "time",   "timestamp", "timestamptz", "uuid", "json"};

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

std::string_view ValueKindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNull: return "null";
    case ValueKind::kBool: return "bool";
    case ValueKind::kInt64: return "int64";
    case ValueKind::kDouble: return "double";
    case ValueKind::kText: return "text";
    case ValueKind::kBytes: return "bytes";
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
