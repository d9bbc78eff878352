#include "mapping/pg_row_transform.h"

#include <optional>
#include <string>
#include <vector>

#include "mapping/value_converter.h"

namespace ferry {
namespace {

// Source types whose values the ValueConverter reads as it reads SQLite's
// storage classes (integer, real, text, blob). Dates, times and timestamps are
// integers of days or microseconds, uuids 16 bytes: not what it expects.
bool ConvertibleSource(LogicalType type) {
  switch (type) {
    case LogicalType::kInt16:
    case LogicalType::kInt32:
    case LogicalType::kInt64:
    case LogicalType::kFloat32:
    case LogicalType::kFloat64:
    case LogicalType::kNumeric:
    case LogicalType::kText:
    case LogicalType::kJson:
    case LogicalType::kBytes:
      return true;
    default:
      return false;
  }
}

class PgRowTransform : public RowTransform {
 public:
  struct Column {
    int source = -1;
    std::string name;
    std::optional<ValueConverter> converter;  // none: copied as it is
  };

  explicit PgRowTransform(std::vector<Column> columns) : columns_(std::move(columns)) {}

  bool Apply(const Value* source_row, Batch* out, Rejection* rejection) override {
    Value* row = out->AddRow();
    for (size_t i = 0; i < columns_.size(); ++i) {
      Column& column = columns_[i];
      const Value& in = source_row[column.source];
      if (!column.converter) {
        if (in.kind() == ValueKind::kText) {
          row[i] = Value::Text(out->Store(in.bytes()));
        } else if (in.kind() == ValueKind::kBytes) {
          row[i] = Value::Bytes(out->Store(in.bytes()));
        } else {
          row[i] = in;
        }
        continue;
      }
      if (column.converter->Convert(in, out, &row[i], &reason_)) continue;
      out->PopRow();
      rejection->target_column = static_cast<int>(i);
      rejection->reason = "column \"" + column.name + "\" (" +
                          column.converter->target_type().pg_type + "): " + reason_;
      return false;
    }
    return true;
  }

 private:
  std::vector<Column> columns_;
  std::string reason_;
};

}  // namespace

Result<std::unique_ptr<RowTransform>> NewPgRowTransform(const TablePlan& table) {
  if (table.columns.size() != table.target.columns.size()) {
    return Status::Internal("plan of table '" + table.source.name +
                            "' has a column plan count unlike its target column count");
  }
  std::vector<PgRowTransform::Column> columns;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const ferry::Column& target = table.target.columns[i];
    PgRowTransform::Column column{table.columns[i].source_column, target.name, std::nullopt};
    if (column.source < 0 || column.source >= static_cast<int>(table.source.columns.size())) {
      return Status::Internal("plan of table '" + table.source.name + "': column '" + target.name +
                              "' has no source column");
    }
    const ferry::Column& source = table.source.columns[column.source];
    if (source.type != target.type) {
      if (!ConvertibleSource(source.type)) {
        return Status::InvalidArgument(
            "table '" + table.source.name + "', column '" + source.name + "': ferry cannot turn " +
            std::string(LogicalTypeName(source.type)) + " values into " + target.native_type +
            " (remove the type override in ferry.toml)");
      }
      FERRY_ASSIGN_OR_RETURN(ValueConverter converter, ValueConverter::For(target));
      column.converter.emplace(std::move(converter));
    }
    columns.push_back(std::move(column));
  }
  return std::unique_ptr<RowTransform>(new PgRowTransform(std::move(columns)));
}

}  // namespace ferry
