#include "mapping/sqlite_row_transform.h"

#include <string>
#include <vector>

#include "mapping/value_converter.h"

namespace ferry {
namespace {

class SqliteRowTransform : public RowTransform {
 public:
  SqliteRowTransform(const TablePlan& table, std::vector<ValueConverter> converters)
      : converters_(std::move(converters)) {
    for (size_t i = 0; i < table.columns.size(); ++i) {
      sources_.push_back(table.columns[i].source_column);
      names_.push_back(table.target.columns[i].name);
    }
  }

  bool Apply(const Value* source_row, Batch* out, Rejection* rejection) override {
    Value* row = out->AddRow();
    for (size_t i = 0; i < converters_.size(); ++i) {
      if (converters_[i].Convert(source_row[sources_[i]], out, &row[i], &reason_)) continue;
      out->PopRow();
      rejection->target_column = static_cast<int>(i);
      rejection->reason =
          "column \"" + names_[i] + "\" (" + converters_[i].target_type().pg_type + "): " + reason_;
      return false;
    }
    return true;
  }

  bool LeaveJsonParseToCaller() override {
    bool left = false;
    for (ValueConverter& converter : converters_) left |= converter.LeaveJsonParseToCaller();
    return left;
  }

 private:
  std::vector<ValueConverter> converters_;
  std::vector<int> sources_;
  std::vector<std::string> names_;
  std::string reason_;
};

}  // namespace

Result<std::unique_ptr<RowTransform>> NewSqliteRowTransform(const TablePlan& table) {
  if (table.columns.size() != table.target.columns.size()) {
    return Status::Internal("plan of table '" + table.source.name +
                            "' has a column plan count unlike its target column count");
  }
  std::vector<ValueConverter> converters;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    int source = table.columns[i].source_column;
    if (source < 0 || source >= static_cast<int>(table.source.columns.size())) {
      return Status::Internal("plan of table '" + table.source.name + "': column '" +
                              table.target.columns[i].name + "' has no source column");
    }
    FERRY_ASSIGN_OR_RETURN(ValueConverter converter,
                           ValueConverter::For(table.target.columns[i], table.text_may_hold_nul));
    converters.push_back(std::move(converter));
  }
  return std::unique_ptr<RowTransform>(new SqliteRowTransform(table, std::move(converters)));
}

}  // namespace ferry
